import Foundation

/// What the demo county's towns report themselves: births delivered in hospital with the births the office matched
/// to the villages' reports (for the capture–recapture estimate), and the statistics bureau's census population
/// (a second population source for the data quality review). The county has them; the benchmark province does not.
extension DemoCounty {
    /// Whether this scale has the towns' own data.
    var hasTownData: Bool { !scale.isProvince }

    /// The reporting year reviewed by the demo's WHO data quality review.
    public static let reviewYear = "2025Oct"

    /// Share of the true births on the villages' list in a clean town (the under-reporting town: 0.62).
    static let villageListShare = 0.97
    /// Share of the true births delivered in (and reported by) a hospital.
    static let hospitalShare = 0.90
    /// The town whose census population is off: the ninth (index 8), 14% above its villages' population.
    static let censusOffTown = 8
    static let censusOffFactor = 1.14

    /// The towns' codes, in order.
    var townCodes: [String] { orgUnits.filter { $0.level == scale.townLevel }.map(\.code) }

    /// Metadata entries for the towns' elements, inserted under `elements:`.
    var townElementYAML: String {
        guard hasTownData else { return "" }
        return """
              # Reported by the towns: births delivered in hospital, and those of them the office matched with
              # the villages' birth reports (a capture–recapture estimate of all births).
              births_hospital:
                name: {en: Births reported by hospitals, zh: 医院报告出生数}
                type: integer
                aggregation: sum
              births_matched:
                name: {en: Births on both lists, zh: 两来源均有的出生数}
                type: integer
                aggregation: sum
              # The statistics bureau's population of each town (a second population source).
              population_census:
                name: {en: Population (census), zh: 人口数（统计局）}
                type: integer
                aggregation: average_sum_org_unit

            """
    }

    /// Metadata entries for the towns' datasets, inserted under `datasets:`.
    var townDatasetYAML: String {
        guard hasTownData else { return "" }
        return """
              hospital_births:
                name: {en: Hospital births matched, zh: 医院出生比对月报}
                period: monthly
                level: \(scale.townLevel)
                due_days: 15
                elements: [births_hospital, births_matched]
              census:
                name: {en: Census population, zh: 统计局人口}
                period: yearly
                level: \(scale.townLevel)
                due_days: 31
                elements: [population_census]

            """
    }

    /// The survey's registration coverage of each town (and the county): what a household survey finds, the true
    /// share of births registered, which the villages' own reports cannot show where births go unreported.
    func surveyCoverage() -> [(code: String, value: Double)] {
        let towns = townCodes
        var rng = DemoRandom(seed: seed, tag: 0x5A5A)
        var result: [(code: String, value: Double)] = []
        var weighted = 0.0
        var weights = 0.0
        for (t, code) in towns.enumerated() {
            let under = t < townFlags.count && townFlags[t] & Self.underReportingFlag != 0
            let share = Self.registrationShare * (under ? Self.underReportingFactor : 1)
            let value = ((share + rng.uniform(-0.015...0.015)) * 1000).rounded() / 10
            let people = Double(
                villageCodes.indices.filter { villageTown[$0] == t }.map { population[$0 * Self.years + 2] }.reduce(
                    0, +))
            weighted += value * people
            weights += people
            result.append((code, value))
        }
        let county = orgUnits.first { $0.parentCode == nil }!.code
        return [(county, (weighted / max(weights, 1) * 10).rounded() / 10)] + result
    }

