import Foundation
import TallyIO

/// One parsed record: its starting line and its fields.
struct CSVRow: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]

    init(_ line: Int, _ fields: [String]) {
        self.line = line
        self.fields = fields
    }

    var description: String { "\(line): \(fields)" }
}

/// The chunk sizes every input is read with, to exercise records split across chunks.
let csvChunkSizes = [1, 2, 3, 7, 1 << 20]

/// A fresh temporary directory, removed by the caller.
func makeCSVTempDirectory() throws -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-csv-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}

/// Reads all records from `bytes`, in memory (`chunkSize == nil`) or from a temporary file in chunks.
func parseCSV(_ bytes: [UInt8], chunkSize: Int? = nil) -> Result<[CSVRow], CSVError> {
    if let chunkSize {
        let dir = try! makeCSVTempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("input.csv")
        try! Data(bytes).write(to: url)
        do {
            var reader = try CSVReader(path: url.path, chunkSize: chunkSize)
            return readAll(&reader)
        } catch {
            return .failure(error)
        }
    }
    var reader = CSVReader(bytes: bytes)
    return readAll(&reader)
}

/// Reads all records of `text` in memory.
func parseCSV(_ text: String) -> Result<[CSVRow], CSVError> {
    parseCSV(Array(text.utf8))
}

private func readAll(_ reader: inout CSVReader) -> Result<[CSVRow], CSVError> {
    var rows: [CSVRow] = []
    var record = CSVRecord()
    do {
        while try reader.next(into: &record) {
            rows.append(CSVRow(record.line, record.fields))
        }
        return .success(rows)
    } catch {
        return .failure(error)
    }
}

extension Result where Failure == CSVError {
    /// The error, or nil on success.
    var csvError: CSVError? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
