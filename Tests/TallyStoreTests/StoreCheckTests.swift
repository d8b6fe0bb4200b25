import TallyCore
import Testing

@testable import TallyStore

/// The checks SQLite's and PostgreSQL's `tally verify` share.
@Suite struct StoreCheckTests {
    @Test func treeProblems() {
        let codes: [Int64: String] = [1: "C", 2: "T", 3: "V", 4: "X", 5: "Y", 6: "Z"]
        // A sound tree.
        #expect(StoreCheck.treeProblems(parents: [1: nil, 2: 1, 3: 2], codes: codes).isEmpty)
        // A unit under a missing parent, and a cycle X → Y → Z → X beside a sound top.
        let problems = StoreCheck.treeProblems(
            parents: [1: nil, 2: 1, 3: 9, 4: 6, 5: 4, 6: 5], codes: codes)
        #expect(
            problems == [
                "'V' is under a unit (id 9) that does not exist",
                "the units X → Z → Y form a cycle",
            ])
        // Every unit with a parent: no top.
        #expect(
            StoreCheck.treeProblems(parents: [1: 2, 2: 1], codes: codes) == [
                "no unit is at the top (every unit has a parent)", "the units C → T form a cycle",
            ])
    }

    @Test func periodProblem() throws {
        let october = try Period("202510")
        #expect(
            StoreCheck.periodProblem(
                id: 1, identifier: "202510", type: "monthly", start: october.start.ordinal, end: october.end.ordinal)
                == nil)
        #expect(
            StoreCheck.periodProblem(
                id: 1, identifier: "202510", type: "monthly", start: october.start.ordinal, end: october.end.ordinal + 1
            )
                == "period 1 '202510' is stored with the wrong type or dates (monthly, \(october.start.ordinal)–\(october.end.ordinal + 1))"
        )
        #expect(
            StoreCheck.periodProblem(id: 2, identifier: "202510..202512", type: "monthly", start: 0, end: 0)
                == "period 2 '202510..202512' is not a single period identifier")
    }

    @Test func longListsAreCut() {
        var check = StoreCheck(name: "x", problems: (1...60).map { "problem \($0)" })
        check.finish()
        #expect(check.count == 60)
        #expect(check.problems.count == 51)
        #expect(check.problems.last == "… and 10 more")
        #expect(Thousands.grouped(1_234_567) == "1,234,567" && Thousands.grouped(-1_000) == "-1,000")
        #expect(Thousands.grouped(999) == "999" && Thousands.group("12345") == "12,345")
    }
}
