import TallyTargets
import Testing

@Suite struct ApportionTests {
    @Test func sevenInThreeEqually() {
        #expect(Targets.apportion(7, weights: [nil, nil, nil]) == [3, 2, 2])
        #expect(Targets.apportion(7, weights: [0, 0, 0]) == [3, 2, 2])
        #expect(Targets.apportion(7, weights: [nil, 0, nil]) == [3, 2, 2])
    }

    @Test func hundredByEqualWeights() {
        #expect(Targets.apportion(100, weights: [1, 1, 1]) == [34, 33, 33])
        #expect(Targets.apportion(3, weights: [5, 5, 5, 5]) == [1, 1, 1, 0])
    }

    @Test func decimalWeightsAndRoundingTies() {
        #expect(Targets.apportion(10, weights: [0.5, 0.3, 0.2]) == [5, 3, 2])
        // Quotas 5.5, 3.3, 2.2: the one left over goes to the largest remainder.
        #expect(Targets.apportion(11, weights: [0.5, 0.3, 0.2]) == [6, 3, 2])
        // Quotas 2.5, 1.5, 1.0: remainders tie at 0.5, the larger weight wins.
        #expect(Targets.apportion(5, weights: [0.5, 0.3, 0.2]) == [3, 1, 1])
        // The larger weight wins the tie even at a higher index.
        #expect(Targets.apportion(5, weights: [0.3, 0.5, 0.2]) == [1, 3, 1])
        // Quotas 0.25, 0.75, 0.25, 0.75: two left over go to the 0.75s.
        #expect(Targets.apportion(2, weights: [1, 3, 1, 3]) == [0, 1, 0, 1])
        // Quotas 0.5 each with equal weights: the lower index wins.
        #expect(Targets.apportion(1, weights: [0.1, 0.1]) == [1, 0])
        // Quotas 0.5, 1, 0.5, 1: one left over, equal weights, the lower index wins.
        #expect(Targets.apportion(3, weights: [0.1, 0.2, 0.1, 0.2]) == [1, 1, 0, 1])
    }

    @Test func missingWeightGetsNothingWhenOthersHaveWeights() {
        #expect(Targets.apportion(10, weights: [nil, 1, 1]) == [0, 5, 5])
        #expect(Targets.apportion(11, weights: [nil, 1, 1]) == [0, 6, 5])
        #expect(Targets.apportion(10, weights: [-3, .nan, .infinity, 2]) == [0, 0, 0, 10])
    }

    @Test func edgeCases() {
        #expect(Targets.apportion(0, weights: [1, 2, 3]) == [0, 0, 0])
        #expect(Targets.apportion(5, weights: []) == [])
        #expect(Targets.apportion(5, weights: [nil]) == [5])
        let huge = Targets.apportion(1_000_000_007, weights: [1e300, 1e300, 1e300])
        #expect(huge == [333_333_336, 333_333_336, 333_333_335])
    }

    @Test func thousandAcrossFortySevenRandomWeights() {
        var generator = SplitMix64(state: 20_251_205)
        for round in 0..<200 {
            let weights: [Double?] = (0..<47).map { _ in Double.random(in: 0.001...5000, using: &generator) }
            let total = round == 0 ? 1000 : Int.random(in: 0...100_000, using: &generator)
            let shares = Targets.apportion(total, weights: weights)
            #expect(shares.reduce(0, +) == total)
            let sum = weights.reduce(0) { $0 + $1! }
            for (share, weight) in zip(shares, weights) {
                let quota = Double(total) * weight! / sum
                #expect(Double(share) >= quota.rounded(.down) - 1e-6 && Double(share) <= quota.rounded(.up) + 1e-6)
            }
        }
    }
}

