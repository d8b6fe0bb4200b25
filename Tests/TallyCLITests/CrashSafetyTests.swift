import Foundation
import TallyStore
import TallyStoreSQLite
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `tally import` killed with SIGKILL in the middle of a large import leaves the database exactly as it was.
@Suite(.serialized) struct CrashSafetyTests {
    /// The `tally` executable built beside this test bundle.
    static var tallyExecutable: String? {
        let bundle =
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"))
            ?? CommandLine.arguments[0]
        var folder = URL(fileURLWithPath: bundle).deletingLastPathComponent()
        for _ in 0..<3 {
            let candidate = folder.appendingPathComponent("tally").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }

    @Test func killedImportLeavesTheDatabaseAsItWas() throws {
        guard let tally = Self.tallyExecutable else {
            Issue.record("the tally executable was not found beside the test bundle")
            return
        }
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        // A county of 600 villages under the two towns.
        var units = "code,name,parent\nC,云溪县,\nA,青石镇,C\na1,石桥村,A\na2,下溪村,A\nB,白沙乡,C\nb1,沙头村,B\n"
        for v in 0..<600 { units += "v\(v),村\(v),\(v % 2 == 0 ? "A" : "B")\n" }
        try s.write("orgunits.csv", units)
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        let before = try valueListing(s.db)
        let historyBefore = try sqlite(
            s.db, "SELECT COUNT(*) FROM data_value_history; SELECT COUNT(*) FROM write_batch;")

        // 600 villages × 2 sexes × 300 months = 360,000 rows, plus changes to the stored values.
        var csv = "dataelement,period,orgunit,categoryoptioncombo,value\n"
        csv += "births,202510,a1,male,30\nbirths,202510,b1,female,50\npopulation,2025,a1,,9999\n"
        csv.reserveCapacity(12_000_000)
        for month in 0..<300 {
            let period = "\(2000 + month / 12)\(String(format: "%02d", month % 12 + 1))"
            for v in 0..<600 {
                csv +=
                    "births,\(period),v\(v),male,\((v + month) % 9)\nbirths,\(period),v\(v),female,\((v * month) % 7)\n"
            }
        }
        try s.write("big.csv", csv)

        // Start the import; kill it as soon as it writes to the write-ahead log, or after a fixed delay.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tally)
        process.arguments = ["import", "--db", s.db, s.path("big.csv")]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let wal = s.db + "-wal"
        func walSize() -> UInt64 {
            ((try? FileManager.default.attributesOfItem(atPath: wal))?[.size] as? NSNumber)?.uint64Value ?? 0
        }
        let walBefore = walSize()
        let clock = ContinuousClock()
        let started = clock.now
        try process.run()
        var killedWhileWriting = false
        while process.isRunning && clock.now - started < .seconds(3) {
            if walSize() > walBefore {
                killedWhileWriting = true
                break
            }
            usleep(500)
        }
        let wasRunning = process.isRunning
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(wasRunning, "the import finished before it could be killed; make the file larger")
        #expect(process.terminationReason == .uncaughtSignal)
        print("killed tally import after \(clock.now - started)\(killedWhileWriting ? ", while it was writing" : "")")

        // SQLite recovers from the write-ahead log when the database is next opened.
        #expect(try sqlite(s.db, "PRAGMA integrity_check;") == "ok\n")
        #expect(try SQLiteStore(path: s.db).integrityProblems().isEmpty)
        #expect(try valueListing(s.db) == before)
        #expect(
            try sqlite(s.db, "SELECT COUNT(*) FROM data_value_history; SELECT COUNT(*) FROM write_batch;")
                == historyBefore)
        #expect(s.run(["verify", "--db", s.db]) == 0)
        // Nothing but the database (and SQLite's own -wal/-shm) beside the input files.
        let names = Set(try FileManager.default.contentsOfDirectory(atPath: s.dir.path))
        let expected: Set = ["tally.yaml", "orgunits.csv", "data.csv", "big.csv", "tally.sqlite"]
        #expect(names.subtracting(expected).subtracting(["tally.sqlite-wal", "tally.sqlite-shm"]).isEmpty, "\(names)")

        // The same file imports completely afterwards.
        #expect(s.run(["import", "--db", s.db, s.path("big.csv")]) == 0)
        #expect(try SQLiteStore(path: s.db).valueCount() == 16 + 360_000)
    }
}
