import Foundation
import Testing

@testable import TallyDemo

/// The demo county: determinism, tree, file formats and plausible totals.
@Suite struct DemoCountyTests {
    static let demo = DemoCounty()
    static let rows: [DemoDataRow] = {
        var rows: [DemoDataRow] = []
        demo.forEachDataRow { rows.append($0) }
        return rows
    }()

    @Test func sameSeedGivesIdenticalBytes() {
        let a = DemoCounty()
        let b = DemoCounty(scale: .county, seed: 2025_10_01)
        #expect(a.metadataYAML == b.metadataYAML)
        #expect(a.orgUnitsCSV() == b.orgUnitsCSV())
        #expect(a.dataCSVBytes() == b.dataCSVBytes())
        #expect(a.problems == b.problems)
    }

    @Test func otherSeedGivesOtherData() {
        let other = DemoCounty(seed: 7)
        #expect(other.dataCSVBytes() != Self.demo.dataCSVBytes())
        #expect(other.orgUnits.count == Self.demo.orgUnits.count)
    }

    @Test func treeHasCountyTownsAndVillages() {
        let units = Self.demo.orgUnits
        #expect(units.count == 1 + 12 + 250)
        #expect(
            units[0]
                == DemoOrgUnit(
                    code: "360121000000", name: "云溪县", parentCode: nil, level: 1, englishName: "Yunxi County"))
        let towns = units.filter { $0.level == 2 }
        #expect(towns[3].name == "白沙乡" && towns[3].englishName == "Baisha Township")
        #expect(towns[0].englishName == "Yunxi Subdistrict" && towns[2].englishName == "Qingshi Town")
        #expect(units.filter { $0.level == 3 }.allSatisfy { $0.englishName == nil })
        #expect(towns.map(\.code) == (0..<12).map { "360121\(100 + $0)000" })
        #expect(towns.allSatisfy { $0.parentCode == "360121000000" })
        #expect(towns.contains { $0.name == "白沙乡" })
        #expect(Set(towns.map(\.name)).count == 12)
        #expect(towns.allSatisfy { ["镇", "乡", "街道"].contains(where: $0.name.hasSuffix) })
        let villages = units.filter { $0.level == 3 }
        #expect(villages.count == 250)
        #expect(Self.demo.villages == villages.map(\.code))
        #expect(Set(units.map(\.code)).count == units.count)
        #expect(Set(units.map(\.name)).count == units.count)
        for village in villages {
            let suffix = village.code.suffix(3)
            #expect(village.code.hasPrefix(village.parentCode!.prefix(9)))
            if village.name.hasSuffix("社区") {
                #expect(suffix.hasPrefix("0") && suffix != "000")
            } else {
                #expect(village.name.hasSuffix("村"))
                #expect(suffix.hasPrefix("2") || suffix.hasPrefix("3"))
            }
        }
        for unit in units {
            #expect(unit.code.count == 12 && unit.code.allSatisfy(\.isASCII) && unit.code.allSatisfy(\.isNumber))
        }
    }

    @Test func parentsComeBeforeChildren() {
        var seen: [String: Int] = [:]
        for unit in Self.demo.orgUnits {
            if let parent = unit.parentCode {
                #expect(seen[parent] == unit.level - 1)
            }
            seen[unit.code] = unit.level
        }
    }

    @Test func orgUnitsCSVIsWellFormed() {
        let text = Self.demo.orgUnitsCSV()
        #expect(!text.contains("\r"))
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "code,name,parent,name_en")
        #expect(lines.last == "")
        #expect(lines.count == Self.demo.orgUnits.count + 2)
        for (line, unit) in zip(lines.dropFirst(), Self.demo.orgUnits) {
            #expect(line == "\(unit.code),\(unit.name),\(unit.parentCode ?? ""),\(unit.englishName ?? "")")
        }
    }

    @Test func csvFieldsAreQuotedWhenNeeded() {
        #expect(DemoCSV.field("青石镇") == "青石镇")
        #expect(DemoCSV.field("a,b") == "\"a,b\"")
        #expect(DemoCSV.field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(DemoCSV.text([["a", "b\nc"]]) == "a,\"b\nc\"\n")
    }

    @Test func dataCSVMatchesTheRows() throws {
        let bytes = Self.demo.dataCSVBytes()
        let text = try #require(String(validating: bytes, as: UTF8.self))
        #expect(!text.contains("\r") && !text.contains("\""))
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.removeLast() == "")
        #expect(lines.removeFirst() == DemoCounty.dataHeader)
        #expect(lines.count == Self.rows.count)
        #expect(lines.count == Self.demo.dataRowCount)
        for (line, row) in zip(lines, Self.rows) where line != row.csvLine {
            Issue.record("\(line) != \(row.csvLine)")
            break
        }
        #expect(Self.rows.count == 250 * 4 + (250 * 36 - 6) * 8)
    }

    @Test func rowsAreWellFormedAndGroupedByPeriodThenUnit() throws {
        let order = Dictionary(uniqueKeysWithValues: Self.demo.villages.enumerated().map { ($1, $0) })
        let periods = DemoCounty.yearlyPeriods + DemoCounty.monthlyPeriods
        #expect(DemoCounty.monthlyPeriods.count == 36)
        #expect(DemoCounty.monthlyPeriods.first == "202310" && DemoCounty.monthlyPeriods.last == "202609")
        #expect(DemoCounty.yearlyPeriods == ["2023", "2024", "2025", "2026"])
        var periodIndex = 0
        var lastUnit = -1
        for row in Self.rows {
            if row.period != periods[periodIndex] {
                periodIndex += 1
                lastUnit = -1
                try #require(row.period == periods[periodIndex])
            }
            let unit = try #require(order[row.orgUnit])
            try #require(unit >= lastUnit)
            lastUnit = unit
            try #require(row.value >= 0)
            try #require(row.storedBy == "clerk_" + row.orgUnit)
            try #require(row.categoryOptionCombo == (row.element == .births ? row.categoryOptionCombo : ""))
            if row.element == .births { try #require(["male", "female"].contains(row.categoryOptionCombo)) }
            try #require((row.element == .population) == (row.period.count == 4))
            let stamp = row.lastUpdatedText
            try #require(stamp.count == 20 && stamp.hasSuffix("Z") && stamp.dropFirst(10).first == "T")
        }
        #expect(periodIndex == periods.count - 1)
        let months = Set(Self.rows.filter { $0.period.count == 6 }.map(\.period))
        #expect(months.count == 36)
    }

    @Test func metadataHasTheRequiredKeys() {
        let yaml = Self.demo.metadataYAML
        for key in [
            "categories:", "elements:", "indicators:", "datasets:", "sex:", "population:", "births:",
            "births_order3:", "registrations:", "anc_visits:", "anc_visits_verified:", "child_checks:",
            "child_checks_verified:", "cbr:", "srb:", "order3_share:", "registration_coverage:", "monthly:",
            "numerator: \"#{births.male}\"", "unit: \"‰\"", "annualized: true", "due_days: 10", "due_days: 31",
            "level: 3", "zh: 孕早期检查人数（核实）", "aggregation: average_sum_org_unit",
        ] {
            #expect(yaml.contains(key), "missing \(key)")
        }
        #expect(!yaml.contains("\t"))
        #expect(yaml.split(separator: "\n").allSatisfy { $0.count <= 120 })
    }

    @Test func populationIsPlausible() throws {
        for year in 2023...2026 {
            let total = Self.rows.filter { $0.element == .population && $0.period == String(year) }.map(\.value)
            #expect(total.count == 250)
            #expect((300_000...420_000).contains(total.reduce(0, +)), "year \(year): \(total.reduce(0, +))")
            #expect(total.allSatisfy { (200...4_000).contains($0) })
        }
        for village in Self.demo.villages {
            let values = try (2023...2026).map { try #require(Self.demo.population(of: village, year: $0)) }
            for (a, b) in zip(values, values.dropFirst()) {
                #expect(abs(Double(b - a) / Double(a)) <= 0.016)
            }
        }
        // Seat communities are larger than the town's villages.
        let units = Self.demo.orgUnits
        for town in units where town.level == 2 {
            let children = units.filter { $0.parentCode == town.code }
            let seat = try #require(children.first)
            let villages = children.filter { $0.name.hasSuffix("村") }
            guard !villages.isEmpty else { continue }
            let seatPopulation = try #require(Self.demo.population(of: seat.code, year: 2023))
            let mean =
                villages.compactMap { Self.demo.population(of: $0.code, year: 2023) }.reduce(0, +)
                / villages.count
            #expect(seatPopulation > mean)
        }
    }

    @Test func birthsAreInRange() {
        let firstYear = Set(DemoCounty.monthlyPeriods.prefix(12))
        let births = Self.rows.filter { $0.element == .births && firstYear.contains($0.period) }
        let total = births.map(\.value).reduce(0, +)
        let population = Self.rows.filter { $0.element == .population && $0.period == "2024" }.map(\.value)
            .reduce(0, +)
        let cbr = Double(total) / Double(population) * 1000
        #expect((8...12).contains(cbr), "CBR \(cbr)")
        let all = Self.rows.filter { $0.element == .births }
        let male = all.filter { $0.categoryOptionCombo == "male" }.map(\.value).reduce(0, +)
        let female = all.filter { $0.categoryOptionCombo == "female" }.map(\.value).reduce(0, +)
        let srb = Double(male) / Double(female) * 100
        #expect((104...116).contains(srb), "SRB \(srb)")
        let order3 = Self.rows.filter { $0.element == .birthsOrder3 }.map(\.value).reduce(0, +)
        let share = Double(order3) / Double(male + female)
        #expect((0.075...0.105).contains(share), "order 3+ \(share)")
        let registrations = Self.rows.filter { $0.element == .registrations }.map(\.value).reduce(0, +)
        let coverage = Double(registrations) / Double(male + female)
        #expect((0.94...0.98).contains(coverage), "registration \(coverage)")
        // Births decline about 6 % a year.
        let byYear = (0..<3).map { year in
            let periods = Set(DemoCounty.monthlyPeriods[(year * 12)..<(year * 12 + 12)])
            return Double(all.filter { periods.contains($0.period) }.map(\.value).reduce(0, +))
        }
        #expect(byYear[2] < byYear[0] * 0.95 && byYear[2] > byYear[0] * 0.80)
    }

    @Test func serviceRatiosArePlausible() {
        let population = Double(
            Self.rows.filter { $0.element == .population && $0.period == "2025" }.map(\.value).reduce(0, +))
        let lastYear = Set(DemoCounty.monthlyPeriods.suffix(12))
        let checks = Double(
            Self.rows.filter { $0.element == .childChecks && lastYear.contains($0.period) }.map(\.value)
                .reduce(0, +))
        let perPersonMonth = checks / population / 12
        #expect((0.0055...0.0068).contains(perPersonMonth), "checks \(perPersonMonth)")
    }

    @Test func entryTimesFollowTheDueWindow() throws {
        let late = Set(Self.demo.problems.lateReports.map(\.cell))
        for row in Self.rows {
            let day = Int(row.lastUpdated / 86_400)
            let secondOfDay = Int(row.lastUpdated % 86_400)
            try #require((1_800...34_200).contains(secondOfDay))
            try #require(DemoCalendar.weekday(day) < 5)
            if row.element == .population {
                let (year, month, date) = DemoCalendar.civil(day)
                try #require(year == Int(row.period)! + 1 && month == 1 && (5...20).contains(date))
                continue
            }
            let period = Int(row.period)!
            let end = DemoCalendar.lastDay(year: period / 100, month: period % 100)
            let cell = DemoProblems.Cell(orgUnit: row.orgUnit, period: row.period)
            let range = late.contains(cell) ? 25...60 : 1...9
            try #require(range.contains(day - end), "\(row.csvLine)")
        }
    }

    @Test func writesAllFiles() throws {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("tally-demo-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let files = try Self.demo.writeAll(to: directory)
        #expect(files.dataRows == Self.demo.dataRowCount)
        #expect(files.metadata.hasSuffix("/tally.yaml") && files.orgUnits.hasSuffix("/orgunits.csv"))
        let data = try #require(FileManager.default.contents(atPath: files.data))
        #expect(Array(data) == Self.demo.dataCSVBytes())
        let yaml = try String(contentsOfFile: files.metadata, encoding: .utf8)
        #expect(yaml == Self.demo.metadataYAML)
        let units = try String(contentsOfFile: files.orgUnits, encoding: .utf8)
        #expect(units == Self.demo.orgUnitsCSV())
    }
}
