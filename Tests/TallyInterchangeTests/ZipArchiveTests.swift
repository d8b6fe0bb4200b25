import Foundation
import TallyText
import Testing
import ZIPFoundation

@testable import TallyInterchange

/// Zip archives built byte by byte, so that each header can lie in exactly one way.
struct TestZip {
    struct Part {
        var name: String
        var data: [UInt8]
        /// The bytes stored: `data` itself, or a raw deflate stream of it.
        var stored: [UInt8]
        var method: UInt16
        var flags: UInt16 = 0
        var checksum: UInt32
        var declaredSize: UInt64
        var declaredCompressed: UInt64
        var offsetShift: Int = 0

        init(_ name: String, _ text: String, deflated: Bool = false) {
            self.name = name
            data = Array(text.utf8)
            stored = deflated ? Array(try! (Data(data) as Data).deflated()) : data
            method = deflated ? 8 : 0
            checksum = Data(data).crc32(checksum: 0)
            declaredSize = UInt64(data.count)
            declaredCompressed = UInt64(stored.count)
        }
    }

    var parts: [Part]
    /// Write the sizes and offsets in a ZIP64 extra field and a ZIP64 end record.
    var zip64 = false

    var bytes: [UInt8] {
        var out: [UInt8] = []
        var directory: [UInt8] = []
        func u16(_ v: UInt16, _ to: inout [UInt8]) { to += [UInt8(v & 0xFF), UInt8(v >> 8)] }
        func u32(_ v: UInt32, _ to: inout [UInt8]) {
            u16(UInt16(v & 0xFFFF), &to)
            u16(UInt16(v >> 16), &to)
        }
        func u64(_ v: UInt64, _ to: inout [UInt8]) {
            u32(UInt32(v & 0xFFFF_FFFF), &to)
            u32(UInt32(v >> 32), &to)
        }
        for part in parts {
            let offset = UInt64(out.count + part.offsetShift)
            let name = Array(part.name.utf8)
            u32(0x0403_4b50, &out)
            u16(20, &out)
            u16(part.flags, &out)
            u16(part.method, &out)
            u32(0, &out)
            u32(part.checksum, &out)
            u32(UInt32(truncatingIfNeeded: part.declaredCompressed), &out)
            u32(UInt32(truncatingIfNeeded: part.declaredSize), &out)
            u16(UInt16(name.count), &out)
            u16(0, &out)
            out += name + part.stored
            u32(0x0201_4b50, &directory)
            u16(zip64 ? 45 : 20, &directory)
            u16(zip64 ? 45 : 20, &directory)
            u16(part.flags, &directory)
            u16(part.method, &directory)
            u32(0, &directory)
            u32(part.checksum, &directory)
            u32(zip64 ? 0xFFFF_FFFF : UInt32(truncatingIfNeeded: part.declaredCompressed), &directory)
            u32(zip64 ? 0xFFFF_FFFF : UInt32(truncatingIfNeeded: part.declaredSize), &directory)
            u16(UInt16(name.count), &directory)
            u16(zip64 ? 28 : 0, &directory)
            u16(0, &directory)
            u16(0, &directory)
            u16(0, &directory)
            u32(0, &directory)
            u32(zip64 ? 0xFFFF_FFFF : UInt32(truncatingIfNeeded: offset), &directory)
            directory += name
            if zip64 {
                u16(1, &directory)
                u16(24, &directory)
                u64(part.declaredSize, &directory)
                u64(part.declaredCompressed, &directory)
                u64(offset, &directory)
            }
        }
        let start = out.count
        out += directory
        if zip64 {
            let record = out.count
            u32(0x0606_4b50, &out)
            u64(44, &out)
            u16(45, &out)
            u16(45, &out)
            u32(0, &out)
            u32(0, &out)
            u64(UInt64(parts.count), &out)
            u64(UInt64(parts.count), &out)
            u64(UInt64(directory.count), &out)
            u64(UInt64(start), &out)
            u32(0x0706_4b50, &out)
            u32(0, &out)
            u64(UInt64(record), &out)
            u32(1, &out)
        }
        u32(0x0605_4b50, &out)
        u32(0, &out)
        u16(zip64 ? 0xFFFF : UInt16(parts.count), &out)
        u16(zip64 ? 0xFFFF : UInt16(parts.count), &out)
        u32(zip64 ? 0xFFFF_FFFF : UInt32(directory.count), &out)
        u32(zip64 ? 0xFFFF_FFFF : UInt32(start), &out)
        u16(0, &out)
        return out
    }