@Suite struct DecompositionTests {
    /// 县 (0) → 青石镇 (1) → 东村 (2), 西村 (3), 南村 (4); 县 → 白水镇 (5) → 北村 (6), 中村 (7).
    let county = TargetTree(
        parent: [-1, 0, 1, 1, 1, 0, 5, 5], names: ["城关县", "青石镇", "东村", "西村", "南村", "白水镇", "北村", "中村"])

    @Test func treeShape() {
        #expect(county.count == 8)
        #expect(county.roots == [0])
        #expect(county.children(of: 0) == [1, 5])
        #expect(county.children(of: 1) == [2, 3, 4])
        #expect(county.children(of: 4) == [])
        #expect(county.parent(of: 0) == nil)
        #expect(county.parent(of: 7) == 5)
        #expect(county.name(of: 1) == "青石镇")
        #expect(TargetTree(parent: [-1, 0]).name(of: 1) == "unit 1")
    }

    @Test func threeLevelsDownFromTheTop() throws {
        let weights: [Double?] = [nil, 3, 1, 1, 1, 1, 1, 1]
        let targets = try Targets.decompose(tree: county, explicit: [0: 1000], weights: weights)
        // 1000 by 3:1 → 750, 250; 750 in three equally → 250 each; 250 in two → 125 each.
        #expect(targets == [1000, 750, 250, 250, 250, 250, 125, 125])
    }

    @Test func sevenDownThreeLevels() throws {
        let targets = try Targets.decompose(tree: county, explicit: [0: 7])
        // 7 in two → 4, 3; 4 in three → 2, 1, 1; 3 in two → 2, 1.
        #expect(targets == [7, 4, 2, 1, 1, 3, 2, 1])
    }

    @Test func mixedExplicitAndDerivedChildren() throws {
        // 青石镇 250 given with 东村 100 given: 150 left for 西村 and 南村 by weights 2:1.
        let weights: [Double?] = [nil, nil, 9, 2, 1, nil, nil, nil]
        let targets = try Targets.decompose(tree: county, explicit: [0: 400, 1: 250, 2: 100], weights: weights)
        #expect(targets == [400, 250, 100, 100, 50, 150, 75, 75])
    }

    @Test func childFixedFromBelowCountsLikeAnExplicitOne() throws {
        // 白水镇 has no target but both its villages do (30 + 20): it keeps 50 and 青石镇 gets the other 150.
        let targets = try Targets.decompose(tree: county, explicit: [0: 200, 6: 30, 7: 20])
        #expect(targets == [200, 150, 50, 50, 50, 50, 30, 20])
    }

    @Test func upwardSumsFromTheLeaves() throws {
        let targets = try Targets.decompose(tree: county, explicit: [2: 10, 3: 20, 4: 30, 6: 40, 7: 50])
        #expect(targets == [150, 60, 10, 20, 30, 90, 40, 50])
    }

    @Test func partlyGivenLeavesLeaveTheirAncestorsWithoutTarget() throws {
        // 南村 has no target, so 青石镇 and the county have no sum; 白水镇 still does.
        let targets = try Targets.decompose(tree: county, explicit: [2: 10, 3: 20, 6: 40, 7: 50])
        #expect(targets == [nil, nil, 10, 20, nil, 90, 40, 50])
    }

    @Test func subtreeWithoutAnyTargetStaysNil() throws {
        let targets = try Targets.decompose(tree: county, explicit: [1: 90])
        #expect(targets == [nil, 90, 30, 30, 30, nil, nil, nil])
    }

    @Test func derivedTargetSplitsFurtherDown() throws {
        // 青石镇 gets 60 from the county; 东村 is given 25, so 西村 and 南村 share the other 35.
        let targets = try Targets.decompose(tree: county, explicit: [0: 100, 2: 25], weights: [nil, 3, nil, 1, 1, 2])
        #expect(targets == [100, 60, 25, 18, 17, 40, 20, 20])
    }

    @Test func childrenBelowTheParentLeaveTheRestUnallocated() throws {
        let targets = try Targets.decompose(tree: county, explicit: [1: 250, 2: 100, 3: 50, 4: 50])
        #expect(targets == [nil, 250, 100, 50, 50, nil, nil, nil])
    }

