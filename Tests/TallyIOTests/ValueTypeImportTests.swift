import Foundation
import TallyCore
import TallyIO
import TallyStore
import TallyStoreSQLite
import TallyText
import TallyTransfer
import Testing

/// DHIS2's numeric value types: each range holds on import, with the row, the column and the range named; a
/// boolean reads `true`/`false` as 1/0, and a sum of booleans counts the yeses.
@Suite struct ValueTypeImportTests {
    static let yaml = """
        elements:
          staff: {name: Staff, type: zero_or_positive}
          beds: {name: Beds, type: positive}
          balance: {name: Balance, type: negative}
          coverage: {name: Coverage, type: percentage, aggregation: average_sum_org_unit}
          share: {name: Share, type: unit_interval, aggregation: average_sum_org_unit}
          open: {name: Open, type: boolean}
          visited: {name: Visited, type: true_only}
          remark: {name: Remark, type: text}
        """

    struct Fixture {
        let store: SQLiteStore
        let importer: DataValueImporter

        init() throws {
            store = try SQLiteStore(path: ":memory:")
            let metadata = try MetadataParser().parse(ValueTypeImportTests.yaml)
            try store.applyMetadata(
                document: ValueTypeImportTests.yaml,
                combos: Dictionary(uniqueKeysWithValues: metadata.elements.map { ($0.code, [""]) }))
            _ = try store.saveOrgUnits([
                OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "V1", name: "一村", parentCode: "C"),
                OrgUnit(code: "V2", name: "二村", parentCode: "C"),
            ])
            importer = DataValueImporter(metadata: metadata, catalog: try store.catalog())
        }

        @discardableResult
        func run(_ rows: String) throws -> ImportSummary {
            try importer.importBytes(
                Array(("dataelement,period,orgunit,value\n" + rows).utf8), name: "data.csv", into: store,
                user: "tester", time: 1_700_000_000)
        }

        /// The first problem of an import expected to be refused, and its message in both languages.
        func refusal(_ rows: String) throws -> (ImportIssue, zh: String, en: String) {
            do {
                try run(rows)
            } catch let error as ImportError {
                let issue = try #require(error.issues.first)
                return (issue, error.message(.zh), error.message(.en))
            }
            Issue.record("expected a refusal of \(rows)")
            throw CancellationError()
        }
    }

    @Test(arguments: [
        ("staff,2025,V1,-1\n", "holds whole numbers of 0 or more", "只能是0或正整数"),
        ("beds,2025,V1,0\n", "holds whole numbers above 0", "只能是正整数"),
        ("balance,2025,V1,0\n", "holds whole numbers below 0", "只能是负整数"),
        ("balance,2025,V1,3\n", "holds whole numbers below 0", "只能是负整数"),
        ("coverage,2025,V1,100.5\n", "is a percentage, from 0 to 100", "百分比"),
        ("coverage,2025,V1,-0.1\n", "is a percentage, from 0 to 100", "百分比"),
        ("share,2025,V1,1.01\n", "holds numbers from 0 to 1", "0到1"),
        ("open,2025,V1,2\n", "holds yes (true or 1) or no (false or 0)", "“是”"),
        ("visited,2025,V1,false\n", "holds only yes (true or 1); for no, leave the row out", "“否”不填这一行"),
        ("visited,2025,V1,0\n", "holds only yes", "只能是“是”"),
    ])
    func outOfRangeIsRefusedNamingTheRange(row: String, en: String, zh: String) throws {
        let f = try Fixture()
        let (issue, zhMessage, enMessage) = try f.refusal("staff,2024,V2,5\n" + row)
        #expect(issue.code == .outOfRange)
        #expect(issue.line == 3 && issue.column == "value")
        #expect(enMessage.contains(en), "\(enMessage)")
        #expect(zhMessage.contains(zh), "\(zhMessage)")
        #expect(try f.store.valueCount() == 0)  // all or nothing
    }

    @Test func wholeTypesRefuseDecimals() throws {
        let f = try Fixture()
        #expect(try f.refusal("beds,2025,V1,2.5\n").0.code == .notInteger)
        #expect(try f.refusal("open,2025,V1,0.5\n").0.code == .notInteger)
    }

    @Test func valuesInsideTheRangesImport() throws {
        let f = try Fixture()
        let summary = try f.run(
            """
            staff,2025,V1,0
            beds,2025,V1,12
            balance,2025,V1,-3
            coverage,2025,V1,100
            coverage,2025,V2,0
            share,2025,V1,0.25
            open,2025,V1,TRUE
            open,2025,V2,false
            open,2024,V1,1
            visited,2025,V1,true
            visited,2025,V2,1

            """)
        #expect(summary.new == 11)
        let c = try f.store.catalog()
        func stored(_ element: String, _ unit: String, _ period: String) throws -> Double? {
            let period = try #require(c.periods.first { $0.value.identifier == period }?.key)
            return try f.store.value(
                ValueKey(
                    element: c.elements[element]!, period: period, orgUnit: c.orgUnits[unit]!, combo: c.combos[""]!)
            )?.value
        }
        #expect(try stored("open", "V1", "2025") == 1)
        #expect(try stored("open", "V2", "2025") == 0)
        #expect(try stored("visited", "V1", "2025") == 1)
        #expect(try stored("balance", "V1", "2025") == -3)
    }

    @Test func negativeIsOnlyForIntegerAndNumber() throws {
        #expect(throws: MetadataError.self) {
            try MetadataParser().parse("elements:\n  beds: {name: Beds, type: positive, negative: true}\n")
        }
        let number = try MetadataParser().parse("elements:\n  w: {name: W, type: number, negative: true}\n")
        #expect(number.elements[0].allowNegative)
    }
}
