import Foundation
import TallyCore
import TallyIO
import TallyInterchange
import Testing

/// The interchange fuzzers' seed and minimized corpora (`Fuzz/corpus/`), replayed through the parser each was
/// found with: every input gives a result or a Tally error, never a crash, a hang or unbounded memory, and the
/// fuzzers' properties hold.
@Suite struct FuzzCorpusReplayTests {
    static let fuzzCorpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Fuzz/corpus").standardizedFileURL

    static func inputs(_ folder: String) throws -> [(String, [UInt8])] {
        let url = fuzzCorpus.appendingPathComponent(folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
        return try names.map { ("\(folder)/\($0)", [UInt8](try Data(contentsOf: url.appendingPathComponent($0)))) }
    }

    static func context() throws -> InterchangeContext {
        let h = try Harness(folder: dhis2Fixtures)
        let mapping = try IdentifierMapping.read(path: dhis2Fixtures.appendingPathComponent("mapping.csv").path)
        return InterchangeContext(metadata: h.metadata, mapping: mapping)
    }

    /// Reads every row; returns the number of rows, or nil when the source refused the input.
    static func rows(_ source: some DataValueRowSource) -> Int? {
        var row = DataValueRow()
        var count = 0
        do {
            while try source.next(into: &row) { count += 1 }
            return count
        } catch {
            #expect(!error.description.isEmpty)
            return nil
        }
    }

    @Test func dataValueSetsJSON() throws {
        let context = try Self.context()
        let files = try Self.inputs("dhis2json")
        #expect(files.count >= 4)
        for (name, bytes) in files {
            _ = Self.rows(DataValueSetReader(input: TextInput(bytes: bytes, name: name), context: context))
            let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100) + bytes
            #expect(
                Self.rows(DataValueSetReader(input: TextInput(bytes: deep, name: name), context: context)) == nil,
                "\(name) nested 100 deep was accepted")
        }
    }

    @Test func adx() throws {
        let context = try Self.context()
        let files = try Self.inputs("adx")
        #expect(files.count >= 4)
        let doctype = Array("<!DOCTYPE adx [<!ENTITY a \"aaaaaaaaaa\">]>\n".utf8)
        let deep = Array(String(repeating: "<a>", count: 100).utf8)
        for (name, bytes) in files {
            _ = Self.rows(ADXReader(input: TextInput(bytes: bytes, name: name), context: context))
            for prefix in [doctype, deep] {
                #expect(
                    Self.rows(ADXReader(input: TextInput(bytes: prefix + bytes, name: name), context: context)) == nil,
                    "\(name) after \(String(decoding: prefix.prefix(9), as: UTF8.self)) was accepted")
            }
        }
    }

    @Test func workbooks() throws {
        let context = try Self.context()
        let files = try Self.inputs("xlsx")
        #expect(files.count >= 2)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tally-xlsx-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, (name, bytes)) in files.enumerated() {
            let path = folder.appendingPathComponent("\(index).xlsx").path
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do {
                let workbook = try Workbook(path: path)
                for sheet in workbook.sheets {
                    let reader = try workbook.sheet(sheet.name)
                    while let row = try reader.next() { _ = row.texts() }
                }
            } catch {
                #expect(!error.message.isEmpty, "\(name)")
            }
            for layout in WorkbookOptions.Layout.allCases {
                do {
                    _ = Self.rows(
                        try WorkbookRowSource(
                            path: path, options: WorkbookOptions(layout: layout, period: "202510"), context: context))
                } catch {
                    #expect(!error.message.isEmpty, "\(name)")
                }
            }
        }
    }

    @Test func dhis2Metadata() throws {
        let files = try Self.inputs("dhis2metadata")
        #expect(files.count >= 2)
        for (name, bytes) in files {
            do {
                let conversion = try DHIS2MetadataConverter.convert(bytes: bytes, name: name)
                _ = try? MetadataParser(file: "converted.yaml").parse(conversion.yaml)
                _ = try? OrgUnitFile.read(bytes: Array(conversion.orgUnitsCSV.utf8), name: "orgunits.csv")
            } catch {
                #expect(!error.message.isEmpty, "\(name)")
            }
        }
    }

    @Test func isoPeriods() throws {
        let files = try Self.inputs("isoperiod")
        #expect(files.count >= 10)
        for (name, bytes) in files {
            let text = String(decoding: bytes, as: UTF8.self)
            if let period = try? Period(isoInterval: text) {
                let again = try Period(isoInterval: period.isoInterval)
                #expect(again == period, "\(name)")
                #expect(again.isoInterval == period.isoInterval, "\(name)")
            }
            if let period = try? Period(text) {
                let again = try Period(isoInterval: period.isoInterval)
                #expect(again.start == period.start && again.end == period.end, "\(name): \(text)")
            }
        }
    }
}