    /// Reads every entry whole, as text.
    static func read(_ bytes: [UInt8]) throws -> [String: String] {
        let archive = try ZipArchive(bytes: bytes, maxEntries: 100)
        var out: [String: String] = [:]
        for entry in archive.entries {
            var data: [UInt8] = []
            try archive.read(entry) { piece in
                data += piece
                return true
            }
            out[entry.name] = String(decoding: data, as: UTF8.self)
        }
        return out
    }

    /// A failure as it reads in English, to compare with the sentences expected.
    enum Said: Equatable {
        case notZip(String), tooManyEntries(Int), damaged(String), badEntry(String, String)

        init(_ failure: ZipArchive.Failure) {
            switch failure {
            case .notZip(let why): self = .notZip(why.en)
            case .tooManyEntries(let limit): self = .tooManyEntries(limit)
            case .damaged(let why): self = .damaged(why.en)
            case .badEntry(let name, let why): self = .badEntry(name, why.en)
            }
        }
    }

    static func failure(_ bytes: [UInt8]) -> Said? {
        do {
            _ = try read(bytes)
            return nil
        } catch let failure as ZipArchive.Failure {
            return Said(failure)
        } catch {
            Issue.record("unexpected \(error)")
            return nil
        }
    }
}

extension Data {
    /// A raw deflate stream of the data (what a zip entry stores).
    fileprivate func deflated() throws -> Data {
        var out = Data()
        _ = try Data.compress(
            size: Int64(count), bufferSize: 4096,
            provider: { position, size in
                self[Int(position)..<Int(position) + size]
            }
        ) { out.append($0) }
        return out
    }
}

@Suite struct ZipArchiveTests {
    let text = String(repeating: "births,202510,a1,7\n", count: 500)

    @Test func storedDeflatedAndZIP64EntriesReadBack() throws {
        var zip = TestZip(parts: [TestZip.Part("a.txt", "hello"), TestZip.Part("b.xml", text, deflated: true)])
        #expect(try TestZip.read(zip.bytes) == ["a.txt": "hello", "b.xml": text])
        zip.zip64 = true
        #expect(try TestZip.read(zip.bytes) == ["a.txt": "hello", "b.xml": text])
    }

