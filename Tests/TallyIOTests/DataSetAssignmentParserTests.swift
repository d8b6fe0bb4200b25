import TallyCore
import TallyIO
import TallyText
import Testing

/// A dataset's `orgunits:` (who reports it, whatever their level), alone or with `level:`, checked against the
/// org units when the parser has them.
@Suite struct DataSetAssignmentParserTests {
    static let elements = """
        elements:
          visits: {name: Visits}
        datasets:

        """
    static let tree = try! OrgUnitTree([
        OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "TA", name: "甲镇", parentCode: "C"),
        OrgUnit(code: "FA", name: "甲镇卫生院", parentCode: "TA"),
        OrgUnit(code: "360121100201", name: "石桥村", parentCode: "TA"),
    ])

    func parse(_ datasets: String, units: OrgUnitTree? = tree) throws(MetadataError) -> Metadata {
        try MetadataParser(file: "t.yaml", units: units).parse(Self.elements + datasets)
    }

    @Test func namedUnitsAloneOrWithALevel() throws {
        let named = try parse(
            """
              m:
                period: monthly
                orgunits: [FA, " 360121100201"]
                elements: [visits]
              y: {period: yearly, level: 2, orgunits: [FA], elements: [visits]}
              d: {period: daily, elements: [visits]}
            """)
        #expect(
            named.datasets.map(\.assignment) == [
                DataSet.Assignment(level: nil, units: ["FA", "360121100201"]),
                DataSet.Assignment(level: 2, units: ["FA"]),
                DataSet.Assignment(level: 1),
            ])
        // Without the org units the codes are taken as they are (checked when the database has its units).
        #expect(
            try parse("  m: {period: monthly, orgunits: [X9], elements: [visits]}\n", units: nil)
                .datasets[0].assignment.units == ["X9"])
    }

    func refused(
        _ datasets: String, path: String, line: Int, zh: String, en: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try parse(datasets)
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch {
            #expect(error.keyPath == path, sourceLocation: sourceLocation)
            #expect(error.line == line, sourceLocation: sourceLocation)
            #expect(error.message(.zh) == zh, sourceLocation: sourceLocation)
            #expect(error.message(.en) == en, sourceLocation: sourceLocation)
        }
    }

    @Test func anUnknownUnitIsRefusedWithItsPlace() {
        refused(
            """
              m:
                period: monthly
                orgunits: [FA, X9]
                elements: [visits]
            """,
            path: "datasets.m.orgunits[1]", line: 6,
            zh: "t.yaml，第6行，datasets.m.orgunits[1]：“X9”不是组织机构；报表的“orgunits”应为组织机构文件中的代码",
            en:
                "t.yaml, line 6, datasets.m.orgunits[1]: 'X9' is not an org unit; a dataset's 'orgunits' are codes from the org-unit file"
        )
    }

    @Test func anEmptyListATwiceNamedUnitAndAHiddenCharacterAreRefused() {
        refused(
            "  m: {period: monthly, orgunits: [], elements: [visits]}\n", path: "datasets.m.orgunits", line: 4,
            zh: "t.yaml，第4行，datasets.m.orgunits：列表是空的；应列出报送这张报表的组织机构代码，或删去“orgunits”只用“level”",
            en:
                "t.yaml, line 4, datasets.m.orgunits: the list is empty; list the codes of the org units that send this report, or leave out 'orgunits' and use 'level'"
        )
        refused(
            "  m: {period: monthly, orgunits: [FA, TA, FA], elements: [visits]}\n", path: "datasets.m.orgunits[2]",
            line: 4, zh: "t.yaml，第4行，datasets.m.orgunits[2]：组织机构“FA”列了两次",
            en: "t.yaml, line 4, datasets.m.orgunits[2]: the org unit 'FA' is listed twice")
        do {
            _ = try parse("  m: {period: monthly, orgunits: [\"F\\u200bA\"], elements: [visits]}\n")
            Issue.record("expected an error")
        } catch {
            #expect(error.keyPath == "datasets.m.orgunits[0]" && error.code == .badValue)
        }
    }
}
