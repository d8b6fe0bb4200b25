internal import TallyText

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where the importer's rows come from: a CSV file, a DHIS2 dataValueSets JSON file, an ADX XML file.
///
/// A source hands out one row at a time in ``DataValueColumns/names``' terms, with the line it came
/// from, so that every format goes through the same checks and every error names the file and the line.
public protocol DataValueRowSource: AnyObject {
    /// The file, for messages.
    var name: String { get }
    /// What each of ``DataValueColumns/names`` is called in this format (a JSON key, an XML attribute).
    var fieldNames: [String] { get }
    /// What a field is in this format.
    var fieldKind: ImportIssue.FieldKind { get }
    /// Bytes read so far, for progress.
    var bytesRead: Int { get }
    /// The size of the input, when known.
    var fileSize: Int? { get }
    /// Fills `row` with the next row; returns false at the end.
    ///
    /// - Throws: an ``ImportIssue`` that stops reading (bad syntax, an unreadable file); a problem with one row
    ///   only goes into ``DataValueRow/issue`` instead.
    func next(into row: inout DataValueRow) throws(ImportIssue) -> Bool
    /// The sheet of a workbook the rows come from, for messages; `nil` for other formats.
    var sheet: String? { get }
    /// Rows of the file the source left out on purpose (a sheet's totals rows), with the reason, for the summary;
    /// complete once ``next(into:)`` has returned false.
    var skipped: [SkippedRows] { get }
    /// The complete registrations the file carries (a data value set's `dataSet` with `completeDate`, or a
    /// `completeDataSetRegistrations` file), in the order of their lines; complete once ``next(into:)`` has
    /// returned false.
    var registrations: [CompleteRegistration] { get }
}

extension DataValueRowSource {
    /// No sheet: the rows come from a text file.
    public var sheet: String? { nil }
    /// Nothing left out.
    public var skipped: [SkippedRows] { [] }
    /// No complete registrations.
    public var registrations: [CompleteRegistration] { [] }
}

/// A complete registration read from a data file: the report (a data set × org unit × period) is declared complete
/// at ``date`` — DHIS2's `completeDate` of a data value set or an entry of `completeDataSetRegistrations`. The
/// identifiers are Tally codes where the mapping gave them, otherwise as written; the workspace resolves and checks
/// them.
public struct CompleteRegistration: Sendable, Equatable {
    /// The data set's code.
    public var dataSet: String
    /// The org unit's code.
    public var orgUnit: String
    /// The period, as written.
    public var period: String
    /// The date (`2025-11-08`) or time (`2025-11-08T10:00:00`) of completion, as written; empty when none was given.
    public var date: String
    /// Who completed it, when the file names them.
    public var storedBy: String?
    /// The attribute option combo (a partner) it registers the report for, mapped to a Tally code where the mapping
    /// has one, otherwise as written; empty for the default (the report as a whole).
    public var attributeCombo: String
    /// `false`: the registration is taken back (DHIS2's `completed: false`).
    public var completed: Bool
    /// The line of the field named in messages.
    public var line: Int
    /// The field named in messages (`completeDate`, `dataSet`).
    public var field: String

    /// A registration.
    public init(
        dataSet: String, orgUnit: String, period: String, date: String, storedBy: String? = nil,
        attributeCombo: String = "", completed: Bool = true, line: Int, field: String
    ) {
        self.dataSet = dataSet
        self.orgUnit = orgUnit
        self.period = period
        self.date = date
        self.storedBy = storedBy
        self.attributeCombo = attributeCombo
        self.completed = completed
        self.line = line
        self.field = field
    }
}

/// One row for the importer: fields, where each of ``DataValueColumns/names`` is among them, and lines.
public struct DataValueRow {
    /// The fields.
    public var record = CSVRecord()
    /// For each of ``DataValueColumns/names``, the index of its field in ``record``, or -1 when absent.
    public var layout: [Int] = []
    /// For each of ``DataValueColumns/names``, the line of its field when fields are on different lines
    /// (JSON); empty when every field is on the record's line.
    public var fieldLines: [Int] = []
    /// For each of ``DataValueColumns/names``, what its field is called in messages when that differs from
    /// row to row (a spreadsheet cell such as `C12`); empty when the source's ``DataValueRowSource/fieldNames``
    /// serve every row.
    public var fieldNames: [String] = []
    /// A problem the source found with this row (an unknown key, a value of the wrong type): the importer
    /// reports it and skips the row.
    public var issue: ImportIssue?

    /// An empty row.
    public init() {}

    /// Sets the row from one optional text per column of ``DataValueColumns/names`` (`nil`: absent).
    public mutating func set(_ fields: [String?], line: Int, fieldLines: [Int] = [], source: String) {
        precondition(fields.count == DataValueColumns.names.count, "one field per importer column")
        record.set(fields.map { $0 ?? "" }, line: line, source: source)
        if layout.count != fields.count { layout = Array(fields.indices) }
        for (c, field) in fields.enumerated() { layout[c] = field == nil ? -1 : c }
        self.fieldLines = fieldLines
        issue = nil
    }

    /// What the field of column `c` is called in messages, when the row names it.
    func name(of c: Int) -> String? {
        c < fieldNames.count && !fieldNames[c].isEmpty ? fieldNames[c] : nil
    }

    /// The line of the field of column `c`.
    func line(of c: Int) -> Int {
        c < fieldLines.count && fieldLines[c] > 0 ? fieldLines[c] : record.line
    }
}

