import Testing

@testable import TallyDemo

/// The seeded problems are present exactly as described, and the rest of the data is clean.
@Suite struct DemoProblemsTests {
    static let demo = DemoCountyTests.demo
    static let rows = DemoCountyTests.rows
    static let problems = demo.problems
    static let lastYear = Array(DemoCounty.monthlyPeriods.suffix(12))

    /// Values by element, combo, village and period.
    static let values: [String: Int] = {
        var values: [String: Int] = [:]
        for row in rows {
            values["\(row.element.code)|\(row.categoryOptionCombo)|\(row.orgUnit)|\(row.period)"] = row.value
        }
        return values
    }()

    static func value(_ element: DemoElement, _ unit: String, _ period: String, combo: String = "") -> Int? {
        values["\(element.code)|\(combo)|\(unit)|\(period)"]
    }

    static func villages(of town: String) -> [String] {
        demo.orgUnits.filter { $0.parentCode == town }.map(\.code)
    }

    @Test func descriptionsListEveryKind() {
        #expect(DemoCounty.seededProblems.count == 7)
        #expect(DemoCounty.seededProblems.allSatisfy { !$0.isEmpty })
    }

    @Test func missingReportsHaveNoRows() {
        let missing = Self.problems.missingReports
        #expect(missing.count == 6)
        #expect(Set(missing.map(\.orgUnit)).count == 6)
        #expect(Set(missing.map(\.period)).count >= 4)
        #expect(missing.allSatisfy { Self.lastYear.contains($0.period) })
        let cells = Set(missing)
        #expect(!Self.rows.contains { cells.contains(DemoProblems.Cell(orgUnit: $0.orgUnit, period: $0.period)) })
        // Every other village-month has all eight values.
        var counts: [DemoProblems.Cell: Int] = [:]
        for row in Self.rows where row.element != .population {
            counts[DemoProblems.Cell(orgUnit: row.orgUnit, period: row.period), default: 0] += 1
        }
        #expect(counts.count == 250 * 36 - 6)
        #expect(counts.values.allSatisfy { $0 == 8 })
    }

    @Test func lateReportsAreLate() {
        let late = Self.problems.lateReports
        #expect(late.count == 15)
        #expect(Set(late.map(\.cell.orgUnit)).count == 15)
        #expect(Set(late.map(\.cell)).isDisjoint(with: Set(Self.problems.missingReports)))
        #expect(late.allSatisfy { (25...60).contains($0.daysAfterPeriodEnd) })
        let byCell = Dictionary(uniqueKeysWithValues: late.map { ($0.cell, $0.lastUpdated) })
        var seen = 0
        for row in Self.rows where row.element != .population {
            let cell = DemoProblems.Cell(orgUnit: row.orgUnit, period: row.period)
            if let time = byCell[cell] {
                #expect(row.lastUpdated == time)
                seen += 1
            }
        }
        #expect(seen == 15 * 8)
        let periods = late.map(\.cell.period)
        #expect(periods.contains { $0 < "202410" } && periods.contains { $0 > "202509" })
    }

    @Test func outliersAreTenTimesTheIntendedValue() throws {
        let outliers = Self.problems.outliers
        #expect(outliers.count == 3)
        #expect(Set(outliers.map(\.cell.orgUnit)).count == 3)
        for outlier in outliers {
            #expect(outlier.element == .childChecks)
            #expect(Self.lastYear.contains(outlier.cell.period))
            #expect(outlier.intendedValue >= 5 && outlier.value == outlier.intendedValue * 10)
            let value = try #require(Self.value(.childChecks, outlier.cell.orgUnit, outlier.cell.period))
            #expect(value == outlier.value)
            let verified = try #require(Self.value(.childChecksVerified, outlier.cell.orgUnit, outlier.cell.period))
            #expect(verified <= outlier.intendedValue && verified >= outlier.intendedValue * 8 / 10)
        }
    }

