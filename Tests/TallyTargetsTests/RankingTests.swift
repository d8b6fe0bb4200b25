import TallyTargets
import Testing

@Suite struct RankingTests {
    /// A town (0) with six villages; 4 has no target and 6 a target of 0.
    let tree = TargetTree(parent: [-1, 0, 0, 0, 0, 0, 0])
    let targets: [Int?] = [600, 100, 200, 100, nil, 100, 0]
    /// Percents: 1 → 80, 2 → 80, 3 → 50, 5 → 80; 4 and 6 have none.
    let achieved: [Double] = [410, 80, 160, 50, 30, 80, 10]

    @Test func competitionRanks() {
        #expect(Targets.ranks([90, 80, 80, 70]) == [1, 2, 2, 4])
        #expect(Targets.ranks([50, 80, 80, nil, 20]) == [3, 1, 1, nil, 4])
        #expect(Targets.ranks([nil, nil]) == [nil, nil])
        #expect(Targets.ranks([]) == [])
    }

    @Test func equalRatiosTie() {
        let percents = [(25.0, 50), (50, 100), (1, 3), (2, 6)].map { Targets.percent(achieved: $0.0, target: $0.1) }
        #expect(percents[0] == percents[1])
        #expect(percents[2] == percents[3])
        #expect(Targets.percent(achieved: 5, target: nil) == nil)
        #expect(Targets.percent(achieved: 5, target: 0) == nil)
    }

    @Test func ranksAmongSiblings() {
        let ranks = Targets.siblingRanks(tree: tree, targets: targets, achieved: achieved)
        #expect(ranks == [1, 1, 1, 4, nil, 1, nil])
        let county = TargetTree(parent: [-1, 0, 1, 1, 0, 4, 4])
        let countyRanks = Targets.siblingRanks(
            tree: county, targets: [100, 50, 25, 25, 50, 25, 25], achieved: [60, 20, 5, 15, 40, 25, 15])
        #expect(countyRanks == [1, 2, 2, 1, 1, 1, 2])
    }

    @Test func praiseWithTies() {
        // Three at 80%: 2 achieved most; 1 and 5 achieved the same, so the lower index comes first.
        #expect(Targets.praise(2, tree: tree, targets: targets, achieved: achieved) == [-1: [0], 0: [2, 1]])
        #expect(Targets.praise(10, tree: tree, targets: targets, achieved: achieved) == [-1: [0], 0: [2, 1, 5, 3]])
        #expect(Targets.praise(0, tree: tree, targets: targets, achieved: achieved) == [:])
    }

    @Test func warningWithTies() {
        #expect(Targets.warning(1, tree: tree, targets: targets, achieved: achieved) == [-1: [0], 0: [3]])
        #expect(Targets.warning(2, tree: tree, targets: targets, achieved: achieved) == [-1: [0], 0: [3, 1]])
        #expect(Targets.warning(3, tree: tree, targets: targets, achieved: achieved) == [-1: [0], 0: [3, 1, 5]])
    }

    @Test func unitsWithoutTargetAreOnNeitherList() {
        let none: [Int?] = [nil, nil, 100, nil, nil, nil, 0]
        #expect(Targets.praise(5, tree: tree, targets: none, achieved: achieved) == [0: [2]])
        #expect(Targets.warning(5, tree: tree, targets: none, achieved: achieved) == [0: [2]])
        let empty: [Int?] = [Int?](repeating: nil, count: 7)
        #expect(Targets.praise(5, tree: tree, targets: empty, achieved: achieved) == [:])
    }

    @Test func listsPerParent() {
        let county = TargetTree(parent: [-1, 0, 1, 1, 0, 4, 4])
        let targets: [Int?] = [100, 50, 25, 25, 50, 25, 25]
        let achieved: [Double] = [60, 20, 5, 15, 40, 25, 15]
        #expect(
            Targets.praise(1, tree: county, targets: targets, achieved: achieved) == [-1: [0], 0: [4], 1: [3], 4: [5]])
        #expect(
            Targets.warning(1, tree: county, targets: targets, achieved: achieved) == [-1: [0], 0: [1], 1: [2], 4: [6]])
    }
}

@Suite struct CoverageTests {
    @Test func passes() {
        #expect(Targets.passes(value: nil, threshold: 95) == nil)
        #expect(Targets.passes(value: 95, threshold: 95) == true)
        #expect(Targets.passes(value: 96.5, threshold: 95) == true)
        #expect(Targets.passes(value: 94.99, threshold: 95) == false)
        #expect(Targets.passes(value: 95 - 1e-12, threshold: 95) == true)
        #expect(Targets.passes(value: 0.57 * 100, threshold: 57) == true)  // 56.99999999999999
        #expect(Targets.passes(value: 0, threshold: 0) == true)
    }

    @Test func unitsBelowWorstFirst() {
        #expect(Targets.below(values: [90, nil, 96, 80, 90, 95], threshold: 95) == [3, 0, 4])
        #expect(Targets.below(values: [], threshold: 95) == [])
        #expect(Targets.below(values: [nil, 100], threshold: 95) == [])
    }
}
