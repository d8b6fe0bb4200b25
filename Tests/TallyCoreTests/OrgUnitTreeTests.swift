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
}
