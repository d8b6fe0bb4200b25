import TallyAudit
import TallyCore
import TallyEngine
import Testing

/// Who reports a dataset when the tree has mixed depths (issue 16): the county C has a district D with two towns;
/// town TA's facility FA sits right under it (level 4), town TB's facilities FB1 and FB2 sit under its village VB
/// (level 5). The monthly report is sent by the three facilities, each for January, February and March 2025, the
/// day after the month ends. Worked by hand: 3 × 3 = 9 reports expected, 9 received, 9 on time; nobody missing.
/// One level cannot say this: level 4 expects VB (which sends nothing itself: "0 of 3" while its facilities sent
/// 6) and not FB1 and FB2; level 5 leaves FA out.
@Suite struct DataSetAssignmentTests {
    static let tree = try! OrgUnitTree([
        OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "D", name: "区", parentCode: "C"),
        OrgUnit(code: "TA", name: "甲镇", parentCode: "D"), OrgUnit(code: "FA", name: "甲镇卫生院", parentCode: "TA"),
        OrgUnit(code: "TB", name: "乙镇", parentCode: "D"), OrgUnit(code: "VB", name: "乙村", parentCode: "TB"),
        OrgUnit(code: "FB1", name: "乙村一站", parentCode: "VB"), OrgUnit(code: "FB2", name: "乙村二站", parentCode: "VB"),
    ])

    static func dataset(_ assignment: DataSet.Assignment) -> DataSet {
        DataSet(
            code: "m", name: "Monthly report", periodType: .monthly, assignment: assignment, dueDays: 10,
            elements: ["r"])
    }

    static let facilities = DataSet.Assignment(units: ["FA", "FB1", "FB2"])

    static func audit(_ assignment: DataSet.Assignment) -> QualityAudit {
        let metadata = Metadata(
            categories: [], elements: [DataElement(code: "r", name: "Reported")], indicators: [],
            datasets: [dataset(assignment)])
        var s = InMemoryValueSource()
        for unit in ["FA", "FB1", "FB2"] {
            for month in 1...3 {
                let stored = Int64(Day(year: 2025, month: month + 1, day: 1)!.ordinal) * 86_400 + 9 * 3600
                s.add(
                    "r", unit: tree.index[unit]!, period: try! Period("20250\(month)"), value: 1, created: stored)
            }
        }
        return QualityAudit(aggregator: Aggregator(metadata: metadata, tree: tree, source: s))
    }

    static let quarter = try! Period("2025Q1")
    static let asOf = Day(year: 2025, month: 5, day: 1)

    func codes(_ units: [Int]) -> [String] { units.map { Self.tree.units[$0].code } }

    @Test func theNamedUnitsAreTheReportersWhateverTheirDepth() {
        let set = Self.dataset(Self.facilities)
        #expect(codes(set.reporters(below: 0, in: Self.tree)) == ["FA", "FB1", "FB2"])
        #expect(codes(set.reporters(below: Self.tree.index["TB"]!, in: Self.tree)) == ["FB1", "FB2"])
        #expect(set.reports(unit: Self.tree.index["FA"]!, in: Self.tree))
        #expect(!set.reports(unit: Self.tree.index["VB"]!, in: Self.tree))
        // A level and named units together: every unit of level 5, and FA.
        let both = Self.dataset(DataSet.Assignment(level: 5, units: ["FA"]))
        #expect(codes(both.reporters(below: 0, in: Self.tree)) == ["FA", "FB1", "FB2"])
        // A level alone: its units, whatever lies below or beside them.
        #expect(codes(Self.dataset(DataSet.Assignment(level: 4)).reporters(below: 0, in: Self.tree)) == ["FA", "VB"])
    }

    @Test func noFalseMissingReportWhenTheFacilitiesAreAtTwoDepths() throws {
        let result = try Self.audit(Self.facilities).run(orgUnit: 0, period: Self.quarter, asOf: Self.asOf)
        #expect(result.findings(of: MissingReportCheck.self).isEmpty)
        #expect(result.findings(of: CompletenessCheck.self).isEmpty)
        #expect(result.findings(of: TimelinessCheck.self).isEmpty)
        #expect(result.findings(of: ElementCompletenessCheck.self).isEmpty)
        let summary = try Self.audit(Self.facilities).reportingSummary(
            orgUnit: 0, period: Self.quarter, scope: .level(4), asOf: Self.asOf)
        #expect(
            summary.rows.map { "\(Self.tree.units[$0.unit].code) \($0.received)/\($0.expected) \($0.onTime)" }
                == ["C 9/9 9", "FA 3/3 3", "VB 6/6 6"])
    }

    @Test func oneLevelReportsTheVillageMissingWhileItsFacilitiesReported() throws {
        // What guessing level 4 gave: VB "0 of 3", FB1's and FB2's reports not counted.
        let result = try Self.audit(DataSet.Assignment(level: 4)).run(
            orgUnit: 0, period: Self.quarter, asOf: Self.asOf)
        let missing = result.findings(of: MissingReportCheck.self)
        #expect(missing.map { Self.tree.units[$0.finding.unit].code } == ["VB"])
        #expect(missing.first?.payload.missing.count == 3 && missing.first?.payload.expected == 3)
    }
}
