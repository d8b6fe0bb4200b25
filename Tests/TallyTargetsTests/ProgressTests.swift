import TallyTargets
import Testing

@Suite struct ProgressTests {
    /// 1–31 Dec with 60% by the 15th, 80% by the 20th and everything by the 25th.
    let campaign = try! Campaign(
        start: day("2025-12-01"), end: day("2025-12-31"),
        milestones: [
            Milestone(date: day("2025-12-15"), share: 0.6), Milestone(date: day("2025-12-20"), share: 0.8),
            Milestone(date: day("2025-12-25"), share: 1),
        ])

    func progress(_ achieved: Double, on date: String, target: Int = 250) throws -> TargetProgress {
        try Targets.progress(target: target, achieved: achieved, asOf: day(date), campaign: campaign)
    }

    @Test func constantPaceBeforeTheFirstMilestone() throws {
        // 10 a day from 1 Dec: 100 by the 10th, on course to reach 250 on the 25th.
        let p = try progress(100, on: "2025-12-10")
        #expect(p.percent == 40)
        #expect(p.dueNow == 0)
        #expect(p.lastMilestone == nil)
        #expect(p.nextMilestone?.date == day("2025-12-15"))
        #expect(p.nextDue == 150)
        #expect(p.gap == 50)
        #expect(p.status == .onTrack)
        #expect(p.elapsedDays == 10)
        #expect(p.windowDays == 31)
        #expect(p.projectedTotal == 310)
        #expect(!p.atRisk)
        #expect(p.projectedDate == day("2025-12-25"))
        #expect(!p.completed)
    }

    @Test func aheadOfTheNextMilestone() throws {
        let p = try progress(150, on: "2025-12-10")
        #expect(p.status == .ahead)
        #expect(p.gap == 0)
        #expect(p.projectedDate == day("2025-12-17"))
    }

    @Test func theDayBeforeAndOnAMilestone() throws {
        let before = try progress(140, on: "2025-12-14")
        #expect(before.lastMilestone == nil)
        #expect(before.dueNow == 0)
        #expect(before.nextDue == 150)
        // The milestone counts on its own day.
        let on = try progress(150, on: "2025-12-15")
        #expect(on.lastMilestone?.date == day("2025-12-15"))
        #expect(on.dueNow == 150)
        #expect(on.nextMilestone?.date == day("2025-12-20"))
        #expect(on.nextDue == 200)
        #expect(on.gap == 50)
        #expect(on.status == .onTrack)
        #expect(on.projectedDate == day("2025-12-25"))
        #expect(!on.atRisk)
        #expect(try progress(149, on: "2025-12-15").status == .behind)
        #expect(try progress(200, on: "2025-12-15").status == .ahead)
    }

    @Test func reachingTheTargetOnTheLastMilestone() throws {
        let p = try progress(250, on: "2025-12-25")
        #expect(p.lastMilestone?.share == 1)
        #expect(p.nextMilestone == nil)
        #expect(p.nextDue == nil)
        #expect(p.dueNow == 250)
        #expect(p.gap == 0)
        #expect(p.status == .ahead)
        #expect(p.completed)
        #expect(!p.atRisk)
        #expect(p.percent == 100)
        #expect(p.projectedDate == day("2025-12-25"))
    }

    @Test func stalledUnit() throws {
        // 10 a day until the 10th, then nothing: by the 20th the pace has halved to 5 a day.
        let p = try progress(100, on: "2025-12-20")
        #expect(p.lastMilestone?.date == day("2025-12-20"))
        #expect(p.dueNow == 200)
        #expect(p.nextDue == 250)
        #expect(p.gap == 150)
        #expect(p.status == .behind)
        #expect(p.projectedTotal == 155)
        #expect(p.atRisk)
        #expect(p.projectedDate == day("2026-01-19"))
        #expect(p.projectedDate! > campaign.end)
    }

    @Test func afterTheEnd() throws {
        let short = try progress(240, on: "2026-01-05")
        #expect(short.elapsedDays == 31)
        #expect(short.lastMilestone?.date == day("2025-12-25"))
        #expect(short.nextMilestone == nil)
        #expect(short.nextDue == nil)
        #expect(short.gap == 10)
        #expect(short.status == .behind)
        #expect(short.atRisk)
        #expect(!short.completed)
        #expect(short.projectedDate == day("2026-01-02"))  // 250 ÷ (240 ÷ 31) = 32.3 → the 33rd day
        let over = try progress(260, on: "2026-01-05")
        #expect(over.status == .ahead)
        #expect(over.completed)
        #expect(!over.atRisk)
        #expect(over.gap == -10)
        #expect(over.percent == 104)
    }

    @Test func paceLandingExactlyOnTheTargetIsNotAtRisk() throws {
        // 100 over 31 days at an even pace: on the 10th, 1000/31 is achieved; the projection is 100, not 99.999….
        let p = try progress(1000.0 / 31, on: "2025-12-10", target: 100)
        #expect(!p.atRisk)
        #expect(p.projectedDate == day("2025-12-31"))
    }

    @Test func firstDayAndNothingAchieved() throws {
        let p = try progress(0, on: "2025-12-01")
        #expect(p.elapsedDays == 1)
        #expect(p.status == .onTrack)
        #expect(p.projectedDate == nil)
        #expect(p.atRisk)
        #expect(p.percent == 0)
    }

    @Test func zeroTarget() throws {
        let p = try progress(3, on: "2025-12-10", target: 0)
        #expect(p.percent == nil)
        #expect(p.completed)
        #expect(p.status == .ahead)
        #expect(!p.atRisk)
        #expect(p.projectedDate == nil)
    }

    @Test func errors() {
        let negative = thrown { try progress(10, on: "2025-12-10", target: -1) }
        #expect(negative?.code == .negativeTarget)
        #expect(negative?.message == "the target is -1; a target must be a whole number of 0 or more")
        let early = thrown { try progress(10, on: "2025-11-20") }
        #expect(early?.code == .asOfBeforeStart)
        #expect(
            early?.message
                == "progress is asked for 2025-11-20, before the campaign starts on 2025-12-01; "
                + "choose a day from 2025-12-01 on")
    }
}
