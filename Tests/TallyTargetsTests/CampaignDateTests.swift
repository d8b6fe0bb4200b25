import TallyTargets
import Testing

@Suite struct CampaignDateTests {
    @Test func epochAndKnownDays() {
        #expect(CampaignDate(year: 1970, month: 1, day: 1)?.daysSince1970 == 0)
        #expect(CampaignDate(year: 2000, month: 3, day: 1)?.daysSince1970 == 11_017)
        #expect(CampaignDate(year: 2025, month: 12, day: 5)?.daysSince1970 == 20_427)
        #expect(CampaignDate(year: 1969, month: 12, day: 31)?.daysSince1970 == -1)
    }

    @Test func parsesAndPrints() {
        let date = CampaignDate("2025-12-05")
        #expect(date == CampaignDate(year: 2025, month: 12, day: 5))
        #expect(date?.description == "2025-12-05")
        #expect(CampaignDate("0001-01-01")?.description == "0001-01-01")
        #expect(CampaignDate("2024-02-29") != nil)
        for bad in [
            "2025-02-29", "2025-13-01", "2025-00-10", "2025-12-32", "2025-1-05", "2025/12/05", "", "２025-12-05",
            "2025-12-05 ", "0000-01-01",
        ] {
            #expect(CampaignDate(bad) == nil, "\(bad)")
        }
    }

    @Test func roundTripsEveryDayOfFourCenturies() {
        var date = CampaignDate(year: 1900, month: 1, day: 1)!
        let end = CampaignDate(year: 2300, month: 12, day: 31)!
        while date <= end {
            #expect(CampaignDate(date.description) == date)
            date = date + 1
        }
    }

    @Test func arithmeticAndOrder() {
        let first = day("2025-12-01")
        let tenth = day("2025-12-10")
        #expect(tenth - first == 9)
        #expect(first + 31 == day("2026-01-01"))
        #expect(tenth - 10 == day("2025-11-30"))
        #expect(first < tenth)
        #expect(day("2024-03-01") - day("2024-02-28") == 2)
        #expect(day("2100-03-01") - day("2100-02-28") == 1)
    }
}
