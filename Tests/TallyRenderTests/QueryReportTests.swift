import Foundation
import TallyCore
import TallyEngine
import TallyRender
import TallyText
import Testing

@Suite struct QueryReportTests {
    static let tree = try! OrgUnitTree([
        OrgUnit(code: "C", name: "云溪县", parentCode: nil),
        OrgUnit(code: "A", name: "青石镇", parentCode: "C"),
        OrgUnit(code: "B", name: "Baisha", parentCode: "C"),
    ])
    static let metadata = Metadata(
        categories: [],
        elements: [
            DataElement(code: "births", name: "Births"),
            DataElement(code: "population", name: "Population", aggregation: .averageSumOrgUnit),
        ],
        indicators: [
            Indicator(
                code: "cbr", name: "CBR", numerator: try! Expression(parsing: "#{births}"),
                denominator: try! Expression(parsing: "#{population}"), factor: 1000, decimals: 2, unit: "‰")
        ],
        datasets: [])

    static var rows: [QueryRow] {
        let p = try! Period("202510..202601")
        let last = try! Period("202410..202501")
        return [
            QueryRow(
                unit: 1, period: p, figure: Figure(value: 9.834999, numerator: 212, denominator: 21556.5), rank: 1,
                comparison: ComparisonFigure(
                    period: last, figure: Figure(value: 10.5, numerator: 230, denominator: 21904.8), current: 9.834999)),
            QueryRow(
                unit: 2, period: p, figure: Figure(value: nil, numerator: 3, denominator: 0), rank: nil,
                comparison: ComparisonFigure(period: last, figure: Figure(value: nil), current: nil)),
        ]
    }

    @Test func json() {
        let text = QueryReport(rows: Self.rows, tree: Self.tree, subject: .indicator("cbr"), metadata: Self.metadata)
            .render(.json)
        #expect(
            text == """
                [
                  {"orgunit": "A", "name": "青石镇", "level": 2, "period": "202510..202601", "value": 9.834999, "numerator": 212, "denominator": 21556.5, "rank": 1, "compare_period": "202410..202501", "compare_value": 10.5, "change": -0.6650010000000002, "change_relative": -0.06333342857142858},
                  {"orgunit": "B", "name": "Baisha", "level": 2, "period": "202510..202601", "value": null, "numerator": 3, "denominator": 0, "rank": null, "compare_period": "202410..202501", "compare_value": null, "change": null, "change_relative": null}
                ]

                """)
    }

    @Test func csvKeepsFullPrecision() {
        let text = QueryReport(rows: Self.rows, tree: Self.tree, subject: .indicator("cbr"), metadata: Self.metadata)
            .render(.csv)
        let lines = text.split(separator: "\n")
        #expect(
            lines[0]
                == "orgunit,name,level,period,value,numerator,denominator,rank,compare_period,compare_value,change,change_relative"
        )
        #expect(
            lines[1]
                == "A,青石镇,2,202510..202601,9.834999,212,21556.5,1,202410..202501,10.5,-0.6650010000000002,-0.06333342857142858"
        )
        #expect(lines[2] == "B,Baisha,2,202510..202601,,3,0,,202410..202501,,,")
    }

    @Test func tableRoundsAndAligns() {
        let text = QueryReport(rows: Self.rows, tree: Self.tree, subject: .indicator("cbr"), metadata: Self.metadata)
            .render(.table)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines[0].hasPrefix("orgunit  name"))
        #expect(lines[2].contains("9.83"))
        #expect(lines[2].contains("−0.67"))
        #expect(lines[2].contains("−6.3%"))
        #expect(lines[3].contains("–"))
        // CJK names take two columns: the level column ends at the same display position on every row.
        let ends = lines.filter { !$0.hasPrefix("-") }.map { line -> Int in
            if line.contains("202510") {
                let cut = line.range(of: "2  202510")!
                return displayWidth(String(line[..<cut.lowerBound])) + 1
            }
            return displayWidth(String(line[..<line.range(of: "level")!.upperBound]))
        }
        #expect(Set(ends).count == 1, "\(text)")
    }
}

@Suite struct QueryReportTitleTests {
    static let metadata: Metadata = {
        let sex = Category(
            code: "sex", name: "Sex",
            options: [CategoryOption(code: "male", name: LocalizedText(translations: ["en": "Male", "zh": "男"]))])
        let births = DataElement(
            code: "births", name: LocalizedText(translations: ["en": "Live births", "zh": "出生数"]), categories: ["sex"])
        let cbr = Indicator(
            code: "cbr", name: LocalizedText(translations: ["en": "Crude birth rate", "zh": "出生率"]),
            numerator: try! Expression(parsing: "#{births}"), denominator: try! Expression(parsing: "1"))
        return Metadata(categories: [sex], elements: [births], indicators: [cbr], datasets: [])
    }()

    @Test func namesInTheChosenLanguage() {
        let tree = QueryReportTests.tree
        func title(_ subject: Subject, _ language: Language) -> String {
            QueryReport(rows: [], tree: tree, subject: subject, metadata: Self.metadata, language: language).title
        }
        #expect(title(.indicator("cbr"), .zh) == "出生率")
        #expect(title(.indicator("cbr"), .en) == "Crude birth rate")
        #expect(title(.element(ElementReference(element: "births", options: ["male"])), .zh) == "出生数 (男)")
        #expect(title(.element(ElementReference(element: "births")), .en) == "Live births")
    }
}
