import Foundation
import Tally
import TallyCore
import TallyEngine
import TallyIO
import TallyInterchange
import TallyServerTesting
import TallyText
import Testing

/// ADX's category attributes (the element's categories on a value, the data set's attribute categories on a group)
/// read and written by name and by UID (`--category-id-scheme`, `--category-option-id-scheme`, or the file's own
/// `categoryIdScheme` and `categoryOptionIdScheme`): hand-made files imported, queried against hand-computed totals
/// and exported back identical; a name two options share refused at its line and attribute. On SQLite and
/// PostgreSQL.
@Suite struct CategorySchemeUseCaseTests {
    static let now: Int64 = 1_772_712_000
    static let metadata = AttributeComboUseCaseTests.metadata

    /// The file as the ADX export writes it; `Sex`, `Male`, … stand for the categories and options in their scheme.
    /// A1 reports 5 boys and 4 girls for partner A and 2 boys for partner B; B1 3 girls for partner B (February
    /// 2026): 14 births in the county, 9 for partner A, 7 boys.
    static func adx(root: String = "", _ c: [String: String]) -> String {
        func a(_ key: String) -> String { c[key] ?? key }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <adx xmlns="urn:ihe:qrph:adx:2015" exported="2026-03-05T12:00:00Z"\(root)>
              <group orgUnit="A1" period="2026-02-01/P1M" dataSet="monthly" \(a("Partner"))="\(a("pa"))">
                <dataValue dataElement="births" \(a("Sex"))="\(a("female"))" value="4" storedBy="li" lastUpdated="2026-03-02T08:00:00Z"/>
                <dataValue dataElement="births" \(a("Sex"))="\(a("male"))" value="5" storedBy="li" lastUpdated="2026-03-02T08:00:00Z"/>
              </group>
              <group orgUnit="A1" period="2026-02-01/P1M" dataSet="monthly" \(a("Partner"))="\(a("pb"))">
                <dataValue dataElement="births" \(a("Sex"))="\(a("male"))" value="2" storedBy="li" lastUpdated="2026-03-02T08:00:00Z"/>
              </group>
              <group orgUnit="B1" period="2026-02-01/P1M" dataSet="monthly" \(a("Partner"))="\(a("pb"))">
                <dataValue dataElement="births" \(a("Sex"))="\(a("female"))" value="3" storedBy="wang" lastUpdated="2026-03-03T09:00:00Z"/>
              </group>
            </adx>

            """
    }

    /// Chinese names, read by name whatever the language.
    static let names = ["Partner": "合作伙伴", "pa": "甲伙伴", "pb": "乙伙伴", "Sex": "性别", "male": "男", "female": "女"]
    /// UIDs of the categories and options, as the metadata conversion writes them in the mapping file.
    static let uids = [
        "Partner": "PartnerCat1", "pa": "PartnerOptA", "pb": "PartnerOptB", "Sex": "SexCategory",
        "male": "MaleOption1", "female": "FemaleOptio",
    ]
    static let mapping = """
        kind,dhis2,tally
        category,SexCategory,sex
        category,SEX,sex
        category,PartnerCat1,partner
        option,MaleOption1,male
        option,MALE,male
        option,FemaleOptio,female
        option,PartnerOptA,pa
        option,PartnerOptB,pb

        """

    /// Imports `text` in `schemes`, checks the totals, and returns the export in the same schemes.
    func roundTrip(
        _ backend: TestBackend, _ text: String, _ schemes: IdentifierSchemes, mapping: String? = nil,
        language: Language = .en
    ) throws -> String {
        let county = try County.make(backend, metadata: Self.metadata, data: "dataelement,period,orgunit,value\n")
        defer { county.remove() }
        let map = try mapping.map { try IdentifierMapping.read(path: try county.file("ids.csv", $0)) }
        let summary = try county.workspace.importFile(
            try county.file("values.adx", text), mapping: map, schemes: schemes, user: "import", time: Self.now)
        #expect(summary.new == 4)
        let w = try county.reloaded()
        let subjects = try w.subjects(elements: ["births", "births.pa", "births.male", "births.female_pb"])
        let results = try w.query(subjects, period: try Period("202602"), orgUnit: try w.unit("C"))
        #expect(results.map { $0.rows.first?.figure.value } == [14, 9, 7, 3])
        var out = ""
        _ = try w.export(
            format: .adx, orgUnit: nil, mapping: map, schemes: schemes, language: language,
            exported: Self.now
        ) { out += $0 }
        return out
    }

    @Test(arguments: TestBackend.available)
    func byNameInAnyLanguage(_ backend: TestBackend) throws {
        let schemes = try IdentifierSchemes(category: "name", categoryOption: "NAME")
        let chinese = Self.adx(Self.names)
        #expect(try roundTrip(backend, chinese, schemes, language: .zh) == chinese)
        // English names read as the same values, and write back as themselves.
        let english = Self.adx(["pa": "Partner A", "pb": "Partner B", "male": "Male", "female": "Female"])
        #expect(try roundTrip(backend, english, schemes) == english)
    }

    @Test(arguments: TestBackend.available)
    func byUID(_ backend: TestBackend) throws {
        let schemes = try IdentifierSchemes(category: "uid", categoryOption: "uid")
        let text = Self.adx(Self.uids)
        #expect(try roundTrip(backend, text, schemes, mapping: Self.mapping) == text)
        // Without the schemes Tally's codes read as before, and the mapping's first rows are written.
        let codes = Self.adx(["Partner": "partner", "Sex": "sex"])
        #expect(try roundTrip(backend, codes, IdentifierSchemes(), mapping: Self.mapping) == text)
        // The DHIS2 codes of the mapping are not UIDs.
        let county = try County.make(backend, metadata: Self.metadata, data: "dataelement,period,orgunit,value\n")
        defer { county.remove() }
        let refusal = try #require(
            thrown(ImportError.self) {
                try county.workspace.importFile(
                    try county.file("v.adx", Self.adx(["Partner": "PartnerCat1", "Sex": "SEX", "pa": "PartnerOptA"])),
                    mapping: try IdentifierMapping.read(path: try county.file("ids.csv", Self.mapping)),
                    schemes: schemes, user: "import", time: Self.now)
            })
        let issue = try #require(refusal.issues.first)
        #expect(issue.line == 4 && issue.column == "SEX" && issue.code == .unknownKey)
    }

    /// The file's own keys, on the ADX root, choose the schemes no option chose; an option given wins.
    @Test(arguments: TestBackend.available)
    func theFilesOwnKeys(_ backend: TestBackend) throws {
        let root = #" categoryIdScheme="NAME" categoryOptionIdScheme="name""#
        let text = Self.adx(root: root, Self.names)
        let county = try County.make(backend, metadata: Self.metadata, data: "dataelement,period,orgunit,value\n")
        defer { county.remove() }
        let path = try county.file("values.adx", text)
        #expect(try county.workspace.importFile(path, user: "import", time: Self.now).new == 4)
        // The option wins over the file's key: codes are no names.
        let other = try County.make(backend, metadata: Self.metadata, data: "dataelement,period,orgunit,value\n")
        defer { other.remove() }
        let refusal = try #require(
            thrown(ImportError.self) {
                try other.workspace.importFile(
                    try other.file("values.adx", text), schemes: try IdentifierSchemes(category: "code"),
                    user: "import", time: Self.now)
            })
        #expect(refusal.issues.first?.column == "性别")
    }

    /// An option name two options share names neither: refused at its line and attribute, in zh and en.
    @Test(arguments: TestBackend.available)
    func anAmbiguousOptionNameIsRefused(_ backend: TestBackend) throws {
        let metadata = Self.metadata.replacingOccurrences(
            of: "pb: {en: Partner B, zh: 乙伙伴}", with: "pb: {en: Partner A, zh: 甲伙伴}")
        let county = try County.make(backend, metadata: metadata, data: "dataelement,period,orgunit,value\n")
        defer { county.remove() }
        let refusal = try #require(
            thrown(ImportError.self) {
                try county.workspace.importFile(
                    try county.file("values.adx", Self.adx(Self.names)),
                    schemes: try IdentifierSchemes(category: "name", categoryOption: "name"), user: "import",
                    time: Self.now)
            })
        let issue = try #require(refusal.issues.first)
        #expect(issue.code == .ambiguousIdentifier && issue.line == 4 && issue.column == "合作伙伴")
        #expect(
            issue.details.en
                == "by --category-option-id-scheme name, '甲伙伴' identifies 2 of the category options: pa, pb; use the code"
        )
        #expect(issue.details.zh == "按 --category-option-id-scheme name，“甲伙伴”同时是2个分类选项的标识：pa、pb；请改用代码")
        // By code they are apart.
        let summary = try county.workspace.importFile(
            try county.file("codes.adx", Self.adx(["Partner": "partner", "Sex": "sex"])), user: "import",
            time: Self.now)
        #expect(summary.new == 4)
        // An export by name would not read back: refused before anything is written.
        var out = ""
        let error = try #require(
            thrown(IdentifierSchemeError.self) {
                try county.reloaded().export(
                    format: .adx, orgUnit: nil, schemes: try IdentifierSchemes(categoryOption: "name"),
                    language: .zh
                ) { out += $0 }
            })
        #expect(error.errorCode == "idScheme.shared" && out.isEmpty)
    }

    /// A category name that is no XML name cannot be an ADX attribute: the export is refused, naming it.
    @Test(arguments: TestBackend.available)
    func aNameThatIsNoXMLNameIsRefusedOnExport(_ backend: TestBackend) throws {
        let metadata = Self.metadata.replacingOccurrences(of: "{en: Partner,", with: "{en: Funding partner,")
        let county = try County.make(backend, metadata: metadata, data: "dataelement,period,orgunit,value\n")
        defer { county.remove() }
        _ = try county.workspace.importFile(
            try county.file("values.adx", Self.adx(["Partner": "partner", "Sex": "sex"])), user: "import",
            time: Self.now)
        let w = try county.reloaded()
        var out = ""
        let error = try #require(
            thrown(IdentifierSchemeError.self) {
                try w.export(format: .adx, orgUnit: nil, schemes: try IdentifierSchemes(category: "name")) {
                    out += $0
                }
            })
        #expect(error.errorCode == "idScheme.notXMLName" && out.isEmpty)
        #expect(error.sentence.en.hasSuffix("category partner: Funding partner; use code or uid"))
    }
}
