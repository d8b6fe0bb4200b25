import Foundation
import TallyCore
import TallyIO
import TallyInterchange
import TallyTransfer
import Testing
import ZIPFoundation

/// Data files compressed as DHIS2 exports them (`.json.gz`, `.json.zip`, `.csv.gz`), read as a stream, and the
/// defences around inflating: a zip bomb, a truncated stream, an archive of several files.
@Suite struct CompressedInputTests {
    static var folder: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("compressed")
    }

    static func fixture(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// A zip archive at a fresh path holding `entries` (deflated).
    static func zip(_ name: String, _ entries: [(String, [UInt8])]) throws -> String {
        let path = TestWorkbook.path(name)
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .create)
        for (entry, bytes) in entries {
            try archive.addEntry(
                with: entry, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: .deflate
            ) { position, size in
                Data(bytes[Int(position)..<min(Int(position) + size, bytes.count)])
            }
        }
        return path
    }

    /// The refusal of importing `path`.
    func refusal(
        _ h: Harness, _ path: String, limits: DecompressionLimits = DecompressionLimits()
    ) throws -> ImportError {
        do {
            let source = try makeRowSource(
                path: path, format: nil, context: InterchangeContext(metadata: h.metadata), limits: limits)
            _ = try h.importer().importRows(from: source, into: h.store, user: "tester", time: 1_700_000_000)
        } catch let error as ImportError {
            #expect(try h.values().isEmpty, "a refused file changes nothing")
            return error
        }
        Issue.record("expected \(path) to be refused")
        throw CancellationError()
    }

    @Test func gzipOfJSONCSVAndXMLIsReadByItsInnerName() throws {
        let h = try Harness.small()
        #expect(try h.run(path: Self.fixture("births.json.gz"), format: nil).new == 2)
        #expect(try h.run(path: Self.fixture("births.csv.gz"), format: nil).new == 2)
        #expect(try h.run(path: Self.fixture("births.xml.gz"), format: nil).new == 1)
        #expect(
            try h.snapshot() == [
                "births.female@a1/202510=4.0 by tester at 1700000000 follow-up false: -",
                "births.female@a2/202510=6.0 by tester at 1700000000 follow-up false: -",
                "births.female@b1/202510=7.0 by tester at 1700000000 follow-up false: -",
                "births.male@a1/202510=3.0 by tester at 1700000000 follow-up false: -",
                "births.male@a2/202510=5.0 by tester at 1700000000 follow-up false: -",
            ])
    }

    @Test func twoGzipMembersOneAfterTheOther() throws {
        let h = try Harness.small()
        #expect(try h.run(path: Self.fixture("births-two-members.json.gz"), format: nil).new == 2)
    }

    @Test func compressionIsToldByTheBytesNotTheName() throws {
        let h = try Harness.small()
        let path = TestWorkbook.path("births.json")
        try Data(contentsOf: URL(fileURLWithPath: Self.fixture("births.json.gz"))).write(to: URL(fileURLWithPath: path))
        #expect(try h.run(path: path, format: nil).new == 2)
    }

    @Test func zipOfOneFileAsDHIS2ExportsIt() throws {
        let h = try Harness.small()
        let json = #"{"dataValues": [{"dataElement": "visits", "period": "20251001", "orgUnit": "b2", "value": "9"}]}"#
        let path = try Self.zip("dataValueSets.json.zip", [("dataValueSets.json", Array(json.utf8))])
        #expect(try h.run(path: path, format: nil).new == 1)
        // The format follows from the entry's name when the archive's name does not tell it.
        let csv = "dataelement,period,orgunit,value\nvisits,20251002,b2,8\n"
        let other = try Self.zip("export.zip", [("data/values.csv", Array(csv.utf8)), ("__MACOSX/._values.csv", [0])])
        #expect(try h.run(path: other, format: nil).new == 1)
        #expect(try h.snapshot().count == 2)
    }

    @Test func aZipOfSeveralFilesIsRefusedNamingThem() throws {
        let h = try Harness.small()
        let path = try Self.zip("two.zip", [("a.json", Array("{}".utf8)), ("b.csv", Array("x".utf8))])
        let error = try refusal(h, path)
        #expect(
            error.message.hasPrefix(
                "\(path): the file cannot be opened (the zip archive holds 2 files (a.json, b.csv); Tally reads a zip of one data file: unzip it and import the files one by one)"
            ))
        #expect(!error.message.contains("line 0"))
    }

    @Test func aZipBombIsRefused() throws {
        let h = try Harness.small()
        var limits = DecompressionLimits()
        limits.ratioGraceBytes = 1 << 20
        let error = try refusal(h, Self.fixture("spaces.json.gz"), limits: limits)
        #expect(error.issues.first?.code == .unreadable)
        #expect(error.message.contains("inflates more than 200 times its compressed size"))
        #expect(error.message.contains("looks like a zip bomb and is refused"))
        // The same in a zip archive, and an absolute limit too.
        let zeros = [UInt8](repeating: 0x20, count: 3 << 20)
        let path = try Self.zip(
            "spaces.json.zip", [("spaces.json", Array(#"{"dataValues": ["#.utf8) + zeros + Array("]}".utf8))])
        #expect(try refusal(h, path, limits: limits).message.contains("looks like a zip bomb"))
        limits = DecompressionLimits()
        limits.maxUncompressedBytes = 1 << 20
        #expect(
            try refusal(h, Self.fixture("spaces.json.gz"), limits: limits).message.contains("inflates to more than"))
        // Within the default limits the file is read: it holds no value.
        #expect(try h.run(path: Self.fixture("spaces.json.gz"), format: nil).rows == 0)
    }

    @Test func aTruncatedOrDamagedStreamIsRefused() throws {
        let h = try Harness.small()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: Self.fixture("births.json.gz")))
        let truncated = TestWorkbook.path("cut.json.gz")
        try bytes.prefix(bytes.count - 20).write(to: URL(fileURLWithPath: truncated))
        #expect(try refusal(h, truncated).message.contains("the file is truncated"))
        var damaged = [UInt8](bytes)
        damaged[20] ^= 0xFF
        damaged[21] ^= 0xFF
        let path = TestWorkbook.path("damaged.json.gz")
        try Data(damaged).write(to: URL(fileURLWithPath: path))
        let message = try refusal(h, path).message
        #expect(message.contains("damaged") || message.contains("line"), "\(message)")
        let trailing = TestWorkbook.path("trailing.json.gz")
        try (bytes + Data("garbage".utf8)).write(to: URL(fileURLWithPath: trailing))
        #expect(try refusal(h, trailing).message.contains("bytes that are not gzip"))
    }
}
