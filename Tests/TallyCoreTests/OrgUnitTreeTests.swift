import TallyCore
import Testing

@Suite struct OrgUnitTreeTests {
    /// C → A (a1, a2), B (b1): each unit's own count added into its ancestors'.
    @Test func addsUpSubtrees() throws {
        let tree = try OrgUnitTree([
            OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "A", name: "甲镇", parentCode: "C"),
            OrgUnit(code: "a1", name: "一村", parentCode: "A"), OrgUnit(code: "a2", name: "二村", parentCode: "A"),
            OrgUnit(code: "B", name: "乙镇", parentCode: "C"), OrgUnit(code: "b1", name: "三村", parentCode: "B"),
        ])
        var own = [0, 1, 2, 3, 0, 5]
        tree.addUpSubtrees(&own)
        // a1 2, a2 3, A 1 + 2 + 3 = 6; b1 5, B 5; C 6 + 5 = 11.
        #expect(own == [11, 6, 2, 3, 5, 5])
        var shares = [0.5, 0.25, 0, 0, 0.125, 0]
        tree.addUpSubtrees(&shares)
        #expect(shares == [0.875, 0.25, 0, 0, 0.125, 0])
    }

    /// Two roots, children listed before and after their parents, a unit whose parent comes later: the tree built
    /// from parents' positions (a database's units) is the tree built by codes, index for index.
    @Test func aTreeFromPositionsIsTheTreeFromCodes() throws {
        let units = [
            OrgUnit(code: "a2", name: "二村", parentCode: "A"), OrgUnit(code: "C", name: "县", parentCode: nil),
            OrgUnit(code: "B", name: "乙镇", parentCode: "C"), OrgUnit(code: "A", name: "甲镇", parentCode: "C"),
            OrgUnit(code: "a1", name: "一村", parentCode: "A"), OrgUnit(code: "D", name: "另一县", parentCode: nil),
            OrgUnit(code: "d1", name: "四镇", parentCode: "D"), OrgUnit(code: "b1", name: "三村", parentCode: "B"),
        ]
        let byCode = try OrgUnitTree(units)
        let parents: [Int32] = [3, -1, 1, 1, 3, -1, 5, 2]
        let byPosition = try OrgUnitTree(units: units, parents: parents)
        #expect(byPosition.units.map(\.code) == ["C", "B", "b1", "A", "a2", "a1", "D", "d1"])
        #expect(byPosition.units.map(\.code) == byCode.units.map(\.code))
        #expect(byPosition.parent == byCode.parent)
        #expect(byPosition.level == byCode.level)
        #expect(byPosition.subtreeSize == byCode.subtreeSize)
        #expect(byPosition.index == byCode.index)
        #expect(byPosition.positions == byCode.positions)
        #expect(byPosition.positions == [1, 2, 7, 3, 0, 4, 5, 6])
    }

    /// A cycle and a parent outside the list are refused, naming the unit, as the tree by codes refuses them.
    @Test func aTreeFromPositionsRefusesACycleAndAMissingParent() {
        let units = [
            OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "A", name: "甲镇", parentCode: "B"),
            OrgUnit(code: "B", name: "乙镇", parentCode: "A"),
        ]
        #expect {
            try OrgUnitTree(units: units, parents: [-1, 2, 1])
        } throws: { ($0 as? OrgUnitError)?.code == .cycle && ($0 as? OrgUnitError)?.unitCode == "A" }
        #expect {
            try OrgUnitTree(units: units, parents: [-1, 0, 7])
        } throws: { ($0 as? OrgUnitError)?.code == .unknownParent && ($0 as? OrgUnitError)?.unitCode == "B" }
        #expect {
            try OrgUnitTree(units: units, parents: [-1, 1, 0])
        } throws: { ($0 as? OrgUnitError)?.code == .unknownParent && ($0 as? OrgUnitError)?.unitCode == "A" }
    }
}
