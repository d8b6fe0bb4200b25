import TallyCore
import TallyIO
import TallyText
import Testing

/// The metadata of issue 17 (`time_zone`, `capture_recapture:`, `review:`, `quality.coverage_thresholds`) and the
/// survey file of `tally report --dqr --survey`: what they accept and every refusal, with its place.
@Suite struct ReviewMetadataTests {
    static let base = """
        elements:
          births: {name: Live births, aggregation: sum}
          hospital: {name: Hospital births, aggregation: sum}
          matched: {name: On both lists, aggregation: sum}
          registered: {name: Registered, aggregation: sum}
          population: {name: Population, aggregation: average_sum_org_unit}
          census: {name: Census population, aggregation: average_sum_org_unit}
        indicators:
          reg_cov: {name: Registration coverage, numerator: "#{registered}", denominator: "#{births}", factor: 100}
        datasets:
          monthly: {name: Monthly, period: monthly, level: 2, due_days: 10, elements: [births, hospital, matched, registered]}

        """

    func parse(_ yaml: String) throws(MetadataError) -> Metadata {
        try MetadataParser(file: "t.yaml").parse(Self.base + yaml)
    }

    func refused(
        _ yaml: String, path: String, containing text: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try parse(yaml)
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch {
            #expect(error.keyPath == path, "\(error.keyPath)", sourceLocation: sourceLocation)
            #expect(error.message.contains(text), "\(error.message)", sourceLocation: sourceLocation)
            // In Chinese too, at the same place.
            #expect(
                error.message(.zh) != error.message(.en) && error.message(.zh).contains(path), "\(error.message(.zh))",
                sourceLocation: sourceLocation)
        }
    }

    @Test func theSectionsAsDocumented() throws {
        let m = try parse(
            """
            time_zone: Asia/Shanghai
            capture_recapture: {first: births, second: hospital, matched: matched, threshold: 85%}
            quality:
              coverage_thresholds: [85%, 0.9]
            review:
              elements: [births, registered]
              consistency:
                births: {trend: increasing, compare: expected}
              relations:
                unregistered: {name: Births not registered, a: births, b: registered, type: dropout, band: 10%}
                hospital_share: {a: hospital, b: births, type: at_least}
              external:
                survey: {indicator: reg_cov, band: 20%, survey: {"360121100000": 95.5}}
              population: {a: population, b: census}
            """)
        #expect(m.timeZone.identifier == "Asia/Shanghai")
        // Beijing has kept UTC+8 all year since 1991.
        #expect(m.timeZone.secondsFromUTC(at: 1_750_000_000) == 28_800)
        #expect(m.captureRecapture?.first.element == "births" && m.captureRecapture?.threshold == 0.85)
        #expect(m.quality.coverageThresholds == [0.85, 0.9])
        #expect(m.review.elements == ["births", "registered"])
        #expect(m.review.consistency["births"] == ReviewSettings.Consistency(trend: .increasing, compare: .expected))
        #expect(m.review.relations.map(\.code) == ["unregistered", "hospital_share"])
        #expect(m.review.relations.map(\.band) == [0.10, 0.10])
        #expect(m.review.relations.last?.kind == .atLeast)
        #expect(m.review.external.first?.band == 0.2 && m.review.external.first?.survey == ["360121100000": 95.5])
        #expect(m.review.population?.band == 0.10 && m.review.population?.b.element == "census")
    }

    @Test func withoutTheSections() throws {
        let m = try parse("")
        #expect(m.captureRecapture == nil && m.review.relations.isEmpty && m.quality.coverageThresholds.isEmpty)
        // A dropout without a band is judged only below 0.
        let d = try parse("review:\n  relations:\n    r: {a: births, b: registered, type: dropout}\n")
        #expect(d.review.relations.first?.band == nil)
    }

    @Test func badValuesAreRefusedWithTheirPlace() {
        refused("time_zone: Mars/Olympus\n", path: "time_zone", containing: "'Mars/Olympus' is not a time zone")
        refused("time_zone: ''\n", path: "time_zone", containing: "is not a time zone")
        refused(
            "capture_recapture: {first: births, second: hospital}\n", path: "capture_recapture",
            containing: "the key 'matched' is required")
        refused(
            "capture_recapture: {first: births, second: population, matched: matched}\n",
            path: "capture_recapture.second", containing: "is not a count")
        refused(
            "capture_recapture: {first: births, second: hospital, matched: matched, threshold: 120%}\n",
            path: "capture_recapture.threshold", containing: "above 100%")
        refused(
            "capture_recapture: {first: births, second: hospital, matched: nothing}\n",
            path: "capture_recapture.matched", containing: "nothing")
        refused(
            "quality:\n  coverage_thresholds: [90%, 85%]\n", path: "quality.coverage_thresholds[1]",
            containing: "thresholds must increase")
        refused("quality:\n  coverage_thresholds: [-5%]\n", path: "quality.coverage_thresholds[0]", containing: "share")
        refused(
            "review:\n  elements: [births, births]\n", path: "review.elements[1]", containing: "listed twice")
        refused(
            "review:\n  elements: [deaths]\n", path: "review.elements[0]", containing: "'deaths' is not a data element")
        refused(
            "review:\n  consistency:\n    births: {trend: sideways}\n", path: "review.consistency.births.trend",
            containing: "sideways")
        refused(
            "review:\n  consistency:\n    deaths: {trend: constant}\n", path: "review.consistency.deaths",
            containing: "'deaths' is not a data element")
        refused(
            "review:\n  relations:\n    r: {a: births, b: registered, type: bigger}\n", path: "review.relations.r.type",
            containing: "bigger")
        refused(
            "review:\n  relations:\n    r: {a: births, type: dropout}\n", path: "review.relations.r",
            containing: "the key 'b' is required")
        refused(
            "review:\n  external:\n    s: {indicator: nope}\n", path: "review.external.s.indicator",
            containing: "'nope' is not an indicator")
        refused(
            "review:\n  external:\n    s: {indicator: reg_cov, survey: {\"360121100000\": 0}}\n",
            path: "review.external.s.survey.360121100000", containing: "must be above 0")
        refused(
            "review:\n  population: {a: population, b: census, band: 0}\n", path: "review.population.band",
            containing: "not a share")
        refused("review:\n  elemnts: [births]\n", path: "review.elemnts", containing: "unknown key")
    }
}

