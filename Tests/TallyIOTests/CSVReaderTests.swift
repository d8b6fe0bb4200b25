import Foundation
import TallyIO
import Testing

/// A named input with its expected records.
struct CSVCase: CustomTestStringConvertible, Sendable {
    var name: String
    var bytes: [UInt8]
    var expected: [(Int, [String])]

    init(_ name: String, _ text: String, _ expected: [(Int, [String])]) {
        self.init(name, Array(text.utf8), expected)
    }

    init(_ name: String, _ bytes: [UInt8], _ expected: [(Int, [String])]) {
        self.name = name
        self.bytes = bytes
        self.expected = expected
    }

    var rows: [CSVRow] { expected.map { CSVRow($0.0, $0.1) } }
    var testDescription: String { name }
}

let utf8BOM: [UInt8] = [0xEF, 0xBB, 0xBF]

let csvCases: [CSVCase] = [
    CSVCase("simple", "a,b,c\n1,2,3\n", [(1, ["a", "b", "c"]), (2, ["1", "2", "3"])]),
    CSVCase("BOM", utf8BOM + Array("a,b\n1,2\n".utf8), [(1, ["a", "b"]), (2, ["1", "2"])]),
    CSVCase("BOM only", utf8BOM, []),
    CSVCase("BOM then quoted", utf8BOM + Array("\"a\",b".utf8), [(1, ["a", "b"])]),
    CSVCase("BOM-like bytes later are data", Array("x,".utf8) + utf8BOM, [(1, ["x", "\u{FEFF}"])]),
    CSVCase("CRLF", "a,b\r\n1,2\r\n", [(1, ["a", "b"]), (2, ["1", "2"])]),
    CSVCase("lone CR", "a\rb,c\rd", [(1, ["a"]), (2, ["b", "c"]), (3, ["d"])]),
    CSVCase(
        "quoted LF", "id,note\n1,\"x\ny\"\n2,z\n",
        [(1, ["id", "note"]), (2, ["1", "x\ny"]), (4, ["2", "z"])]
    ),
    CSVCase(
        "quoted CRLF and CR", "1,\"x\r\ny\rz\"\r\n2,w\r\n",
        [(1, ["1", "x\r\ny\rz"]), (4, ["2", "w"])]
    ),
    CSVCase("quoted comma", "\"a,b\",c\n", [(1, ["a,b", "c"])]),
    CSVCase("escaped quotes", "\"a\"\"b\",\"\"\"\"\n", [(1, ["a\"b", "\""])]),
    CSVCase(
        "empty lines skipped", "\n\na\n\r\n\rb\n\n",
        [(3, ["a"]), (6, ["b"])]
    ),
    CSVCase("no final newline", "a,b\nc,d", [(1, ["a", "b"]), (2, ["c", "d"])]),
    CSVCase("final quoted field", "a,\"b\"", [(1, ["a", "b"])]),
    CSVCase("empty fields", ",,\na,,b\n", [(1, ["", "", ""]), (2, ["a", "", "b"])]),
    CSVCase("quoted empty field is a record", "\"\"\n", [(1, [""])]),
    CSVCase("trailing comma", "a,b,\nc,", [(1, ["a", "b", ""]), (2, ["c", ""])]),
    CSVCase("quote inside unquoted kept", "ab\"c,d\"\n", [(1, ["ab\"c", "d\""])]),
    CSVCase("no trimming", " a , b \n  \n", [(1, [" a ", " b "]), (2, ["  "])]),
    CSVCase("CJK", "镇,出生\n青石镇,42\n", [(1, ["镇", "出生"]), (2, ["青石镇", "42"])]),
    CSVCase("empty input", "", []),
    CSVCase("only line breaks", "\r\n\n\r", []),
]

@Suite("CSVReader")
struct CSVReaderTests {
    @Test("parses in memory", arguments: csvCases)
    func inMemory(_ example: CSVCase) {
        #expect(parseCSV(example.bytes) == .success(example.rows))
    }

    @Test("parses from files with any chunk size", arguments: csvCases, csvChunkSizes)
    func chunked(_ example: CSVCase, chunkSize: Int) {
        #expect(parseCSV(example.bytes, chunkSize: chunkSize) == .success(example.rows))
    }

