import TallyCore
import TallyEngine
import Testing

/// A small hand-written county for figures checked by hand.
///
/// ```
/// C 县 (county)
/// ├── A 甲镇            ├── B 乙镇
/// │   ├── a1 一村        │   └── b1 三村
/// │   └── a2 二村
/// ```
/// Population (yearly, `average`): 2025: a1 1000, a2 3000, b1 2000; 2026: a1 1100, a2 2900, b1 2000.
/// Births by sex (monthly, `sum`), male/female:
/// | unit | 202410 | 202411 | 202510 | 202511 | 202512 | 202601 | 202602 |
/// |------|--------|--------|--------|--------|--------|--------|--------|
/// | a1   | 1/1    | 0/1    | 1/2    | 2/0    | 0/1    | 1/1    | 1/0    |
/// | a2   | 3/2    | 2/2    | 5/3    | 2/4    | 3/3    | 4/2    | 2/2    |
/// | b1   | 2/2    | 3/1    | 4/4    | 2/1    | –      | 3/2    | 1/1    |
/// (b1 reported nothing for 202512: missing, not zero.)
enum Fixture {
    static let metadata: Metadata = {
        let sex = Category(
            code: "sex", name: "Sex",
            options: [CategoryOption(code: "male", name: "Male"), CategoryOption(code: "female", name: "Female")])
        let births = DataElement(
            code: "births", name: "Births", valueType: .integer, aggregation: .sum, categories: ["sex"])
        let population = DataElement(
            code: "population", name: "Population", valueType: .integer, aggregation: .averageSumOrgUnit)
        let cbr = Indicator(
            code: "cbr", name: "CBR", numerator: try! Expression(parsing: "#{births}"),
            denominator: try! Expression(parsing: "#{population}"), factor: 1000, decimals: 2, unit: "‰",
            annualized: true)
        let cbrPlain = Indicator(
            code: "cbr_plain", name: "CBR (not annualized)", numerator: try! Expression(parsing: "#{births}"),
            denominator: try! Expression(parsing: "#{population}"), factor: 1000, decimals: 2)
        let srb = Indicator(
            code: "srb", name: "SRB", numerator: try! Expression(parsing: "#{births.male}"),
            denominator: try! Expression(parsing: "#{births.female}"), factor: 100, decimals: 1)
        return Metadata(
            categories: [sex], elements: [births, population], indicators: [cbr, cbrPlain, srb], datasets: [])
    }()

    static let tree: OrgUnitTree = try! OrgUnitTree([
        OrgUnit(code: "C", name: "县", parentCode: nil),
        OrgUnit(code: "A", name: "甲镇", parentCode: "C"),
        OrgUnit(code: "a1", name: "一村", parentCode: "A"),
        OrgUnit(code: "a2", name: "二村", parentCode: "A"),
        OrgUnit(code: "B", name: "乙镇", parentCode: "C"),
        OrgUnit(code: "b1", name: "三村", parentCode: "B"),
    ])

    static let births: [String: [String: (Int, Int)]] = [
        "a1": [
            "202410": (1, 1), "202411": (0, 1), "202510": (1, 2), "202511": (2, 0), "202512": (0, 1), "202601": (1, 1),
            "202602": (1, 0),
        ],
        "a2": [
            "202410": (3, 2), "202411": (2, 2), "202510": (5, 3), "202511": (2, 4), "202512": (3, 3), "202601": (4, 2),
            "202602": (2, 2),
        ],
        "b1": [
            "202410": (2, 2), "202411": (3, 1), "202510": (4, 4), "202511": (2, 1), "202601": (3, 2), "202602": (1, 1),
        ],
    ]

    static let source: InMemoryValueSource = {
        var s = InMemoryValueSource()
        for (unit, byPeriod) in births {
            for (period, (male, female)) in byPeriod {
                s.add("births", combo: 0, unit: u(unit), period: try! Period(period), value: Double(male))
                s.add("births", combo: 1, unit: u(unit), period: try! Period(period), value: Double(female))
            }
        }
        for (unit, pops) in ["a1": (1000.0, 1100.0), "a2": (3000, 2900), "b1": (2000, 2000)] {
            s.add("population", unit: u(unit), period: try! Period("2025"), value: pops.0)
            s.add("population", unit: u(unit), period: try! Period("2026"), value: pops.1)
        }
        return s
    }()

    static func u(_ code: String) -> Int { tree.index[code]! }

    /// The category `sex` (male, female).
    static let sex = Category(
        code: "sex", name: "Sex",
        options: [CategoryOption(code: "male", name: "Male"), CategoryOption(code: "female", name: "Female")])

    /// `reference` (`element` or `element.option…`) over `period` for `unit` from `aggregator`.
    static func total(_ aggregator: Aggregator, _ reference: String, _ period: String, unit: String) throws -> Double? {
        let parts = reference.split(separator: ".").map(String.init)
        return try aggregator.totals(
            ElementReference(element: parts[0], options: Array(parts.dropFirst())), period: try Period(period))[
                u(unit)]
    }

    /// Builds the cube (`tally rollup`) of `elements` from `rows` (unit, element, combo index, period, value) over
    /// `periods`, and expects every series's cells to equal `aggregator`'s totals; returns the cube.
    @discardableResult
    static func expectCubeAgrees(
        metadata: Metadata, rows: [(String, String, Int, String, Double)], elements: [String], periods: [String],
        aggregator: Aggregator
    ) throws -> Cube {
        let periods = try periods.map { try Period($0) }
        var stored: [Period] = []
        var columns: [String: ValueColumns] = [:]
        func index(_ p: Period) -> Int32 {
            if let i = stored.firstIndex(of: p) { return Int32(i) }
            stored.append(p)
            return Int32(stored.count - 1)
        }
        for (unit, element, combo, period, value) in rows {
            columns[element, default: ValueColumns()].append(
                orgUnit: Int32(u(unit)), period: index(try Period(period)), combo: Int32(combo), value: value)
        }
        var builder = CubeBuilder(metadata: metadata, tree: tree, storedPeriods: stored, periods: periods)
        for element in elements { builder.add(element: element, values: columns[element] ?? ValueColumns()) }
        let cube = builder.finish()
        for (s, series) in cube.series.enumerated() {
            let reference = ElementReference(
                element: series.element,
                options: series.combo.isEmpty ? [] : series.combo.split(separator: "_").map(String.init))
            for (q, period) in periods.enumerated() {
                let expected = try aggregator.totals(reference, period: period)
                for unit in 0..<tree.count {
                    #expect(
                        cube.value(series: s, period: q, unit: unit) == expected[unit], "\(series) \(period) \(unit)")
                }
            }
        }
        return cube
    }

    static var engine: QueryEngine { QueryEngine(metadata: metadata, tree: tree, source: source) }
}
