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

    @Test func longTextsAreComparedPastTheBytesTheirSlotsHold() throws {
        // A slot holds a text's first 20 bytes and its length up to 254: texts that share those — 21 and 36 bytes
        // apart in their last byte, 300 bytes apart in their last byte, 255 and 256 bytes long — are kept apart.
        #expect(MemoryLayout<MemoSlot>.stride == 32)
        let head = String(repeating: "x", count: MemoSlot.headBytes)
        let long = String(repeating: "y", count: 299)
        let texts = [
            head, head + "a", head + "b", head + String(repeating: "z", count: 15) + "a",
            head + String(repeating: "z", count: 15) + "b", long + "a", long + "b", String(repeating: "w", count: 255),
            String(repeating: "w", count: 256), "", "a",
        ]
        var memo = FieldMemo<String>(limit: 1000)
        var made: [String] = []
        let lines = (texts + texts.reversed()).map { "x,\($0)" }.joined(separator: "\n") + "\n"
        for r in try Self.records(lines) {
            let value = memo.resolve(r, 1) { (s: String) -> String in
                made.append(s)
                return s
            }
            #expect(value == r.string(1))
        }
        #expect(made == texts)
    }

    @Test func aMemoAsksBeforeItResolves() throws {
        var memo = FieldMemo<Int>(limit: 10)
        let r = try Self.records("x,unit1\nx,unit2\n")
        #expect(memo.known(r[0], 1) == nil)
        #expect(memo.resolve(r[0], 1) { _ in 1 } == 1)
        #expect(memo.isFresh)
        #expect(memo.known(r[0], 1) == 1)
        #expect(!memo.isFresh)
        #expect(memo.known(r[1], 1) == nil)
    }

    @Test func aCopiedMemoKeepsItsOwnTexts() throws {
        // The table is a reference held by a value: a copy changed afterwards must not change the original.
        var memo = FieldMemo<Int>(limit: 100)
        let r = try Self.records((0..<70).map { "x,u\($0)" }.joined(separator: "\n") + "\n")
        _ = memo.resolve(r[0], 1) { _ in 0 }
        var copy = memo
        for (i, record) in r.enumerated() { _ = copy.resolve(record, 1) { _ in i } }
        #expect(memo.known(r[0], 1) == 0)
        #expect(memo.known(r[1], 1) == nil)
        #expect(memo.known(r[69], 1) == nil)
        #expect(copy.known(r[69], 1) == 69)
        _ = memo.resolve(r[2], 1) { _ in 200 }
        #expect(copy.known(r[2], 1) == 2)
    }

    @Test func theCacheOfFewTextsComparesWholeTexts() throws {
        // Texts that are prefixes of one another, the empty text, one text again after others; past the limit a new
        // text is resolved every time and the kept ones still found.
        var cache = ByteCache<String>()
        var made: [String] = []
        let texts = ["ab", "a", "abc", "", "a", "ab", "", "abc"] + (0..<40).map { "e\($0)" } + ["e39", "a", "e0"]
        let lines = texts.map { "x,\($0)" }.joined(separator: "\n") + "\n"
        for r in try Self.records(lines) {
            let value = cache.resolve(r, 1) { (s: String) -> String in
                made.append(s)
                return s
            }
            #expect(value == r.string(1))
        }
        let kept = ["ab", "a", "abc", ""] + (0..<28).map { "e\($0)" }
        #expect(made == kept + (28..<40).map { "e\($0)" } + ["e39"])
    }
}
