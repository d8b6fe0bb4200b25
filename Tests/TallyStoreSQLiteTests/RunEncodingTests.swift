import TallyStore
import Testing

@testable import TallyStoreSQLite

/// The compact form of staged rows in the import's temporary file reads back bit for bit, whatever the numbers.
@Suite struct RunEncodingTests {
    static func row(
        _ value: Double, time: Int64 = StagedRow.noTime, row: Int64 = 2, comment: Int64 = -1, unit: Int32 = 1,
        actor: Int32 = 1, kind: UInt8 = 0
    ) -> StagedRow {
        StagedRow(value: value, time: time, row: row, comment: comment, unit: unit, actor: actor, block: 7, kind: kind)
    }

    static func same(_ a: StagedRow, _ b: StagedRow) -> Bool {
        a.value.bitPattern == b.value.bitPattern && a.time == b.time && a.row == b.row && a.comment == b.comment
            && a.unit == b.unit && a.actor == b.actor && a.block == b.block && a.kind == b.kind
    }

    @Test func extremesReadBackExactly() throws {
        let rows = [
            Self.row(3, time: 1_700_000_000, row: 2, unit: 10, actor: 3),
            Self.row(-0.0, time: 1_699_999_000, row: 3, unit: 4, actor: 5, kind: StagedRow.followUp),
            Self.row(0.1, row: 9_000_000_000, unit: Int32.max, actor: -1),
            Self.row(-1e300, time: Int64.max, row: 1, unit: Int32.min, actor: Int32.max),
            Self.row(0x1p62, time: Int64.min + 1, row: Int64.max, unit: 0, actor: Int32.min),
            Self.row(-0x1p62 + 1024, comment: 0, unit: 5),
            Self.row(-7, comment: Int64.max, unit: 5),
            Self.row(.nan, time: 5, row: 4, unit: 6, kind: StagedRow.removal),
            Self.row(.greatestFiniteMagnitude, row: -3, unit: 6),
            Self.row(.leastNonzeroMagnitude, unit: 6),
        ]
        var encoder = RunEncoder()
        encoder.startSegment()
        for r in rows { encoder.append(r) }
        var decoder = RunDecoder(block: 7)
        var position = 0
        let decoded = try encoder.bytes.withUnsafeBufferPointer { b in
            try rows.map { _ in try decoder.next(b, &position, end: b.count) }
        }
        #expect(position == encoder.bytes.count)
        for (a, b) in zip(rows, decoded) {
            if a.kind & StagedRow.removal != 0 {
                // A removal's value is not kept.
                #expect(b.kind == a.kind && b.unit == a.unit && b.row == a.row && b.time == a.time)
            } else {
                #expect(Self.same(a, b), "\(a) → \(b)")
            }
        }
        // Neighbouring whole numbers take few bytes.
        var small = RunEncoder()
        small.startSegment()
        for k in 0..<100 {
            small.append(
                Self.row(Double(k % 7), time: 1_700_000_000, row: Int64(2 + k * 292), unit: Int32(k), actor: 1))
        }
        #expect(small.bytes.count < 100 * 8)
    }

    @Test func aRunCutShortIsDamaged() throws {
        var encoder = RunEncoder()
        encoder.startSegment()
        encoder.append(Self.row(0.25, time: 1_700_000_000, row: 123_456, comment: 99, unit: 300_000, actor: 70_000))
        for cut in 0..<encoder.bytes.count {
            var decoder = RunDecoder(block: 0)
            var position = 0
            #expect(throws: StoreError.self) {
                _ = try encoder.bytes.withUnsafeBufferPointer { try decoder.next($0, &position, end: cut) }
            }
        }
    }
}
