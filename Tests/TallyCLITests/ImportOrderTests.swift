import Foundation
import Tally
import TallyCore
import TallyIO
import TallyServerTesting
import TallyStore
import Testing

/// One file in four orders — as the demo writes it (by period), grouped by village, by element, shuffled — gives one
/// database: the same summaries, the same `tally export` and the same history, on SQLite and on PostgreSQL.
@Suite(.serialized) struct ImportOrderTests {
    static let changesHeader =
        "dataelement,period,orgunit,categoryoptioncombo,value,storedby,lastupdated,comment,followup,deleted"

    /// The demo county's rows, and a second file that changes, confirms (with a mark), comments and removes some of
    /// them, each value at most once.
    static func files(_ s: Scratch) throws -> (header: String, rows: [[String]], changes: [[String]]) {
        #expect(s.run(["demo", "--dir", s.path("demo"), "--files-only"]) == 0)
        var lines = try String(contentsOfFile: s.path("demo/data.csv"), encoding: .utf8).split(separator: "\n")
        let header = String(lines.removeFirst())
        #expect(header == "dataelement,period,orgunit,categoryoptioncombo,value,storedby,lastupdated")
        let rows = lines.map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        var changes: [[String]] = []
        for (k, f) in rows.enumerated() {
            if k % 97 == 0 {
                changes.append(Array(f[0..<4]) + ["\(Int(f[4])! + 1)", "核对员", "", "更正, 见 \"原表\"", "", ""])
            } else if k % 101 == 0 {
                changes.append(Array(f[0..<4]) + ["", "核对员", "", "", "", "true"])
            } else if k % 89 == 0 {
                changes.append(Array(f[0..<5]) + ["", "", "", "true", ""])
            }
        }
        // A month nobody reported yet, and removals of values never stored.
        let monthly = rows.filter { $0[1].count == 6 }
        for f in monthly.prefix(40) where f[1] == monthly[0][1] {
            changes.append([f[0], "202912", f[2], f[3], "7", "", "", "", "", ""])
            changes.append([f[0], "202911", f[2], f[3], "", "", "", "", "", "true"])
        }
        return (header, rows, changes)
    }

    /// Rows in the four orders: as given, by org unit, by element and combo, shuffled (seeded).
    static func orders(_ rows: [[String]]) -> [(String, [[String]])] {
        func by(_ fields: [Int]) -> [[String]] {
            rows.sorted { a, b in fields.map { a[$0] }.lexicographicallyPrecedes(fields.map { b[$0] }) }
        }
        var shuffled = rows
        var state: UInt64 = 42
        for k in shuffled.indices.reversed() where k > 0 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            shuffled.swapAt(k, Int((state >> 33) % UInt64(k + 1)))
        }
        return [("period", rows), ("unit", by([2, 1, 0, 3])), ("element", by([0, 3, 1, 2])), ("shuffled", shuffled)]
    }

    static func csv(_ header: String, _ rows: [[String]]) -> String {
        let quoted = rows.map { row in
            row.map {
                $0.contains(",") || $0.contains("\"")
                    ? "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : $0
            }
        }
        return ([header] + quoted.map { $0.joined(separator: ",") }).joined(separator: "\n") + "\n"
    }

    @Test(arguments: TestBackend.available)
    func fourOrdersGiveOneDatabase(_ backend: TestBackend) throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        let (header, rows, changes) = try Self.files(s)
        let changeOrders = Dictionary(uniqueKeysWithValues: Self.orders(changes))
        var results: [(order: String, summaries: [ImportSummary], export: String, history: [String])] = []
        for (order, ordered) in Self.orders(rows) {
            let dir = s.dir.appendingPathComponent(order)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let db = backend.location(in: dir)
            defer { TestBackend.drop(db) }
            try Self.csv(header, ordered).write(toFile: s.path("\(order)/data.csv"), atomically: true, encoding: .utf8)
            try Self.csv(Self.changesHeader, changeOrders[order]!).write(
                toFile: s.path("\(order)/changes.csv"), atomically: true, encoding: .utf8)
            #expect(
                s.run([
                    "init", "--db", db, "--metadata", s.path("demo/tally.yaml"), "--orgunits",
                    s.path("demo/orgunits.csv"),
                ]) == 0)
            let workspace = try Workspace.open(path: db)
            var summaries: [ImportSummary] = []
            for (file, time) in [("data.csv", Int64(1_700_000_000)), ("changes.csv", 1_700_100_000)] {
                var summary = try workspace.importData(file: s.path("\(order)/\(file)"), user: "导入员", time: time)
                summary.file = file
                summaries.append(summary)
            }
            // And the command line reads the same file again: nothing changes.
            #expect(s.run(["import", "--db", db, s.path("\(order)/changes.csv")]) == 0)
            #expect(s.run(["export", "--db", db, "--format", "csv", "--out", s.path("\(order)/export.csv")]) == 0)
            let export = try String(contentsOfFile: s.path("\(order)/export.csv"), encoding: .utf8)
            let store = try Workspace.open(path: db).store
            let catalog = try store.catalog()
            var history: [String] = []
            for f in changes {
                guard let period = catalog.periodIDs[try Period(f[1])] else { continue }
                let key = ValueKey(
                    element: catalog.elements[f[0]]!, period: period, orgUnit: catalog.orgUnits[f[2]]!,
                    combo: catalog.combos[f[3]]!)
                history += try store.history(key).map { "\(f[0..<4]) \($0)" }
            }
            results.append((order, summaries, export, history.sorted()))
        }
        let first = results[0]
        let changed = changes.count { !$0[4].isEmpty && $0[9].isEmpty && !$0[7].isEmpty }
        let removed = changes.count { $0[9] == "true" && $0[1] != "202911" }
        #expect(first.summaries[0].new == rows.count)
        #expect(first.summaries[1].changed == changed)
        #expect(first.summaries[1].deleted == removed)
        #expect(first.summaries[1].absent == changes.count { $0[1] == "202911" })
        #expect(first.summaries[1].new == changes.count { $0[1] == "202912" })
        #expect(first.summaries[1].unchanged == changes.count { $0[8] == "true" })
        #expect(first.history.count == changed + removed)
        #expect(first.export.split(separator: "\n").count == 1 + rows.count - removed + first.summaries[1].new)
        #expect(first.export.contains("更正, 见 \"\"原表\"\""))
        for other in results.dropFirst() {
            // The rules' warnings name the file's lines, which the order moves; the same breaks are found.
            func unordered(_ summaries: [ImportSummary]) -> [ImportSummary] {
                summaries.map {
                    var s = $0; s.warnings = []; return s
                }
            }
            #expect(unordered(other.summaries) == unordered(first.summaries), "\(other.order)")
            #expect(other.summaries.map(\.warnings.count) == first.summaries.map(\.warnings.count), "\(other.order)")
            #expect(other.export == first.export, "\(other.order)")
            #expect(other.history == first.history, "\(other.order)")
        }
    }
}