    /// The `capture_recapture:` and `review:` sections.
    var reviewYAML: String {
        guard hasTownData else { return "" }
        let survey = surveyCoverage().map { "\n        \"\($0.code)\": \(DemoDecimal.one($0.value))" }
            .joined()
        return """

            # Capture–recapture: births registered by the villages and births reported by the hospitals, with those
            # the office found on both lists, estimate all births and how complete each list is (tally check, the
            # bulletin and the data quality review).
            capture_recapture:
              name: {en: Births from two lists, zh: 出生两来源比对}
              first: births
              second: births_hospital
              matched: births_matched
              threshold: 85%

            # The WHO data quality review (tally report --dqr).
            review:
              elements: [births, births_order3, registrations, anc_visits, child_checks]
              consistency:
                births: {trend: decreasing, compare: boundary}   # the birth rate falls every year
              relations:
                registered:
                  name: {en: Births not registered, zh: 出生未登记比例}
                  a: births
                  b: registrations
                  type: dropout
                  band: 10%
                anc_per_birth:
                  name: {en: Antenatal first visits against births, zh: 孕早期检查与出生数}
                  a: anc_visits
                  b: births
                  type: same_as_boundary
                  band: 33%
                order3_within_births:
                  name: {en: Births of order three and higher within births, zh: 多孩出生数不超过出生数}
                  a: births
                  b: births_order3
                  type: at_least
                  band: 0
              external:
                registration_survey:
                  name: {en: Birth registration coverage (household survey), zh: 出生登记率（入户调查）}
                  indicator: registration_coverage
                  band: 33%
                  survey:   # the share of births registered a household survey found, by unit\(survey)
              population:
                a: population
                b: population_census
                band: 10%

            """
    }

    /// `towns.csv`: each town's hospital births and matched births for every month, and its census population for
    /// every year, in the format of `data.csv`.
    public func townDataCSV() -> String {
        guard hasTownData else { return Self.dataHeader + "\n" }
        let towns = townCodes
        var out = Self.dataHeader + "\n"
        // Census population: the villages' population of the town, off by a bias of the town's within ±2% (one
        // town 14% above) and ±0.2% a year.
        for y in 0..<Self.years {
            for (t, code) in towns.enumerated() {
                var bias = DemoRandom(seed: seed, tag: 0xCE45, t)
                var rng = DemoRandom(seed: seed, tag: 0xCE46, t, y)
                let people = villageCodes.indices.filter { villageTown[$0] == t }.map {
                    population[$0 * Self.years + y]
                }
                .reduce(0, +)
                let factor =
                    (t == Self.censusOffTown ? Self.censusOffFactor : 1) * (1 + bias.uniform(-0.02...0.02))
                    * (1 + rng.uniform(-0.002...0.002))
                let entered = populationEntryTime(village: t, year: y)
                out +=
                    "population_census,\(Self.firstYear + y),\(code),,\(Int((Double(people) * factor).rounded())),statistics_bureau,\(DemoCalendar.iso(entered))\n"
            }
        }
        // Hospital births: of the true births, the villages' list holds 97% (62% in the under-reporting town) and
        // the hospitals' 90%, independently; matched are the births on both.
        var reported = [[Int]](repeating: [Int](repeating: 0, count: Self.months), count: towns.count)
        forEachReport(
            population: { _, _, _, _ in },
            monthly: { v, m, report in reported[villageTown[v]][m] += report.male + report.female })
        for m in 0..<Self.months {
            let (year, month) = Self.calendarMonth(m)
            let period = String(year * 100 + month)
            for (t, code) in towns.enumerated() {
                var rng = DemoRandom(seed: seed, tag: 0x4B5B, t, m)
                let under = townFlags[t] & Self.underReportingFlag != 0
                let listed = reported[t][m]
                let share = Self.villageListShare * (under ? Self.underReportingFactor : 1)
                let unlisted = rng.poisson(Double(listed) * (1 / share - 1))
                let matched = rng.binomial(listed, Self.hospitalShare)
                let hospital = matched + rng.binomial(unlisted, Self.hospitalShare)
                let end = DemoCalendar.lastDay(year: year, month: month)
                let entered = Int64(end + 5 + rng.int(0...7)) * 86_400 + 2 * 3_600
                let clerk = "clerk_" + code
                out += "births_hospital,\(period),\(code),,\(hospital),\(clerk),\(DemoCalendar.iso(entered))\n"
                out += "births_matched,\(period),\(code),,\(matched),\(clerk),\(DemoCalendar.iso(entered))\n"
            }
        }
        return out
    }
}

/// A number with at most one decimal, as YAML writes it.
enum DemoDecimal {
    static func one(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return tenths % 10 == 0 ? "\(tenths / 10)" : "\(tenths / 10).\(abs(tenths % 10))"
    }
}