/// The survey file: `comparison,orgunit,value`, each refusal naming its line and column in both languages.
@Suite struct SurveyFileTests {
    static let comparisons: Set<String> = ["reg", "anc"]
    static let units: Set<String> = ["360121100000", "360121101000"]

    func read(_ text: String) throws(SurveyFileError) -> [String: [String: Double]] {
        try SurveyFile.read(
            bytes: Array(text.utf8), name: "s.csv", comparisons: Self.comparisons, units: Self.units)
    }

    func refused(
        _ text: String, line: Int, column: String?, containing: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do {
            _ = try read(text)
            Issue.record("expected an error", sourceLocation: sourceLocation)
        } catch {
            #expect(error.line == line && error.column == column, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(containing), "\(error.message)", sourceLocation: sourceLocation)
            #expect(error.message(.zh).hasPrefix("s.csv，第\(line)行"), sourceLocation: sourceLocation)
        }
    }

    @Test func readsValuesInAnyColumnOrder() throws {
        let values = try read(
            "\u{FEFF}Value,OrgUnit,Comparison\n95.5,360121100000,reg\n88,360121101000,reg\n 70.25 ,360121100000, anc \n"
        )
        #expect(values == ["reg": ["360121100000": 95.5, "360121101000": 88], "anc": ["360121100000": 70.25]])
    }

    @Test func refusesWhatCannotBeASurveyValue() {
        refused("orgunit,value\n", line: 1, column: nil, containing: "expected the header comparison,orgunit,value")
        refused("", line: 1, column: nil, containing: "the file is empty")
        refused(
            "comparison,orgunit,value\nbirths,360121100000,90\n", line: 2, column: "comparison",
            containing: "'births' is not a survey comparison; expected one of: anc, reg")
        refused(
            "comparison,orgunit,value\nreg,999,90\n", line: 2, column: "orgunit", containing: "'999' is not an org unit"
        )
        for bad in ["0", "-3", "abc", "nan", "inf", ""] {
            refused(
                "comparison,orgunit,value\nreg,360121100000,\(bad)\n", line: 2, column: "value",
                containing: "is not a survey value")
        }
        refused(
            "comparison,orgunit,value\nreg,360121100000,90\nreg,360121100000,91\n", line: 3, column: "orgunit",
            containing: "already has a value for reg on line 2")
        // A hidden character in a code is named, not matched against a look-alike.
        refused(
            "comparison,orgunit,value\nreg,360121100000\u{200B},90\n", line: 2, column: "orgunit",
            containing: "zero-width")
    }

    @Test func aFileThatCannotBeReadIsNamed() {
        do {
            _ = try SurveyFile.read(path: "/nonexistent/s.csv", comparisons: Self.comparisons, units: Self.units)
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 0 && error.message.contains("/nonexistent/s.csv"), "\(error.message)")
        }
    }
}
