import Foundation
import TallyCore
import TallyIO
import TallyInterchange
import TallyStore
import Testing

/// A few hundred values over daily, weekly, monthly, quarterly and financial-year periods, disaggregated by
/// one and two categories, with comments that need quoting and escaping in every format.
enum RoundTripData {
    static let yaml = """
        categories:
          sex: {name: Sex, options: {male: Male, female: Female}}
          age: {name: Age, options: {under5: Under 5, over5: 5 and over}}
        elements:
          births: {name: {en: Live births, zh: 出生数}, categories: [sex]}
          visits: {name: Home visits}
          checks: {name: Child checks, categories: [sex, age]}
          weight: {name: Mean weight change, type: number, aggregation: average_sum_org_unit, negative: true}
        datasets:
          monthly: {name: Monthly, period: monthly, level: 3, elements: [births]}
          daily: {name: Daily, period: daily, level: 3, elements: [visits]}
          weekly: {name: Weekly, period: weekly, level: 3, elements: [checks]}
          weights: {name: Weights, period: quarterly, level: 3, elements: [weight]}
          weightsJuly: {name: Weights by July years, period: financial_july, level: 3, elements: [weight]}
        """
    static let units = [
        OrgUnit(code: "C", name: "云溪县", parentCode: nil),
        OrgUnit(code: "A", name: "青石镇", parentCode: "C"),
        OrgUnit(code: "B", name: "白沙乡", parentCode: "C"),
        OrgUnit(code: "a1", name: "石桥村", parentCode: "A"),
        OrgUnit(code: "a2", name: "下溪村", parentCode: "A"),
        OrgUnit(code: "a3", name: "上溪村", parentCode: "A"),
        OrgUnit(code: "b1", name: "沙头村", parentCode: "B"),
        OrgUnit(code: "b2", name: "沙尾村", parentCode: "B"),
        OrgUnit(code: "b3", name: "新村", parentCode: "B"),
    ]
    static let villages = ["a1", "a2", "a3", "b1", "b2", "b3"]
    static let comments = [
        "checked with the clerk", "say \"hi\", then go", "two\nlines", "核实无误，已上报", "<b>&amp;</b> 'x'",
        "tab\there", " padded ",
    ]
    static let clerks = ["张三", "li.si", "王 五"]

    /// The CSV text of every value.
    static var csv: String {
        var rows = ["dataelement,period,orgunit,categoryoptioncombo,value,storedby,lastupdated,comment,followup"]
        var n = 0
        func add(_ element: String, _ period: String, _ unit: String, _ combo: String, _ value: String) {
            n += 1
            let comment = n % 7 == 0 ? comments[(n / 7) % comments.count] : ""
            let quoted = "\"" + comment.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            let time = "2025-\(10 + n % 3)-\(10 + n % 18)T0\(n % 10):15:0\(n % 10)Z"
            rows.append(
                [
                    element, period, unit, combo, value, clerks[n % clerks.count], time, comment.isEmpty ? "" : quoted,
                    n % 11 == 0 ? "true" : "false",
                ].joined(separator: ","))
        }
        for (u, unit) in villages.enumerated() {
            for month in 1...6 {
                for sex in ["male", "female"] { add("births", "20250\(month)", unit, sex, "\((u + 1) * month % 9)") }
            }
            for day in 1...20 { add("visits", "202510\(day < 10 ? "0" : "")\(day)", unit, "", "\(day * (u + 2) % 13)") }
            for week in [1, 2, 52, 53] {
                let period = week > 51 ? "2026W\(week - 51)" : "2025W\(week)"
                for sex in ["male", "female"] {
                    for age in ["under5", "over5"] { add("checks", period, unit, "\(sex)_\(age)", "\(week % 5 + u)") }
                }
            }
            add("weight", "2025Q1", unit, "", "\(Double(u) * 0.25 - 0.5)")
            add("weight", "2025July", unit, "", "1e-05")
        }
        return rows.joined(separator: "\n") + "\n"
    }

    static var mapping: IdentifierMapping {
        get throws {
            var rows: [(IdentifierMapping.Kind, String, String)] = [
                (.element, "BirthsUID01", "births"), (.element, "VisitsUID01", "visits"),
                (.element, "ChecksUID01", "checks"), (.combo, "MaleCOC0001", "male"), (.combo, "FemaleCOC01", "female"),
                (.combo, "DefaultCOC1", "default"), (.category, "SEX", "sex"), (.category, "AGE_GROUP", "age"),
                (.option, "M", "male"), (.option, "F", "female"), (.option, "LT5", "under5"),
                (.dataSet, "MonthlyDS01", "monthly"),
            ]
            for unit in units { rows.append((.orgUnit, "OU_" + unit.code.uppercased(), unit.code)) }
            return try IdentifierMapping(file: "ids.csv", rows: rows)
        }
    }
}

@Suite struct RoundTripTests {
    @Test func theTestDataHasAFewHundredValues() throws {
        let h = try Harness(yaml: RoundTripData.yaml, units: RoundTripData.units)
        let summary = try h.run(RoundTripData.csv, format: .csv)
        #expect(summary.new == 300)
        let values = try h.values()
        #expect(values.count == 300)
        #expect(Set(values.map(\.period.type)) == [.daily, .weekly, .monthly, .quarterly, .financialJuly])
        #expect(values.contains { $0.comment == "two\nlines" && $0.storedBy != nil })
        #expect(values.contains { $0.comment == "核实无误，已上报" })
        #expect(values.contains { $0.value == 1e-05 })
    }

    @Test(
        "import → export → import into a fresh database keeps every value, comment, clerk, time and mark",
        arguments: InterchangeFormat.allCases, [false, true])
    func roundTrip(format: InterchangeFormat, mapped: Bool) throws {
        let mapping = mapped ? try RoundTripData.mapping : nil
        let first = try Harness(yaml: RoundTripData.yaml, units: RoundTripData.units)
        try first.run(RoundTripData.csv, format: .csv)
        let exported = try first.export(format, mapping: mapping)
        if mapped {
            #expect(exported.contains("OU_A1"))
            #expect(!exported.contains("\"a1\"") && !exported.contains(",a1,"))
        }
        let second = try Harness(yaml: RoundTripData.yaml, units: RoundTripData.units)
        let summary = try second.run(exported, format: format, mapping: mapping)
        #expect(summary.new == 300)
        #expect(try second.snapshot() == (try first.snapshot()))
        #expect(try second.export(format, mapping: mapping) == exported)
        // A second import of the same file changes nothing.
        let again = try second.run(exported, format: format, mapping: mapping)
        #expect(again.unchanged == 300)
    }
}
