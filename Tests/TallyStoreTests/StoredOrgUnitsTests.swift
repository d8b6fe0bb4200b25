import TallyCore
import TallyText
import Testing

@testable import TallyStore

/// Units as a store reads them: in id order, parents by id.
@Suite struct StoredOrgUnitsTests {
    /// Ids with gaps, a parent read after its child: each parent found by its id and named on its child.
    @Test func parentsAreFoundByID() throws {
        var units = [
            OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "V1", name: "一村", parentCode: nil),
            OrgUnit(code: "T2", name: "二镇", parentCode: nil),
        ]
        let parents = try StoredOrgUnits.parents(of: &units, ids: [1, 3, 7], parentIDs: [nil, 7, 1])
        #expect(parents == [-1, 2, 0])
        #expect(units.map(\.parentCode) == [nil, "T2", "C"])
    }

    /// A parent id no unit has (a damaged database, or one changed by hand) is refused naming the unit, in both
    /// languages, and is never read as a top unit.
    @Test func aMissingParentIsADamagedDatabase() {
        var units = [OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "V1", name: "一村", parentCode: nil)]
        for missing: Int32 in [9, -3, 2] {
            #expect {
                _ = try StoredOrgUnits.parents(of: &units, ids: [1, 3], parentIDs: [nil, missing])
            } throws: { error in
                guard let error = error as? StoreError else { return false }
                return error.code == .damaged && error.message(.zh).contains("“V1”的上级（编号 \(missing)）不在数据库中")
                    && error.message(.en).contains("the parent (id \(missing)) of the unit 'V1' is not in the database")
            }
        }
    }

    /// A workspace's ids by tree index: looked up by code, listed, and handed over whole only to the very tree they
    /// were built from — a tree built alike in another order gets each unit's own id.
    @Test func idsByTreeIndexBelongToTheirTree() throws {
        let units = [
            OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "T", name: "镇", parentCode: "C"),
            OrgUnit(code: "V", name: "村", parentCode: "T"),
        ]
        let tree = try OrgUnitTree(units)
        let ids = OrgUnitIDs(tree: tree, ids: [7, -1, 3])
        #expect(ids["C"] == 7 && ids["T"] == nil && ids["V"] == 3 && ids["X"] == nil)
        #expect(Dictionary(uniqueKeysWithValues: ids.map { ($0.code, $0.id) }) == ["C": 7, "V": 3])
        #expect(ids.ids(of: tree) == [7, -1, 3])
        let alike = try OrgUnitTree([
            units[0], OrgUnit(code: "V", name: "村", parentCode: "C"), OrgUnit(code: "T", name: "镇", parentCode: "C"),
        ])
        #expect(alike.units.map(\.code) == ["C", "V", "T"])
        #expect(ids.ids(of: alike) == [7, 3, -1])
        let byCode: OrgUnitIDs = ["C": 7, "V": 3]
        #expect(byCode.ids(of: tree) == [7, -1, 3])
    }
}
