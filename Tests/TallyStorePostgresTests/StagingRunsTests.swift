import TallyStore
import TallyText
import Testing

@testable import TallyStorePostgres

/// The staged rows' runs: what is written to the spill file reads back the same, and the merge of sorted runs
/// gives every row once in key order — without a server.
@Suite struct StagingRunsTests {
    /// Rows of every shape: removals, follow-ups, times and people present or not, comments empty, multilingual,
    /// with tabs and newlines, and one longer than a reader's buffer.
    static func rows(count: Int, seed: UInt64) -> [StagedValue] {
        var state = seed
        func random(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let comments: [String?] = [
            nil, "", "复核：村医上报", "tab\there\nnewline\\back", String(repeating: "长", count: 100_000),
        ]
        return (0..<count).map { i in
            StagedValue(
                key: ValueKey(
                    element: Int32(random(3)), period: Int32(random(4)), orgUnit: Int32(random(50) - 5),
                    combo: Int32(random(2))),
                seq: Int64(i + 1), line: Int64(i / 3 + 2),
                value: random(7) == 0 ? 0.1 * Double(random(1_000)) : Double(random(500)),
                time: random(3) == 0 ? nil : Int64(1_700_000_000 + random(1_000_000)),
                actor: random(4) == 0 ? nil : Int32(random(9)), removal: random(6) == 0, followUp: random(5) == 0,
                comment: random(40) == 0 ? comments[random(comments.count)] : nil)
        }
    }

    static func same(_ a: StagedValue, _ b: StagedValue) -> Bool {
        a.key == b.key && a.seq == b.seq && a.line == b.line && a.value.bitPattern == b.value.bitPattern
            && a.time == b.time && a.actor == b.actor && a.removal == b.removal && a.followUp == b.followUp
            && a.comment == b.comment
    }

    @Test(arguments: [1, 7, 500, 5_000])
    func mergedRunsGiveEveryRowOnceInKeyOrder(runRows: Int) throws {
        let rows = Self.rows(count: 5_000, seed: UInt64(runRows))
        let file = try SpillFile(purpose: .init(zh: "测试", en: "test"))
        var runs: [(offset: Int64, bytes: Int64)] = []
        for start in stride(from: 0, to: rows.count, by: runRows) {
            var bytes: [UInt8] = []
            for row in rows[start..<min(start + runRows, rows.count)].sorted(by: StagedValue.precedes) {
                row.encode(into: &bytes)
            }
            let offset = try bytes.withUnsafeBytes { try file.append($0) }
            runs.append((offset, Int64(bytes.count)))
        }
        var merge = try RunMerge(file: file, runs: runs)
        var merged: [StagedValue] = []
        while let row = try merge.next() { merged.append(row) }
        let expected = rows.sorted(by: StagedValue.precedes)
        #expect(merged.count == expected.count)
        #expect(zip(merged, expected).allSatisfy(Self.same))
        // Rows with the same key stay in the order staged.
        #expect(zip(merged, merged.dropFirst()).allSatisfy { StagedValue.precedes($0, $1) })
    }

    @Test func aRowLongerThanTheReadersBufferReadsBack() throws {
        let long = String(repeating: "备注", count: RunMerge.readerBytes)
        let row = StagedValue(
            key: ValueKey(element: 1, period: 2, orgUnit: 3, combo: 0), seq: 1, line: 2, value: 1.5, time: nil,
            actor: nil, removal: false, followUp: true, comment: long)
        var bytes: [UInt8] = []
        row.encode(into: &bytes)
        let next = StagedValue(
            key: ValueKey(element: 1, period: 2, orgUnit: 4, combo: 0), seq: 2, line: 3, value: -0.0, time: -5,
            actor: 7, removal: true, followUp: false, comment: nil)
        next.encode(into: &bytes)
        let file = try SpillFile(purpose: .init(zh: "测试", en: "test"))
        _ = try bytes.withUnsafeBytes { try file.append($0) }
        var merge = try RunMerge(file: file, runs: [(0, Int64(bytes.count))])
        #expect(try merge.next().map { Self.same($0, row) } == true)
        #expect(try merge.next().map { Self.same($0, next) } == true)
        #expect(try merge.next() == nil)
    }
}