    @Test("record accessors")
    func accessors() throws {
        var reader = CSVReader(bytes: Array("abc,,\"q\"\"\"\n".utf8))
        var record = CSVRecord()
        #expect(try reader.next(into: &record))
        #expect(record.count == 3)
        #expect(record.line == 1)
        #expect(!record.isEmpty(0))
        #expect(record.isEmpty(1))
        #expect(record.withBytes(0) { Array($0) } == Array("abc".utf8))
        #expect(record.withBytes(1) { $0.count } == 0)
        #expect(record.string(2) == "q\"")
        #expect(try record.validatedString(2) == "q\"")
        #expect(try !reader.next(into: &record))
        #expect(try !reader.next(into: &record))
    }

    @Test("a record is reused without losing earlier fields")
    func reuse() throws {
        var reader = CSVReader(bytes: Array("a,b,c,d\ne\n".utf8))
        var record = CSVRecord()
        #expect(try reader.next(into: &record))
        let copy = record
        #expect(try reader.next(into: &record))
        #expect(record.fields == ["e"])
        #expect(copy.fields == ["a", "b", "c", "d"])
    }

    @Test("parseLine")
    func parseLine() {
        #expect(CSVReader.parseLine("a,\"b,c\",") == ["a", "b,c", ""])
        #expect(CSVReader.parseLine("x\ny") == ["x"])
        #expect(CSVReader.parseLine("") == [])
        #expect(CSVReader.parseLine("\"open") == [])
    }

    @Test("bytesRead and fileSize", arguments: [1, 3, 1 << 20])
    func progress(chunkSize: Int) throws {
        let dir = try makeCSVTempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("p.csv")
        let text = "a,b\n\"c\nd\",e\r\nf"
        try Data(text.utf8).write(to: url)
        var reader = try CSVReader(path: url.path, chunkSize: chunkSize)
        #expect(reader.fileSize == text.utf8.count)
        #expect(reader.bytesRead == 0)
        #expect(reader.source == url.path)
        var record = CSVRecord()
        #expect(try reader.next(into: &record))
        #expect(reader.bytesRead == 4)
        while try reader.next(into: &record) {}
        #expect(reader.bytesRead == text.utf8.count)
    }

    @Test("in-memory source name")
    func memorySource() {
        let reader = CSVReader(bytes: [0x61])
        #expect(reader.source == "<input>")
        #expect(reader.fileSize == 1)
    }
}

/// Random CSV round trips: fields with commas, quotes, line breaks and CJK, with mixed line endings.
@Suite("CSVReader random input")
struct CSVRandomTests {
    struct Generator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    @Test("random files parse identically with every chunk size", arguments: 0..<8)
    func random(seed: Int) {
        var rng = Generator(state: UInt64(seed))
        let pieces = ["a", "7", "x y", ",", "\"", "\n", "\r\n", "\r", "青石", " ", "é", "\u{FEFF}"]
        let endings = ["\n", "\r\n", "\r"]
        var text = ""
        var line = 1
        var expected: [CSVRow] = []
        for _ in 0..<Int.random(in: 1...40, using: &rng) {
            var fields: [String] = []
            for _ in 0..<Int.random(in: 1...5, using: &rng) {
                var field = ""
                for _ in 0..<Int.random(in: 0...4, using: &rng) { field += pieces.randomElement(using: &rng)! }
                fields.append(field)
            }
            expected.append(CSVRow(line, fields))
            let encoded = fields.map { field -> String in
                let special =
                    field.contains { ",\"\r\n".unicodeScalars.contains($0.unicodeScalars.first!) }
                    || field.unicodeScalars.contains { $0 == "\r" || $0 == "\n" }
                if special || (fields.count == 1 && field.isEmpty) || field.hasPrefix("\u{FEFF}") {
                    return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                }
                return field
            }
            text += encoded.joined(separator: ",")
            for field in fields {
                var previousCR = false
                for scalar in field.unicodeScalars {
                    if scalar == "\r" || (scalar == "\n" && !previousCR) { line += 1 }
                    previousCR = scalar == "\r"
                }
            }
            let ending = endings.randomElement(using: &rng)!
            text += ending
            line += 1
            if Int.random(in: 0..<6, using: &rng) == 0 {
                // An empty line; after a lone CR a LF would only complete a CRLF.
                text += ending == "\r" ? "\r" : "\n"
                line += 1
            }
        }
        let bytes = Array(text.utf8)
        #expect(parseCSV(bytes) == .success(expected))
        for size in csvChunkSizes {
            #expect(parseCSV(bytes, chunkSize: size) == .success(expected), "chunk size \(size)")
        }
    }
}
