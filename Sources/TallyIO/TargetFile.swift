public import TallyCore
public import TallyText

/// A problem in a targets file; nothing from it is loaded.
public struct TargetFileError: TallyError, Equatable {
    /// The file.
    public let file: String
    /// The 1-based line.
    public let line: Int
    /// The column concerned, if any.
    public let column: String?
    /// What was found and what was expected, in every language.
    public let details: Localized<String>
    /// The same, in English.
    public var detail: String { details.en }

    /// An error.
    public init(file: String, line: Int, column: String?, detail: Localized<String>) {
        self.file = file
        self.line = line
        self.column = column
        self.details = detail
    }

    public var errorCode: String { "targets.file" }

    /// The sentence in English.
    public var message: String { message(.en) }

    public func message(_ language: Language) -> String {
        // Line 0 is no line: the file itself cannot be read (its message names it).
        guard line > 0 else { return details(language) }
        let place = Localized(
            zh: "\(file)，第\(line)行" + (column.map { "，“\($0)”列" } ?? ""),
            en: "\(file), line \(line)" + (column.map { ", column '\($0)'" } ?? ""))
        return Localized.placed(place, details)(language)
    }
}

/// Reads campaign targets from CSV with the header `orgunit,target`, at any levels.
public enum TargetFile {
    /// One target as read.
    public struct Entry: Equatable, Sendable {
        /// The org unit's code.
        public var orgUnit: String
        /// The target.
        public var target: Int
        /// The line it was read from.
        public var line: Int

        /// An entry.
        public init(orgUnit: String, target: Int, line: Int) {
            self.orgUnit = orgUnit
            self.target = target
            self.line = line
        }
    }

    /// Reads and checks a targets file: whole non-negative numbers, known org units, each unit once.
    ///
    /// - Parameters:
    ///   - units: the org-unit codes that exist.
    ///   - encoding: the file's encoding (GBK and GB18030 are converted as the file is read).
    public static func read(path: String, units: Set<String>, encoding: TextEncoding = .utf8) throws -> [Entry] {
        var reader: CSVReader
        do {
            reader = try CSVReader(path: path, encoding: encoding)
        } catch {
            throw TargetFileError(file: path, line: 0, column: nil, detail: error.sentence)
        }
        return try read(&reader, name: path, units: units)
    }

    /// Reads and checks targets from CSV bytes.
    public static func read(bytes: [UInt8], name: String, units: Set<String>) throws -> [Entry] {
        var reader = CSVReader(bytes: bytes, source: name)
        return try read(&reader, name: name, units: units)
    }

    static func read(_ reader: inout CSVReader, name: String, units: Set<String>) throws -> [Entry] {
        var record = CSVRecord()
        var columns: (unit: Int, target: Int)?
        var entries: [Entry] = []
        var seen: [String: Int] = [:]
        while try reader.next(into: &record) {
            let fields = (0..<record.count).map { record.string($0).trimmed }
            guard let (u, t) = columns else {
                let header = fields.map { $0.lowercased().replacingBOM }
                guard let u = header.firstIndex(of: "orgunit"), let t = header.firstIndex(of: "target") else {
                    throw TargetFileError(
                        file: name, line: record.line, column: nil,
                        detail: Localized(
                            zh: "表头应为 orgunit,target，实际为“\(fields.joined(separator: ","))”",
                            en: "expected the header orgunit,target but found '\(fields.joined(separator: ","))'"))
                }
                columns = (u, t)
                continue
            }
            let code = u < fields.count ? fields[u] : ""
            let text = t < fields.count ? fields[t] : ""
            guard units.contains(code) else {
                throw TargetFileError(
                    file: name, line: record.line, column: "orgunit",
                    detail: Localized(zh: "“\(code)”不是单位代码", en: "'\(code)' is not an org unit code"))
            }
            guard let target = Int(text) else {
                throw TargetFileError(
                    file: name, line: record.line, column: "target",
                    detail: Localized(
                        zh: "“\(text)”不是整数；目标应为如 250 的数",
                        en: "'\(text)' is not a whole number; expected a target such as 250"))
            }
            guard target >= 0 else {
                throw TargetFileError(
                    file: name, line: record.line, column: "target",
                    detail: Localized(zh: "“\(text)”是负数；目标为0或更大", en: "'\(text)' is negative; a target is 0 or more"))
            }
            if let first = seen[code] {
                throw TargetFileError(
                    file: name, line: record.line, column: "orgunit",
                    detail: Localized(
                        zh: "“\(code)”在第\(first)行已有目标；每个单位只给一个目标",
                        en: "'\(code)' already has a target on line \(first); give each unit one target"))
            }
            seen[code] = record.line
            entries.append(Entry(orgUnit: code, target: target, line: record.line))
        }
        if columns == nil {
            throw TargetFileError(
                file: name, line: 1, column: nil,
                detail: Localized(
                    zh: "文件是空的；应有表头 orgunit,target，每个单位一行",
                    en: "the file is empty; expected the header orgunit,target and one line per unit"))
        }
        return entries
    }
}
