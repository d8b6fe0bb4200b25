import Foundation
import Testing

@testable import TallyDemo

/// Province scale: the five-level tree and streaming.
@Suite struct DemoProvinceTests {
    static let small = DemoCounty(scale: .province(villages: 500), seed: 42)

    @Test func benchmarkPresetHasTwentyThousandVillages() {
        let scale = DemoScale.province()
        #expect(scale == .province(villages: 20_000))
        #expect(scale.prefectures == 10 && scale.countiesPerPrefecture == 10 && scale.townsPerCounty == 10)
        #expect(scale.villageLevel == 5 && scale.orgUnitCount == 1 + 10 + 100 + 1_000 + 20_000)
        let province = DemoCounty(scale: scale)
        #expect(province.orgUnits.count == scale.orgUnitCount)
        #expect(province.villageCount == 20_000)
        #expect(Set(province.orgUnits.map(\.code)).count == province.orgUnits.count)
        #expect(province.dataRowCount == 20_000 * 4 + (20_000 * 36 - province.problems.missingReports.count) * 8)
        #expect(province.problems.missingReports.count == 480)
        #expect(province.problems.underReportingTowns.count > 50)
    }

    @Test func smallProvinceHasFiveLevels() {
        let units = Self.small.orgUnits
        #expect(Self.small.villageCount == 500)
        #expect(units.count == Self.small.scale.orgUnitCount)
        #expect(Dictionary(grouping: units, by: \.level).keys.sorted() == [1, 2, 3, 4, 5])
        #expect(units.filter { $0.level == 1 }.count == 1)
        #expect(Set(units.map(\.code)).count == units.count)
        var seen: [String: Int] = [:]
        for unit in units {
            if let parent = unit.parentCode { #expect(seen[parent] == unit.level - 1) }
            seen[unit.code] = unit.level
        }
        #expect(Self.small.metadataYAML.contains("level: 5"))
        #expect(!Self.small.metadataYAML.contains("level: 3"))
    }

    @Test func streamsRowsInChunks() throws {
        var chunks = 0
        var bytes = 0
        var lines = 0
        var largest = 0
        let chunkSize = 64 * 1024
        let rows = Self.small.writeDataCSV(chunkSize: chunkSize) { chunk in
            chunks += 1
            bytes += chunk.count
            largest = max(largest, chunk.count)
            lines += chunk.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }
        }
        let expected = 500 * 4 + (500 * 36 - Self.small.problems.missingReports.count) * 8
        #expect(rows == expected)
        #expect(rows == Self.small.dataRowCount)
        #expect(lines == rows + 1)
        #expect(chunks > 10 && largest < chunkSize + 1_024)
        var counted = 0
        Self.small.forEachDataRow { _ in counted += 1 }
        #expect(counted == rows)

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("demo-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let written = try Self.small.writeDataCSV(to: path)
        #expect(written == rows)
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(size == bytes)
    }

    @Test func smallProvinceHasItsProblems() {
        let problems = Self.small.problems
        #expect(problems.missingReports.count == 12)
        #expect(problems.lateReports.count == 30)
        #expect(problems.outliers.count == 6)
        #expect(problems.underReportingTowns.count >= 1 && problems.overReportingTowns.count >= 1)
    }
}
