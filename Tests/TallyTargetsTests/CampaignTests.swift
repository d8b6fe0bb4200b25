import TallyTargets
import Testing

@Suite struct CampaignTests {
    let start = day("2025-12-01")
    let end = day("2025-12-31")

    func milestones(_ pairs: [(String, Double)]) -> [Milestone] {
        pairs.map { Milestone(date: day($0.0), share: $0.1) }
    }

    func error(_ pairs: [(String, Double)], start: String = "2025-12-01", end: String = "2025-12-31") -> TargetError? {
        thrown { try Campaign(start: day(start), end: day(end), milestones: milestones(pairs)) }
    }

    @Test func dueAtEachMilestone() throws {
        // The brief's check: 250 with milestones 60% / 80% / 100% is due 150 / 200 / 250.
        #expect([0.6, 0.8, 1.0].map { Targets.due(target: 250, share: $0) } == [150, 200, 250])
        #expect(Targets.due(target: 100, share: 0.29) == 29)  // 28.999999999999996 in binary
        #expect(Targets.due(target: 10, share: 0.7) == 7)
        #expect(Targets.due(target: 250, share: 0.601) == 150)
        #expect(Targets.due(target: 7, share: 1.0 / 3) == 2)
        #expect(Targets.due(target: 0, share: 0.6) == 0)
        #expect(Targets.due(target: 1_000_000_000, share: 0.6) == 600_000_000)
        // Products just below a whole number in binary, at sizes where a billionth is below the precision.
        #expect(Targets.due(target: 3_000_000, share: 0.57) == 1_710_000)  // 1709999.9999999998
        #expect(Targets.due(target: 700_000_000, share: 0.7) == 490_000_000)  // 489999999.99999994
    }

    @Test func validCampaigns() throws {
        let campaign = try Campaign(
            start: start, end: end,
            milestones: milestones([("2025-12-15", 0.6), ("2025-12-20", 0.8), ("2025-12-31", 1)]))
        #expect(campaign.windowDays == 31)
        #expect(campaign.milestones.count == 3)
        // A one-day campaign with its milestone on the start day.
        let single = try Campaign(start: start, end: start, milestones: milestones([("2025-12-01", 1)]))
        #expect(single.windowDays == 1)
        // A last share that is 100% up to rounding noise.
        #expect(error([("2025-12-10", 0.1 + 0.2), ("2025-12-20", 0.3 + 0.7)]) == nil)
    }

    @Test func endBeforeStart() {
        let error = error([("2025-12-01", 1)], start: "2025-12-01", end: "2025-11-30")
        #expect(error?.code == .endBeforeStart)
        #expect(error?.errorCode == "targets.endBeforeStart")
        #expect(error?.message == "the campaign ends on 2025-11-30, before it starts on 2025-12-01")
    }

    @Test func milestoneOutsideWindow() {
        let late = error([("2025-12-15", 0.6), ("2025-12-20", 0.8), ("2026-01-05", 1)])
        #expect(late?.code == .milestoneOutsideWindow)
        #expect(
            late?.message
                == "milestone 3 (2026-01-05) is outside the campaign, which runs from 2025-12-01 to 2025-12-31; "
                + "move the milestone or the campaign dates")
        #expect(error([("2025-11-30", 0.5), ("2025-12-31", 1)])?.code == .milestoneOutsideWindow)
    }

    @Test func shareOutOfRange() {
        let over = error([("2025-12-15", 1.2)])
        #expect(over?.code == .shareOutOfRange)
        #expect(
            over?.message
                == "milestone 1 (2025-12-15) asks for 120% of the target; a milestone must ask for more than 0% and "
                + "at most 100%")
        #expect(error([("2025-12-15", 0), ("2025-12-31", 1)])?.code == .shareOutOfRange)
        #expect(error([("2025-12-15", .nan), ("2025-12-31", 1)])?.code == .shareOutOfRange)
    }

    @Test func milestonesNotIncreasing() {
        let error = error([("2025-12-15", 0.6), ("2025-12-15", 0.8), ("2025-12-31", 1)])
        #expect(error?.code == .milestonesNotIncreasing)
        #expect(
            error?.message
                == "milestone 2 (2025-12-15) is not after milestone 1 (2025-12-15); list the milestones in date order, "
                + "each on a later day")
    }

    @Test func sharesNotIncreasing() {
        let error = error([("2025-12-15", 0.625), ("2025-12-20", 0.6), ("2025-12-31", 1)])
        #expect(error?.code == .sharesNotIncreasing)
        #expect(
            error?.message
                == "milestone 2 (2025-12-20) asks for 60% of the target, not more than the 62.5% of milestone 1 "
                + "(2025-12-15); each milestone must ask for more than the one before")
    }

    @Test func lastShareNotFull() {
        let short = error([("2025-12-15", 0.6), ("2025-12-20", 0.8)])
        #expect(short?.code == .lastShareNotFull)
        #expect(
            short?.message
                == "the last milestone (2025-12-20) asks for 80% of the target; the last milestone must ask for 100%")
        let none = error([])
        #expect(none?.code == .lastShareNotFull)
        #expect(
            none?.message
                == "the campaign has no milestones; add at least one, the last asking for 100% of the target")
    }
}
