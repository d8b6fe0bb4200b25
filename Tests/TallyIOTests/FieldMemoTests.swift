import TallyIO
import Testing

@testable import TallyTransfer

/// The importer's memo of resolved field texts: each distinct text is resolved once, the same text gives the same
/// value, and the memo stays within its limit.
@Suite struct FieldMemoTests {
    /// The records of CSV text, one per line.
    static func records(_ text: String) throws -> [CSVRecord] {
        var reader = CSVReader(bytes: Array(text.utf8))
        var out: [CSVRecord] = []
        var record = CSVRecord()
        while try reader.next(into: &record) { out.append(record) }
        return out
    }

    @Test func resolvesEachTextOnce() throws {
        var memo = FieldMemo<Int>(limit: 100)
        var made: [String] = []
        let texts = ["a1", "b22", " a1", "a1", "b22", "", "c", "a1 ", "c"]
        var got: [Int] = []
        for r in try Self.records(texts.map { "x,\($0)" }.joined(separator: "\n") + "\n") {
            got.append(
                memo.resolve(r, 1) { (s: String) -> Int in
                    made.append(s)
                    return s.count * 10 + made.count
                })
        }
        // Texts that differ in their bytes (padding) are resolved apart, each to its trimmed text.
        #expect(made == ["a1", "b22", "a1", "", "c", "a1"])
        #expect(got == [21, 32, 23, 21, 32, 4, 15, 26, 15])
    }

    @Test func manyTextsWithCollidingSlotsAndAFullMemo() throws {
        // Past the limit the memo starts empty: values are resolved again, and never mixed up.
        for limit in [3, 1000] {
            var memo = FieldMemo<String>(limit: limit)
            var made = 0
            let lines = (0..<500).map { "x,unit\($0 % 250)" }.joined(separator: "\n") + "\n"
            for r in try Self.records(lines) {
                let value = memo.resolve(r, 1) { (s: String) -> String in
                    made += 1
                    return s.uppercased()
                }
                #expect(value == r.string(1).uppercased())
            }
            #expect(made == (limit == 3 ? 500 : 250))
        }
    }

    @Test func codesThatDifferInTheirLastDigitsAreKeptApart() throws {
        // Village codes share their first digits: the table grows several times, and every code keeps its own value
        // and is resolved once, the second time round in another order.
        var memo = FieldMemo<Int>(limit: 1 << 20)
        var made = 0
        let codes = (0..<50_000).map { String(360_101_100_000 + $0 * 7) }
        let text = (codes + codes.reversed()).map { "x,\($0)" }.joined(separator: "\n") + "\n"
        for r in try Self.records(text) {
            let value = memo.resolve(r, 1) { (s: String) -> Int in
                made += 1
                return Int(s)!
            }
            #expect(value == Int(r.string(1))!)
        }
        #expect(made == codes.count)
    }

    @Test func aFailedResolutionIsNotKept() throws {
        struct Refused: Error {}
        var memo = FieldMemo<Int>(limit: 10)
        var tries = 0
        for r in try Self.records("x,bad\nx,bad\n") {
            #expect(throws: Refused.self) {
                _ = try memo.resolve(r, 1) { (_: String) throws(Refused) -> Int in
                    tries += 1
                    throw Refused()
                }
            }
        }
        #expect(tries == 2)
    }
}