    @Test func readsWhatZIPFoundationWrites() throws {
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("s", TestWorkbook.row(1, ["x", 1]))])
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let parts = try TestZip.read(bytes)
        #expect(parts.keys.contains("xl/workbook.xml"))
        #expect(parts["xl/worksheets/sheet1.xml"]?.contains("<sheetData>") == true)
    }

    @Test func aTruncatedDeflateStreamEndsInsteadOfLooping() throws {
        // The stream is cut short but the declared sizes still match what is there: the inflater runs out of
        // input before the stream's end. A general zip reader looped here for ever.
        var part = TestZip.Part("b.xml", text, deflated: true)
        part.stored = Array(part.stored.prefix(part.stored.count / 2))
        part.declaredCompressed = UInt64(part.stored.count)
        let failure = TestZip.failure(TestZip(parts: [part]).bytes)
        #expect(failure == .badEntry("b.xml", "the compressed data ends before the entry does"))
    }

    @Test func sizesThatLie() throws {
        var larger = TestZip.Part("b.xml", text, deflated: true)
        larger.declaredSize += 21
        #expect(
            TestZip.failure(TestZip(parts: [larger]).bytes)
                == .badEntry(
                    "b.xml", "the entry inflates to \(text.utf8.count) bytes but declares \(text.utf8.count + 21)"))
        var smaller = TestZip.Part("b.xml", text, deflated: true)
        smaller.declaredSize = 100
        #expect(
            TestZip.failure(TestZip(parts: [smaller]).bytes)
                == .badEntry("b.xml", "the entry inflates to more than the 100 bytes it declares"))
        var stored = TestZip.Part("a.txt", "hello")
        stored.declaredSize = 4
        #expect(
            TestZip.failure(TestZip(parts: [stored]).bytes)
                == .badEntry("a.txt", "a stored entry whose two sizes differ"))
        // Compressed data said to run past the central directory's start.
        var past = TestZip.Part("a.txt", "hello")
        past.declaredCompressed = 5_000
        past.declaredSize = 5_000
        #expect(
            TestZip.failure(TestZip(parts: [past]).bytes)
                == .badEntry("a.txt", "its data runs past the end of the archive's entries"))
    }

    @Test(
        arguments: [
            ("checksum", "the entry does not match its checksum; the file is damaged"),
            ("encrypted", "the entry is encrypted; save the workbook without a password"),
            ("method", "compression method 12 is not one Excel uses (stored or deflated)"),
            ("moved", "its local header is not where the central directory says"),
        ])
    func checksumEncryptionMethodAndLocalHeader(damage: String, message: String) throws {
        var part = TestZip.Part("a.txt", "hello")
        switch damage {
        case "checksum": part.checksum ^= 1
        case "encrypted": part.flags = 1
        case "method": part.method = 12
        default: part.offsetShift = 3
        }
        #expect(TestZip.failure(TestZip(parts: [part]).bytes) == .badEntry("a.txt", message))
    }

    @Test func damagedDirectories() throws {
        let good = TestZip(parts: [TestZip.Part("a.txt", "hello")]).bytes
        #expect(TestZip.failure([]) == .notZip("no end-of-central-directory record"))
        #expect(TestZip.failure(Array("PK not really".utf8)) == .notZip("no end-of-central-directory record"))
        // The directory's offset (the last 6..2 bytes before the comment length) pointed past the file.
        var offset = good
        offset[offset.count - 6] = 0xFF
        offset[offset.count - 5] = 0xFF
        #expect(TestZip.failure(offset) == .damaged("the central directory does not fit in the file"))
        // More entries declared than the directory holds.
        var count = good
        count[count.count - 12] = 9
        count[count.count - 14] = 9
        #expect(TestZip.failure(count) == .damaged("the central directory does not fit in the file"))
        // Too many entries is refused before any is read.
        #expect(throws: ZipArchive.Failure.tooManyEntries(0)) { try ZipArchive(bytes: good, maxEntries: 0) }
        // A ZIP64 end record that is not there.
        var zip64 = TestZip(parts: [TestZip.Part("a.txt", "hello")], zip64: true).bytes
        zip64[zip64.count - 22 - 20] = 0
        #expect(TestZip.failure(zip64) == .damaged("the ZIP64 end-of-central-directory locator is missing"))
    }

    @Test func duplicateEntriesAreRefusedByTheWorkbook() throws {
        let zip = TestZip(parts: [TestZip.Part("xl/workbook.xml", "<workbook/>"), TestZip.Part("xl/workbook.xml", "x")])
        #expect(throws: WorkbookError.self) { try Workbook(bytes: zip.bytes, file: "d.xlsx") }
        do {
            _ = try Workbook(bytes: zip.bytes, file: "d.xlsx")
        } catch {
            #expect(error.code == .corrupt)
            #expect(
                error.message
                    == "d.xlsx, entry 'xl/workbook.xml': the archive holds two entries of this name; a workbook has each part once"
            )
        }
    }

    /// The input found by the workbook fuzzer that made the previous zip reader run for more than ten minutes. The
    /// reading is timed from inside the test; the time limit only ends a hang, and is wide because in the parallel
    /// suite a test may wait long for a thread before it starts.
    @Test(.timeLimit(.minutes(10))) func theFuzzersHangingWorkbookIsRefusedAtOnce() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus/xlsx/regression-hang-truncated-deflate")
        let bytes = [UInt8](try Data(contentsOf: url))
        let start = ContinuousClock.now
        do {
            _ = try Workbook(bytes: bytes, file: "hang.xlsx")
            Issue.record("the damaged workbook was accepted")
        } catch {
            #expect(error.code == .corrupt)
            #expect(
                error.message.hasPrefix(
                    "hang.xlsx, xl/_rels/workbook.xml.rels: the entry inflates to 258 bytes but declares 279"))
        }
        #expect(ContinuousClock.now - start < .seconds(10))
    }

    /// An empty file is no workbook (and is not read through Foundation, which leaks on empty files).
    @Test func anEmptyFile() throws {
        let path = TestWorkbook.path("empty.xlsx")
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        let error = workbookError(path)
        #expect(error?.code == .unreadable)
        #expect(error?.message.contains("this is not an Excel workbook") == true)
        #expect(Workbook.contents(of: path, limit: 10) == [])
        try Data(repeating: 7, count: 100_000).write(to: URL(fileURLWithPath: path))
        #expect(Workbook.contents(of: path, limit: 1 << 20)?.count == 100_000)
        #expect(Workbook.contents(of: path + ".missing", limit: 10) == nil)
    }

    @Test func aFileBeyondTheSizeLimit() throws {
        var limits = WorkbookLimits()
        limits.maxFileBytes = 1_000
        let path = try TestWorkbook.write(TestWorkbook.path(), sheets: [("s", TestWorkbook.row(1, ["x", 1]))])
        #expect(workbookError(path, limits: limits)?.code == .tooLarge)
        #expect(workbookError(path, limits: limits)?.message.contains("the file is larger than 1000 bytes") == true)
    }
}