/// Rows from a DHIS2-style CSV file (see ``DataValueColumns``), converted from GBK or GB18030 when asked.
///
/// Read as UTF-8, a row with bytes that are not UTF-8 stops the import with an error that names the line,
/// the column and the byte offset in the file and, when the bytes read as GB18030, says to use `--encoding gbk`.
public final class CSVRowSource: DataValueRowSource {
    public let name: String
    public var fieldNames: [String] { DataValueColumns.names }
    public var fieldKind: ImportIssue.FieldKind { .column }
    public var bytesRead: Int { reader.bytesRead }
    public var fileSize: Int? { reader.fileSize }

    private var reader: CSVReader
    private let encoding: TextEncoding
    private let path: String?
    private let bytes: [UInt8]?
    private var layout: [Int]?
    private var recordStart = 0

    /// Opens a CSV file.
    public init(path: String, encoding: TextEncoding = .utf8) throws(ImportIssue) {
        name = path
        self.encoding = encoding
        self.path = path
        bytes = nil
        do {
            if encoding == .utf8 {
                reader = try CSVReader(path: path)
            } else {
                reader = CSVReader(input: try TextInput(path: path, encoding: encoding))
            }
        } catch let error as CSVError {
            // The issue names the file itself: the message's own "path: " is left out.
            let detail = error.sentence.map { text, language in
                let prefix = Localized.placed(path, Localized(zh: "", en: ""))(language)
                return text.hasPrefix(prefix) ? String(text.dropFirst(prefix.count)) : text
            }
            throw ImportIssue(.unreadable, file: path, line: 0, column: nil, detail: detail)
        } catch let error as TextInputError {
            throw ImportIssue(.unreadable, file: path, line: 0, column: nil, detail: error.reasons)
        } catch {
            throw ImportIssue(
                .unreadable, file: path, line: 0, column: nil, detail: Localized(zh: "\(error)", en: "\(error)"))
        }
    }

    /// Reads CSV text from an input (a decompressed file, a converted one).
    public init(input: TextInput) {
        name = input.name
        encoding = input.encoding
        path = nil
        bytes = nil
        reader = CSVReader(input: input)
    }

    /// Reads CSV bytes held in memory.
    public init(bytes: [UInt8], name: String, encoding: TextEncoding = .utf8) {
        self.name = name
        self.encoding = encoding
        path = nil
        self.bytes = bytes
        reader =
            encoding == .utf8
            ? CSVReader(bytes: bytes, source: name)
            : CSVReader(input: TextInput(bytes: bytes, name: name, encoding: encoding), chunkSize: 1 << 16)
    }

    public func next(into row: inout DataValueRow) throws(ImportIssue) -> Bool {
        while true {
            recordStart = reader.bytesRead
            let more: Bool
            do {
                more = try reader.next(into: &row.record)
            } catch {
                throw ImportIssue(
                    error.code == .invalidUTF8 ? .encoding : .unreadable, file: name, line: error.line ?? 0,
                    column: nil, detail: error.sentence)
            }
            guard more else { return false }
            if encoding == .utf8 && row.record.hasNonASCII { try checkUTF8(row.record) }
            if layout == nil {
                let (found, header) = DataValueColumns.layout(of: row.record, file: name)
                if let problem = found.problem { throw problem }
                layout = found.columns
                if header { continue }
            }
            if row.layout.count != layout!.count { row.layout = layout! }
            return true
        }
    }

    /// Throws an `.encoding` issue for the first field of `record` that is not UTF-8.
    private func checkUTF8(_ record: CSVRecord) throws(ImportIssue) {
        for i in 0..<record.count {
            do {
                _ = try record.validatedString(i)
            } catch {
                let column = layout.flatMap { l in l.firstIndex(of: i).map { DataValueColumns.names[$0] } }
                let raw = rawBytes(from: recordStart, to: reader.bytesRead)
                let fileOffset = raw.flatMap { r in
                    r.withUnsafeBufferPointer { UTF8Check.firstInvalidOffset($0) }.map { recordStart + $0 }
                }
                let fieldBytes = record.withBytes(i) { Array($0) }
                let looksGBK = TextEncoding.gb18030.decode(fieldBytes) != nil
                let byte = String(fieldBytes[error.byteOffset ?? 0], radix: 16, uppercase: true)
                let shown = "0x\(byte.count < 2 ? "0" + byte : byte)"
                let advice =
                    looksGBK
                    ? Localized(
                        zh: "；它可以按 GBK/GB18030 读出，像中文 Excel 保存的那样：导入时加 --encoding gbk（或 gb18030），或另存为“CSV UTF-8”",
                        en:
                            "; it reads as GBK/GB18030, as saved by Chinese Excel: import it with --encoding gbk (or gb18030), or save it as \"CSV UTF-8\""
                    )
                    : Localized(
                        zh: "；请把文件另存为 UTF-8，或用 --encoding 指明它的编码（\(TextEncoding.names)）",
                        en: "; save the file as UTF-8, or name its encoding with --encoding (\(TextEncoding.names))")
                let detail = Localized(
                    zh: "文字不是有效的 UTF-8（\(fileOffset.map { "文件第\($0)字节处" } ?? "")字节 \(shown)）\(advice.zh)",
                    en:
                        "the text is not valid UTF-8 (byte \(shown)\(fileOffset.map { " at byte offset \($0) of the file" } ?? ""))\(advice.en)"
                )
                throw ImportIssue(
                    .encoding, file: name, line: error.line ?? record.line, column: column ?? "field \(i + 1)",
                    detail: detail)
            }
        }
    }

    /// The raw bytes of the input in `start..<end`, re-read from the file (only on the error path).
    private func rawBytes(from start: Int, to end: Int) -> [UInt8]? {
        guard end > start else { return nil }
        if let bytes { return Array(bytes[start..<min(end, bytes.count)]) }
        guard let path else { return nil }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var out = [UInt8](repeating: 0, count: end - start)
        let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress, end - start, off_t(start)) }
        return n > 0 ? Array(out[..<n]) : nil
    }
}