    @Test func zeroTargetsAndSeveralRoots() throws {
        let forest = TargetTree(parent: [-1, 0, 0, -1, 3, 3])
        #expect(try Targets.decompose(tree: forest, explicit: [0: 0, 3: 5]) == [0, 0, 0, 5, 3, 2])
    }

    @Test func fortySevenChildrenAddUpExactly() throws {
        var generator = SplitMix64(state: 47)
        let tree = TargetTree(parent: [-1] + [Int](repeating: 0, count: 47))
        let weights: [Double?] = [nil] + (0..<47).map { _ in Double.random(in: 1...100_000, using: &generator) }
        let targets = try Targets.decompose(tree: tree, explicit: [0: 1000], weights: weights)
        #expect(targets.dropFirst().reduce(0) { $0 + $1! } == 1000)
        #expect(targets.allSatisfy { $0 != nil })
    }

    @Test func negativeTarget() {
        let error = thrown { try Targets.decompose(tree: county, explicit: [0: 100, 3: -5]) }
        #expect(error?.code == .negativeTarget)
        #expect(error?.unit == 3)
        #expect(error?.errorCode == "targets.negativeTarget")
        #expect(error?.message == "the target of 西村 is -5; a target must be a whole number of 0 or more")
    }

    @Test func noTarget() {
        let error = thrown { try Targets.decompose(tree: county, explicit: [:]) }
        #expect(error?.code == .noTarget)
        #expect(error?.message == "no unit has a target; give a target for at least one unit, such as the top unit")
        #expect(thrown { try Targets.decompose(tree: TargetTree(parent: []), explicit: [:]) }?.code == .noTarget)
    }

    @Test func contradictionWithAnExplicitParent() {
        let error = thrown { try Targets.decompose(tree: county, explicit: [1: 250, 2: 100, 3: 160]) }
        #expect(error?.code == .contradiction)
        #expect(error?.unit == 1)
        #expect(
            error?.message
                == "the targets of 青石镇's children add up to 260 (东村 100, 西村 160), more than its own target of 250; "
                + "lower the children's targets or raise 青石镇's")
    }

    @Test func contradictionWithASumFromBelow() {
        // 白水镇's villages add up to 120, more than the county's 100.
        let error = thrown { try Targets.decompose(tree: county, explicit: [0: 100, 6: 70, 7: 50]) }
        #expect(error?.unit == 0)
        #expect(
            error?.message
                == "the targets of 城关县's children add up to 120 (白水镇 120), more than its own target of 100; "
                + "lower the children's targets or raise 城关县's")
    }

    @Test func contradictionWithADerivedParent() {
        // The county's 100 splits 50/50; 青石镇's 50 cannot hold 东村's 70.
        let error = thrown { try Targets.decompose(tree: county, explicit: [0: 100, 2: 70]) }
        #expect(error?.code == .contradiction)
        #expect(error?.unit == 1)
        #expect(
            error?.message
                == "the targets of 青石镇's children add up to 70 (东村 70), more than its target of 50, which is its "
                + "share of 城关县's target; lower the children's targets or raise 青石镇's")
    }

    @Test func contradictionListsAtMostSixChildren() {
        let tree = TargetTree(parent: [-1] + [Int](repeating: 0, count: 8))
        let explicit = Dictionary(uniqueKeysWithValues: [(0, 7)] + (1...8).map { ($0, 1) })
        let error = thrown { try Targets.decompose(tree: tree, explicit: explicit) }
        #expect(
            error?.message
                == "the targets of unit 0's children add up to 8 (unit 1 1, unit 2 1, unit 3 1, unit 4 1, unit 5 1, "
                + "unit 6 1 and 2 more), more than its own target of 7; lower the children's targets or raise unit 0's")
    }
}