    @Test func oneTownUnderReportsBirths() throws {
        let towns = Self.problems.underReportingTowns
        #expect(towns.count == 1)
        let town = try #require(towns.first)
        #expect(town.name == "白沙乡" && town.factor == 0.62 && town.periods == DemoCounty.monthlyPeriods)
        let members = Set(Self.villages(of: town.town))
        var reported = 0.0
        var expected = 0.0
        var otherReported = 0.0
        var otherExpected = 0.0
        for (v, code) in Self.demo.villages.enumerated() {
            for m in 0..<36 {
                let period = DemoCounty.monthlyPeriods[m]
                guard let male = Self.value(.births, code, period, combo: "male"),
                    let female = Self.value(.births, code, period, combo: "female")
                else { continue }
                let births = Double(male + female)
                let implied = Self.demo.expectedBirths(village: v, month: m)
                if members.contains(code) {
                    reported += births
                    expected += implied
                    let registrations = try #require(Self.value(.registrations, code, period))
                    let order3 = try #require(Self.value(.birthsOrder3, code, period))
                    #expect(registrations <= male + female && order3 <= male + female)
                } else {
                    otherReported += births
                    otherExpected += implied
                }
            }
        }
        #expect(abs(reported / expected - 0.62) <= 0.08, "ratio \(reported / expected)")
        #expect(abs(otherReported / otherExpected - 1) <= 0.05, "others \(otherReported / otherExpected)")
        // Relative to the rest of the county, per person (what an audit without the model would see).
        let perCapita = (reported / expected) / (otherReported / otherExpected)
        #expect(abs(perCapita - 0.62) <= 0.08)
    }

    @Test func anotherTownOverReportsServices() throws {
        let towns = Self.problems.overReportingTowns
        #expect(towns.count == 1)
        let town = try #require(towns.first)
        #expect(town.name == "桃源镇" && town.periods == Self.lastYear)
        #expect(town.town != Self.problems.underReportingTowns.first?.town)
        let members = Set(Self.villages(of: town.town))
        func ratio(_ units: Set<String>, _ periods: [String]) -> Double {
            var reported = 0
            var verified = 0
            for unit in units {
                for period in periods {
                    reported +=
                        (Self.value(.ancVisits, unit, period) ?? 0)
                        + (Self.value(.childChecks, unit, period) ?? 0)
                    verified +=
                        (Self.value(.ancVisitsVerified, unit, period) ?? 0)
                        + (Self.value(.childChecksVerified, unit, period) ?? 0)
                }
            }
            return Double(verified) / Double(reported)
        }
        let last = ratio(members, Self.lastYear)
        #expect(abs(last - 0.70) <= 0.04, "last year \(last)")
        let before = ratio(members, Array(DemoCounty.monthlyPeriods.prefix(24)))
        #expect(abs(before - 0.985) <= 0.01, "before \(before)")
        let outlierUnits = Set(Self.problems.outliers.map(\.cell.orgUnit))
        let others = Set(Self.demo.villages).subtracting(members).subtracting(outlierUnits)
        let rest = ratio(others, Self.lastYear)
        #expect(abs(rest - 0.985) <= 0.01, "others \(rest)")
    }

    @Test func everythingElseIsClean() throws {
        let outliers = Set(Self.problems.outliers.map(\.cell))
        let populations = Dictionary(
            uniqueKeysWithValues: Self.demo.villages.map { ($0, Self.demo.population(of: $0, year: 2025)!) })
        for (v, code) in Self.demo.villages.enumerated() {
            for m in 0..<36 {
                let period = DemoCounty.monthlyPeriods[m]
                let cell = DemoProblems.Cell(orgUnit: code, period: period)
                guard let checks = Self.value(.childChecks, code, period) else { continue }
                let anc = try #require(Self.value(.ancVisits, code, period))
                let ancVerified = try #require(Self.value(.ancVisitsVerified, code, period))
                let checksVerified = try #require(Self.value(.childChecksVerified, code, period))
                #expect(ancVerified <= anc)
                let mean = Double(populations[code]!) * 0.006
                let limit = Int(mean + 6 * mean.squareRoot() + 3)
                if outliers.contains(cell) {
                    #expect(checks > limit)
                } else {
                    #expect(checks <= limit, "\(code) \(period) \(checks)")
                    #expect(checksVerified <= checks)
                }
                let births = Self.demo.expectedBirths(village: v, month: m)
                #expect(anc <= Int(births * 1.1 + 6 * (births * 1.1).squareRoot() + 4))
            }
        }
    }
}
