import Foundation
import TallyIO
import Testing

@Suite("CSV errors")
struct CSVErrorTests {
    @Test("unterminated quote names the line where the field starts", arguments: csvChunkSizes)
    func unterminated(chunkSize: Int) {
        let bytes = Array("a,b\n1,\"x\n2,3\n4,5\n".utf8)
        let error = parseCSV(bytes, chunkSize: chunkSize).csvError
        #expect(error?.code == .unterminatedQuote)
        #expect(error?.line == 2)
        #expect(error?.column == 2)
    }

    @Test("unterminated quote message")
    func unterminatedMessage() {
        let error = parseCSV("a,b,c\n\n1,2,\"x,y\n").csvError
        #expect(error?.source == "<input>")
        #expect(
            error?.message
                == "<input>, line 3, column 3: a quoted field is not closed; "
                + "it starts here and the file ends before its closing quote"
        )
        #expect(error?.description == error?.message)
    }

    @Test("text after a closing quote", arguments: csvChunkSizes)
    func textAfterQuote(chunkSize: Int) {
        let error = parseCSV(Array("a,b\nc,\"d\"e\n".utf8), chunkSize: chunkSize).csvError
        #expect(error?.code == .textAfterQuote)
        #expect(error?.line == 2)
        #expect(error?.column == 2)
        #expect(error?.message.contains(", line 2, column 2: there is text after the closing quote") == true)
    }

    @Test("text after a multi-line quoted field names the line of the text")
    func textAfterMultilineQuote() {
        let error = parseCSV("h\n\"x\r\ny\"z\n").csvError
        #expect(error?.code == .textAfterQuote)
        #expect(error?.line == 3)
        #expect(error?.column == 1)
    }

    @Test("errors are sticky")
    func sticky() {
        var reader = CSVReader(bytes: Array("ok\n\"a\"b\nc\n".utf8))
        var record = CSVRecord()
        #expect(throws: Never.self) { _ = try reader.next(into: &record) }
        #expect(throws: CSVError.self) { _ = try reader.next(into: &record) }
        #expect(throws: CSVError.self) { _ = try reader.next(into: &record) }
    }

    @Test("missing file and folder cannot be opened")
    func cannotOpen() throws {
        let dir = try makeCSVTempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("missing.csv").path
        #expect {
            _ = try CSVReader(path: missing)
        } throws: { error in
            guard let error = error as? CSVError else { return false }
            return error.code == .cannotOpen && error.line == nil && error.source == missing
                && error.message == "\(missing): the file cannot be opened (No such file or directory)"
        }
        #expect {
            _ = try CSVReader(path: dir.path)
        } throws: { error in
            (error as? CSVError)?.code == .cannotOpen
        }
    }

    @Test("GBK bytes give .invalidUTF8 with line, column and offset", arguments: [nil, 1, 2, 1 << 20] as [Int?])
    func invalidUTF8(chunkSize: Int?) throws {
        // "出生" in GBK is B3 F6 C9 FA.
        let bytes = Array("name,birth,town\n张三,".utf8) + [0xB3, 0xF6, 0xC9, 0xFA] + Array(",青石镇\n".utf8)
        let path: String
        let dir = try makeCSVTempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        var reader: CSVReader
        if let chunkSize {
            path = dir.appendingPathComponent("gbk.csv").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            reader = try CSVReader(path: path, chunkSize: chunkSize)
        } else {
            path = "<input>"
            reader = CSVReader(bytes: bytes)
        }
        var record = CSVRecord()
        #expect(try reader.next(into: &record))
        #expect(try record.validatedString(1) == "birth")
        #expect(try reader.next(into: &record))
        #expect(try record.validatedString(0) == "张三")
        #expect(try record.validatedString(2) == "青石镇")
        #expect(record.string(1).contains("\u{FFFD}"))
        do {
            _ = try record.validatedString(1)
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidUTF8)
            #expect(error.source == path)
            #expect(error.line == 2)
            #expect(error.column == 2)
            #expect(error.byteOffset == 0)
            #expect(error.message.hasPrefix("\(path), line 2, column 2: the text is not valid UTF-8 (byte 0xB3"))
            #expect(error.message.contains("GBK/GB18030"))
            #expect(error.message.contains("UTF-8"))
        }
    }

    @Test("invalid UTF-8 later in a multi-line field")
    func invalidUTF8Offset() throws {
        var reader = CSVReader(bytes: Array("x,\"ab\r\n".utf8) + [0x61, 0xC9, 0xFA] + Array("\"\n".utf8))
        var record = CSVRecord()
        #expect(try reader.next(into: &record))
        #expect(throws: CSVError.self) { _ = try record.validatedString(1) }
        do {
            _ = try record.validatedString(1)
        } catch {
            #expect(error.line == 2)
            #expect(error.column == 2)
            #expect(error.byteOffset == 5)
        }
    }

    @Test(
        "UTF-8 edge csvCases",
        arguments: [
            ([0xED, 0xA0, 0x80], 0),  // surrogate
            ([0xC0, 0x80], 0),  // overlong
            ([0x61, 0xE4, 0xB8], 1),  // truncated
            ([0xF4, 0x90, 0x80, 0x80], 0),  // above U+10FFFF
            ([0xE2, 0x82, 0xAC, 0xFF], 3),
        ] as [([UInt8], Int)])
    func utf8Edges(bytes: [UInt8], offset: Int) throws {
        var reader = CSVReader(bytes: bytes)
        var record = CSVRecord()
        #expect(try reader.next(into: &record))
        do {
            _ = try record.validatedString(0)
            Issue.record("expected an error")
        } catch {
            #expect(error.byteOffset == offset)
        }
    }
}
