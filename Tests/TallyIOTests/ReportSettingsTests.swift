import TallyCore
import TallyIO
import TallyText
import Testing

/// The `report:` section of the metadata file and its defaults.
@Suite struct ReportSettingsTests {
    static let base = """
        categories:
          sex: {name: Sex, options: {male: Male, female: Female}}
        elements:
          population: {name: Population, aggregation: average_sum_org_unit}
          births: {name: Live births, categories: [sex]}
          deaths: {name: Deaths}
        indicators:
          cbr: {name: Crude birth rate, numerator: "#{births}", denominator: "#{population}", factor: 1000}
          srb: {name: Sex ratio at birth, numerator: "#{births.male}", denominator: "#{births.female}", factor: 100}

        """

    @Test func readsTheSection() throws {
        let m = try MetadataParser()
            .parse(
                Self.base + """
                    report:
                      title: {en: Quarterly bulletin, zh: 季度简报}
                      figures: [deaths, srb, births.male]
                      rank_by: srb
                      trend: births.male
                      findings: 5
                    """)
        let r = m.reportSettings
        #expect(r.title?.text(.zh) == "季度简报")
        #expect(r.figures == ["deaths", "srb", "births.male"])
        #expect(r.rankBy == "srb" && r.trend == "births.male" && r.findings == 5)
    }

    @Test func defaultsWithoutTheSection() throws {
        let r = try MetadataParser().parse(Self.base).reportSettings
        // The first summed element that is not the population, then up to three indicators.
        #expect(r.figures == ["births", "cbr", "srb"])
        #expect(r.rankBy == "cbr" && r.trend == "births" && r.findings == 8 && r.title == nil)
        let onlyIndicators = try MetadataParser().parse(Self.base + "report: {figures: [srb]}").reportSettings
        #expect(onlyIndicators.rankBy == "srb" && onlyIndicators.trend == "srb")
    }

    func refused(_ section: String, _ code: MetadataError.Code, path: String, containing text: String) {
        do {
            _ = try MetadataParser(file: "t.yaml").parse(Self.base + section)
            Issue.record("expected an error for \(section)")
        } catch {
            #expect(error.code == code, "\(error.message)")
            #expect(error.keyPath == path, "\(error.message)")
            #expect(error.message.contains(text), "\(error.message)")
            #expect(error.line != nil)
        }
    }

    @Test func refusesBadSections() {
        refused("report: {figures: [births, cbrx]}", .unknownReference, path: "report.figures[1]", containing: "'cbrx'")
        refused("report: {figures: [births, births]}", .duplicateCode, path: "report.figures[1]", containing: "twice")
        refused(
            "report: {figures: [births.unknown]}", .unknownReference, path: "report.figures[0]", containing: "neither")
        refused("report: {rank_by: nothing}", .unknownReference, path: "report.rank_by", containing: "'nothing'")
        refused("report: {trend: 12}", .unknownReference, path: "report.trend", containing: "'12'")
        refused("report: {findings: 500}", .badValue, path: "report.findings", containing: "500")
        refused("report: {figures: births}", .wrongType, path: "report.figures", containing: "list")
        refused("report: {colour: red}", .unknownKey, path: "report.colour", containing: "figures")
    }

    /// The issuing office (a localized text, trimmed) and the issue number (a string), both optional.
    @Test func readsTheOfficeAndTheNumber() throws {
        let m = try MetadataParser()
            .parse(
                Self.base + """
                    report:
                      office: {zh: " 云溪县统计局 ", en: Yunxi County Statistics Bureau}
                      number: "2025年第10期"
                    """)
        let r = m.reportSettings
        #expect(r.office?.text(.zh) == "云溪县统计局")
        #expect(r.office?.text(.en) == "Yunxi County Statistics Bureau")
        #expect(r.number == "2025年第10期")
        let plain = try MetadataParser().parse(Self.base + "report: {office: 云溪县统计局}").reportSettings
        #expect(plain.office?.text(.en) == "云溪县统计局" && plain.number == nil)
        let none = try MetadataParser().parse(Self.base).reportSettings
        #expect(none.office == nil && none.number == nil)
    }

    /// A blank or over-long office or number is refused at its key path, in Chinese and in English.
    @Test func refusesABadOfficeOrNumber() {
        refused("report: {office: \"  \"}", .badValue, path: "report.office", containing: "must not be empty")
        refused("report: {office: {zh: \"\", en: Bureau}}", .badValue, path: "report.office.zh", containing: "empty")
        refused(
            "report: {number: \"\(String(repeating: "期", count: 41))\"}", .badValue, path: "report.number",
            containing: "is too long (41 characters); at most 40")
        refused("report: {number: [1, 2]}", .wrongType, path: "report.number", containing: "text")
        // A pattern's braces hold {year} or {seq} only.
        refused(
            "report: {number: \"云统〔{yr}〕{seq}号\"}", .badValue, path: "report.number",
            containing: "'{yr' is not a placeholder; use {year} (the year) and {seq} (the sequence in the year)")
        do {
            _ = try MetadataParser(file: "t.yaml").parse(Self.base + "report: {office: \"\"}")
            Issue.record("expected an error")
        } catch {
            #expect(error.message(.zh).contains("report.office：不能为空"), "\(error.message(.zh))")
        }
    }
}
