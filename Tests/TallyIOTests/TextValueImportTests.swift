import Foundation
import TallyCore
import TallyIO
import TallyStore
import TallyStoreSQLite
import TallyText
import TallyTransfer
import Testing

/// Text values (`text`, `long_text`): imported beside the numbers in one transaction, in their canonical form,
/// counted in the summary, refused at their line and field when they cannot be held.
@Suite struct TextValueImportTests {
    static let yaml = """
        elements:
          births: {name: Births}
          remark: {name: Remark, type: text}
          story: {name: Story, type: long_text}
        """

    struct Fixture {
        let store: SQLiteStore
        let importer: DataValueImporter
        let catalog: StoreCatalog

        init() throws {
            store = try SQLiteStore(path: ":memory:")
            let metadata = try MetadataParser().parse(TextValueImportTests.yaml)
            try store.applyMetadata(
                document: TextValueImportTests.yaml,
                combos: Dictionary(uniqueKeysWithValues: metadata.elements.map { ($0.code, [""]) }))
            _ = try store.saveOrgUnits([
                OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "V1", name: "一村", parentCode: "C"),
            ])
            catalog = try store.catalog()
            importer = DataValueImporter(metadata: metadata, catalog: catalog)
        }

        @discardableResult
        func run(_ rows: String, header: String = "dataelement,period,orgunit,value") throws -> ImportSummary {
            try importer.importBytes(
                Array((header + "\n" + rows).utf8), name: "data.csv", into: store, user: "tester",
                time: 1_700_000_000)
        }

        func refusal(_ rows: String) throws -> (ImportError, zh: String, en: String) {
            do {
                try run(rows)
            } catch let error as ImportError {
                return (error, error.message(.zh), error.message(.en))
            }
            Issue.record("expected a refusal of \(rows)")
            throw CancellationError()
        }

