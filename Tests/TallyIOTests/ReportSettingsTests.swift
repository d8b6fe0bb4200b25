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
          population: {name: Population, aggregation: average}
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
}
