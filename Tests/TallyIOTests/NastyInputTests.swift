import Foundation
import TallyCore
import TallyIO
import TallyStore
import TallyStoreSQLite
import TallyTransfer
import Testing

/// The committed corpus of nasty inputs (`Corpus/`) and the fuzzers' seed and minimized corpora
/// (`Fuzz/corpus/`), replayed through every parser: each input gives a result or a Tally error, never a
/// crash, a hang or unbounded memory. Files with a known right answer are checked for it.
@Suite struct NastyInputTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Corpus")
    static let fuzzCorpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/corpus").standardizedFileURL

    static func files(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: corpus.appendingPathComponent(name)))
    }

    /// Runs `bytes` through every parser; returns how many parsers accepted it.
    @discardableResult
    static func replay(_ bytes: [UInt8], name: String, fixture: ImportFixture) throws -> Int {
        var accepted = 0
        var reader = CSVReader(bytes: bytes, source: name)
        var record = CSVRecord()
        do {
            while try reader.next(into: &record) {
                for i in 0..<record.count { _ = try? record.validatedString(i) }
            }
            accepted += 1
        } catch {
            #expect(!error.message.isEmpty)
        }
        do {
            _ = try fixture.importer.importBytes(
                bytes, name: name, into: fixture.store, user: "t", time: 1_700_000_000, dryRun: true)
            accepted += 1
        } catch let error as ImportError {
            #expect(!error.issues.isEmpty, "\(name)")
        }
        accepted += tallyErrorOrResult(name) { _ = try OrgUnitFile.read(bytes: bytes, name: name) }
        accepted += tallyErrorOrResult(name) {
            _ = try TargetFile.read(bytes: bytes, name: name, units: ["360121100201", "C"])
        }
        let text = String(decoding: bytes, as: UTF8.self)
        accepted += tallyErrorOrResult(name) { _ = try MetadataParser(file: name).parse(text) }
        for line in text.split(whereSeparator: \.isNewline).prefix(1000) {
            accepted += tallyErrorOrResult(name) { _ = try Period(String(line)) }
            accepted += tallyErrorOrResult(name) { _ = try Expression(parsing: String(line)) }
        }
        return accepted
    }

    /// 1 when `body` succeeds, 0 when it throws a Tally error; any other error fails the test.
    static func tallyErrorOrResult(_ name: String, _ body: () throws -> Void) -> Int {
        do {
            try body()
            return 1
        } catch let error as any TallyError {
            #expect(!error.message.isEmpty, "\(name): \(error.errorCode)")
            return 0
        } catch {
            Issue.record("\(name): an error that is not a TallyError: \(error)")
            return 0
        }
    }

    @Test func everyCorpusFileThroughEveryParser() throws {
        let files = Self.files(in: Self.corpus)
        #expect(files.count >= 20)
        let fixture = try ImportFixture()
        for file in files {
            try Self.replay([UInt8](try Data(contentsOf: file)), name: file.lastPathComponent, fixture: fixture)
        }
    }

    @Test func fuzzCorporaReplay() throws {
        var replayed = 0
        let fixture = try ImportFixture()
        for folder in Self.files(in: Self.fuzzCorpus) {
            for file in Self.files(in: folder) {
                var bytes = [UInt8](try Data(contentsOf: file))
                // The CSV fuzzer's first byte is its chunk size.
                if folder.lastPathComponent == "csv", !bytes.isEmpty { bytes.removeFirst() }
                try Self.replay(bytes, name: "\(folder.lastPathComponent)/\(file.lastPathComponent)", fixture: fixture)
                replayed += 1
            }
        }
        #expect(replayed > 0, "no fuzz corpus at \(Self.fuzzCorpus.path)")
    }

    // MARK: The right answers

    /// Imports a corpus file into a fresh fixture; returns the fixture and the summary or the error.
    static func importCorpus(_ name: String) throws -> (ImportFixture, Result<ImportSummary, ImportError>) {
        let fixture = try ImportFixture()
        do {
            let summary = try fixture.importer.importBytes(
                try bytes(name), name: name, into: fixture.store, user: "t", time: 1_700_000_000)
            return (fixture, .success(summary))
        } catch let error as ImportError {
            return (fixture, .failure(error))
        }
    }

    static func issues(_ name: String) throws -> [ImportIssue] {
        guard case .failure(let error) = try importCorpus(name).1 else {
            Issue.record("\(name) was imported")
            return []
        }
        return error.issues
    }

    @Test(arguments: ["bom-crlf.csv", "quoted-newlines.csv", "trailing-commas.csv", "empty-lines.csv"])
    func wellFormedFilesImport(name: String) throws {
        let (fixture, result) = try Self.importCorpus(name)
        let summary = try result.get()
        #expect(summary.new == 2)
        #expect(try fixture.store.valueCount() == 2)
    }

    @Test func quotedNewlinesKeepTheirText() throws {
        let (fixture, result) = try Self.importCorpus("quoted-newlines.csv")
        _ = try result.get()
        let c = try fixture.store.catalog()
        let key = ValueKey(
            element: c.elements["births"]!, period: c.periods.first { $0.value.identifier == "202510" }!.key,
            orgUnit: c.orgUnits["360121100201"]!, combo: c.combos["male"]!)
        #expect(try fixture.store.value(key)?.comment == "first line\nsecond line, with a comma")
    }

    @Test func thousandsSeparatorsAreRefusedWithTheReason() throws {
        let quoted = try Self.issues("thousands-quoted.csv")
        #expect(quoted.count == 1)
        #expect(quoted.first?.code == .notNumeric)
        #expect(quoted.first?.line == 2)
        #expect(quoted.first?.column == "value")
        #expect(
            quoted.first?.description
                == "thousands-quoted.csv, line 2, column 'value': '1,234' has a thousands separator, which is not allowed in a value; write it as 1234"
        )
        let unquoted = try Self.issues("thousands-unquoted.csv")
        #expect(unquoted.first?.code == .tooManyFields)
        #expect(unquoted.first?.detail.contains("1,234") == true)
    }

    @Test func fullWidthDigitsAreReadAsTheirNumbers() throws {
        let (fixture, result) = try Self.importCorpus("fullwidth-digits.csv")
        #expect(try result.get().new == 2)
        var values: [Double] = []
        try fixture.store.scanValues { _, columns in values += columns.value }
        #expect(values.sorted() == [-3.5, 123])
    }

    @Test func nulBytesAreErrors() throws {
        let issues = try Self.issues("nul-bytes.csv")
        // A NUL in a code is refused as a hidden character (it is never trimmed or looked up).
        #expect(issues.map(\.code) == [.notNumeric, .refusedCharacter])
        #expect(issues.map(\.line) == [2, 3])
        #expect(issues.last?.detail.contains("U+0000") == true)
    }

    @Test func invalidUTF8InStoredTextIsAnError() throws {
        let issues = try Self.issues("invalid-utf8.csv")
        #expect(issues.map(\.code) == [.encoding])
        #expect(issues.first?.column == "comment")
        #expect(issues.first?.detail.contains("GBK") == true)
    }

    @Test func hugeNumbersAreRefused() throws {
        let issues = try Self.issues("huge-numbers.csv")
        #expect(issues.count == 3)
        #expect(issues.allSatisfy { $0.code == .notNumeric && $0.detail.contains("too large") })
    }

    @Test func nanAndInfinityAreRefused() throws {
        let issues = try Self.issues("nan-infinity.csv")
        #expect(issues.count == 4)
        #expect(issues.allSatisfy { $0.code == .notNumeric && $0.detail.contains("finite number") })
    }

    @Test func brokenQuotesAreErrors() throws {
        let open = try Self.issues("unterminated-quote.csv")
        #expect(open.first?.code == .unreadable)
        #expect(open.first?.detail.contains("not closed") == true)
        let after = try Self.issues("text-after-quote.csv")
        #expect(after.first?.detail.contains("after the closing quote") == true)
    }

    @Test func longPeriodsAreRefused() throws {
        let issues = try Self.issues("long-period.csv")
        #expect(issues.map(\.code) == [.malformedPeriod, .malformedPeriod, .malformedPeriod])
        #expect(issues.last?.detail.contains("is a range of periods") == true)
    }

    @Test(arguments: [
        "billion-laughs.yaml", "alias-keys.yaml", "aliases-in-block.yaml", "alias-after-block-scalar.yaml",
    ])
    func yamlAliasesAreRefused(name: String) throws {
        let text = String(decoding: try Self.bytes(name), as: UTF8.self)
        #expect {
            _ = try MetadataParser(file: name).parse(text)
        } throws: { error in
            let error = error as? MetadataError
            return error?.code == .unsupported && error?.detail.contains("YAML alias") == true
        }
    }

    @Test func starsInTextAreNotAliases() throws {
        let text = String(decoding: try Self.bytes("stars-in-text.yaml"), as: UTF8.self)
        let metadata = try MetadataParser(file: "stars-in-text.yaml").parse(text)
        #expect(metadata.elements.map(\.code) == ["births", "population"])
    }

    @Test func theDocumentedMetadataHasNoFalseAlarm() throws {
        let page = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../docs/metadata.md")
        let text = try String(contentsOf: page, encoding: .utf8)
        for block in text.components(separatedBy: "```yaml\n").dropFirst() {
            let yaml = block.components(separatedBy: "```")[0]
            do {
                _ = try MetadataParser(file: "metadata.md").parse(yaml)
            } catch {
                #expect(error.code != .unsupported, "\(error)")
            }
        }
    }

    @Test func orgUnitFilesWithCyclesAndGBKAreRefused() throws {
        #expect(throws: OrgUnitError.self) {
            _ = try OrgUnitFile.read(bytes: try Self.bytes("orgunits-cycle.csv"), name: "orgunits-cycle.csv")
        }
        #expect {
            _ = try OrgUnitFile.read(bytes: try Self.bytes("orgunits-nasty.csv"), name: "orgunits-nasty.csv")
        } throws: { error in
            let e = error as? OrgUnitError
            return e?.code == .unreadable && e?.message.hasPrefix("orgunits-nasty.csv, line 6, column 2:") == true
                && e?.message.contains("not valid UTF-8") == true
        }
    }

    @Test func targetFilesWithSeparatorsAreRefused() throws {
        #expect {
            _ = try TargetFile.read(
                bytes: try Self.bytes("targets-nasty.csv"), name: "targets-nasty.csv", units: ["360121100201"])
        } throws: { error in
            (error as? TargetFileError)?.line == 2
        }
    }

    // MARK: Generated inputs

    /// A 10 MB line: refused with its line named, by every CSV parser, without holding more than the limit.
    @Test func aTenMegabyteLineIsRefused() throws {
        var bytes = Array("dataelement,period,orgunit,categoryoptioncombo,value\nbirths,202510,360121100201,male,".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "7"), count: 10_000_000)
        bytes += Array("\n".utf8)
        let fixture = try ImportFixture()
        #expect {
            _ = try fixture.importer.importBytes(bytes, name: "long.csv", into: fixture.store, user: "t", time: 0)
        } throws: { error in
            let issue = (error as? ImportError)?.issues.first
            return issue?.line == 2 && issue?.detail.contains("longer than 1 MiB") == true
        }
        #expect(throws: OrgUnitError.self) { _ = try OrgUnitFile.read(bytes: bytes, name: "long.csv") }
        #expect(throws: TargetFileError.self) { _ = try TargetFile.read(bytes: bytes, name: "long.csv", units: []) }
        // From a file, in chunks: refused as soon as the limit is passed.
        let folder = try makeCSVTempDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("long.csv").path
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        var reader = try CSVReader(path: path, chunkSize: 65_536)
        var record = CSVRecord()
        #expect(try reader.next(into: &record))
        #expect(throws: CSVError.self) { _ = try reader.next(into: &record) }
        #expect(reader.bytesRead < 2_000_000)
        // With a higher limit the line is read whole.
        var roomy = CSVReader(bytes: bytes, maxRecordBytes: 16 << 20)
        #expect(try roomy.next(into: &record))
        #expect(try roomy.next(into: &record))
        #expect(record.withBytes(4) { $0.count } == 10_000_000)
    }

    @Test func aQuoteNeverClosedStopsAtTheLimit() throws {
        var bytes = Array("a,\"".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "\n"), count: 3_000_000)
        var reader = CSVReader(bytes: bytes)
        var record = CSVRecord()
        #expect {
            _ = try reader.next(into: &record)
        } throws: { error in
            (error as? CSVError)?.code == .recordTooLong && (error as? CSVError)?.line == 1
        }
    }

    @Test func deeplyNestedYAMLIsRefused() throws {
        let flow = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let block = (0..<200).map { String(repeating: " ", count: $0) + "k\($0):" }.joined(separator: "\n")
        let dashes = String(repeating: "- ", count: 5000) + "x"
        for text in [flow, "elements: " + flow, block, dashes] {
            #expect {
                _ = try MetadataParser(file: "deep.yaml").parse(text)
            } throws: { error in
                (error as? MetadataError)?.code == .unsupported
            }
        }
    }

    @Test func deeplyNestedExpressionsAreRefused() throws {
        for text in [
            String(repeating: "(", count: 100_000) + "1" + String(repeating: ")", count: 100_000),
            String(repeating: "-", count: 100_000) + "1",
            Array(repeating: "1", count: 10_000).joined(separator: " + "),
        ] {
            #expect(throws: ExpressionError.self) { _ = try Expression(parsing: text) }
        }
    }

    @Test func veryLongPeriodStringsAreRefusedQuickly() throws {
        for text in [
            String(repeating: "2025", count: 250_000), "2025" + String(repeating: "0", count: 1_000_000),
            String(repeating: "..", count: 100_000), "202510.." + String(repeating: "9", count: 1_000_000),
        ] {
            #expect(throws: PeriodError.self) { _ = try Period(text) }
        }
    }

    /// The CSV reader streams a large file in constant memory. CI reads 200 MB; set
    /// `TALLY_STREAM_TEST_MB=2048` to read 2 GB by hand (docs/robustness.md records such a run).
    @Test func aLargeFileStreamsInBoundedMemory() throws {
        let megabytes = Int(ProcessInfo.processInfo.environment["TALLY_STREAM_TEST_MB"] ?? "") ?? 200
        let folder = try makeCSVTempDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("big.csv").path
        // One megabyte of rows (with quoted fields and CRLF), written again and again.
        var chunk = Array("births,202510,360121100201,male,3,clerk,2025-11-08,\"a, b\"\r\n".utf8)
        let rowsPerChunk = (1 << 20) / chunk.count
        chunk = Array(repeating: chunk, count: rowsPerChunk).flatMap { $0 }
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        for _ in 0..<megabytes { handle.write(Data(chunk)) }
        try handle.close()

        let before = Self.residentBytes()
        var peak = before
        var reader = try CSVReader(path: path)
        var record = CSVRecord()
        var rows = 0
        var fields = 0
        while try reader.next(into: &record) {
            rows += 1
            fields += record.count
            if rows & 0xFFFFF == 0 { peak = max(peak, Self.residentBytes()) }
        }
        #expect(rows == rowsPerChunk * megabytes)
        #expect(fields == rows * 8)
        // The reader holds a 1 MiB buffer; allow for other tests running at the same time.
        #expect(peak - before < 64 << 20, "resident memory grew by \((peak - before) >> 20) MiB")
        print("streamed \(megabytes) MB, \(rows) rows; resident memory grew by \((peak - before) >> 20) MiB")
    }

    /// The resident set size of this process, from /proc (0 where there is none).
    static func residentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") })
        else { return 0 }
        return (Int(line.split(separator: " ")[1]) ?? 0) * 1024
    }
}