        func text(_ element: String, _ period: String = "202510", _ unit: String = "V1") throws -> String? {
            guard let id = try store.catalog().periodIDs[try Period(period)] else { return nil }
            let key = ValueKey(
                element: catalog.elements[element]!, period: id, orgUnit: catalog.orgUnits[unit]!, combo: 0)
            return try store.versionedText(key).stored?.text
        }
    }

    @Test func textsImportBesideNumbersInTheirCanonicalForm() throws {
        let f = try Fixture()
        let summary = try f.run(
            "births,202510,V1,12\nremark,202510,V1,\"  Cafe\u{301} closed \"\nstory,202510,V1,\"第一行\r\n第二行\r第三行\n\"\n")
        #expect(summary.new == 3 && summary.texts == 2)
        #expect(summary.line(.en).contains("3 new") && summary.line(.en).contains("2 of them text values"))
        #expect(summary.line(.zh).contains("其中文字 2 行"))
        #expect(try f.text("remark") == "Caf\u{e9} closed", "trimmed, NFC")
        #expect(try f.text("story") == "第一行\n第二行\n第三行", "line breaks as line feeds")
        #expect(try f.store.valueCount() == 1 && f.store.textCount() == 2)
        // Again: unchanged; then changed, with history.
        #expect(try f.run("remark,202510,V1,Café closed\n").unchanged == 1)
        let changed = try f.run("remark,202510,V1,reopened\n")
        #expect(changed.changed == 1)
        #expect(try f.text("remark") == "reopened")
    }

    @Test(arguments: [
        (
            "remark,202510,V1,\"one\ntwo\"\n", ImportIssue.Code.refusedCharacter,
            "character 4 is a line break, but 'remark' holds one line of text (text)", "“remark”是单行文本"
        ),
        ("remark,202510,V1,a\tb\n", .refusedCharacter, "character 2 is a control character (U+0009)", "控制字符"),
        ("story,202510,V1,a\u{7}b\n", .refusedCharacter, "character 2 is a control character (U+0007)", "控制字符"),
        (
            "remark,202510,V1,\(String(repeating: "字", count: 1_001))\n", .textTooLong,
            "the text has 1,001 characters, but 'remark' (text) holds at most 1,000", "最多 1,000 个字"
        ),
        ("remark,202510,V1,\"  \"\n", .missingField, "the value is empty; expected a text", "数值为空"),
    ])
    func badTextsAreRefusedAtTheirLineAndField(row: String, code: ImportIssue.Code, en: String, zh: String) throws {
        let f = try Fixture()
        let (error, zhMessage, enMessage) = try f.refusal("births,202510,V1,12\n" + row)
        let issue = try #require(error.issues.first)
        #expect(issue.code == code)
        #expect(issue.line == 3 && issue.column == "value")
        #expect(enMessage.contains(en), "\(enMessage)")
        #expect(zhMessage.contains(zh), "\(zhMessage)")
        #expect(try f.store.valueCount() == 0 && f.store.textCount() == 0, "all or nothing")
    }

    @Test func aLongTextHoldsFiftyThousandCharacters() throws {
        let f = try Fixture()
        let long = String(repeating: "长", count: 50_000)
        try f.run("story,202510,V1,\(long)\n")
        #expect(try f.text("story") == long)
        let (error, _, en) = try f.refusal("story,202511,V1,\(long)长\n")
        #expect(error.issues.first?.code == .textTooLong)
        #expect(en.contains("the text has 50,001 characters, but 'story' (long_text) holds at most 50,000"), "\(en)")
    }

    @Test func aTextGivenTwiceIsRefusedNamingTheFirstLine() throws {
        let f = try Fixture()
        let (error, zh, en) = try f.refusal("remark,202510,V1,a\nbirths,202510,V1,1\nremark,202510,V1,b\n")
        #expect(error.issues.map(\.code) == [.duplicate])
        #expect(error.issues.first?.line == 4)
        #expect(en.contains("remark for V1 in 202510 appears more than once in this file (first at line 2)"), "\(en)")
        #expect(zh.contains("V1 在 202510 的 remark 在本文件中出现了不止一次（首次在第 2 行）"), "\(zh)")
        #expect(try f.store.textCount() == 0 && f.store.valueCount() == 0)
    }

    @Test func theDeleteStrategyRemovesTextsKeepingHistory() throws {
        let f = try Fixture()
        try f.run("remark,202510,V1,a\nbirths,202510,V1,1\n")
        f.importer.strategy = .delete
        let summary = try f.run("remark,202510,V1,\nbirths,202510,V1,\n")
        #expect(summary.deleted == 2 && summary.texts == 1)
        #expect(try f.store.textCount() == 0 && f.store.valueCount() == 0)
        let key = ValueKey(
            element: f.catalog.elements["remark"]!, period: try f.store.catalog().periodIDs[try Period("202510")]!,
            orgUnit: f.catalog.orgUnits["V1"]!, combo: 0)
        #expect(try f.store.textHistory(key).map(\.action) == ["delete"])
        // A row marked deleted removes too, under the default strategy.
        f.importer.strategy = .createAndUpdate
        try f.run("remark,202510,V1,b\n")
        let marked = try f.run("remark,202510,V1,,true\n", header: "dataelement,period,orgunit,value,deleted")
        #expect(marked.deleted == 1)
        #expect(try f.store.textHistory(key).map(\.action) == ["delete", "delete"])
    }

    @Test func createAndUpdateStrategiesLeaveTextsOutAsNumbers() throws {
        let f = try Fixture()
        try f.run("remark,202510,V1,a\n")
        f.importer.strategy = .create
        let created = try f.run("remark,202510,V1,b\nremark,202511,V1,c\n")
        #expect(created.ignored == 1 && created.new == 1)
        #expect(try f.text("remark") == "a")
        f.importer.strategy = .update
        let updated = try f.run("remark,202510,V1,d\nremark,202512,V1,e\n")
        #expect(updated.ignored == 1 && updated.changed == 1)
        #expect(try f.text("remark") == "d")
    }
}
