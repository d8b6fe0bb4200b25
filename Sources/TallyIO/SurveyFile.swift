public import TallyCore
public import TallyText

/// A problem in a survey file (`tally report --dqr --survey FILE`); nothing from it is used.
public struct SurveyFileError: TallyError, Equatable {
    /// The file.
    public let file: String
    /// The 1-based line (0: the file itself).
    public let line: Int
    /// The column concerned, if any.
    public let column: String?
    /// What was found and what was expected, in every language.
    public let detail: Localized<String>

    /// An error.
    public init(file: String, line: Int, column: String?, detail: Localized<String>) {
        self.file = file
        self.line = line
        self.column = column
        self.detail = detail
    }

    public var errorCode: String { "survey.file" }

    public func message(_ language: Language) -> String {
        guard line > 0 else { return detail(language) }
        let place = Localized.line(line, of: file)
        let cell = column.map { column in
            Localized(zh: "\(place.zh)“\(column)”列", en: "\(place.en), column '\(column)'")
        }
        return Localized.placed(cell ?? place, detail)(language)
    }

    public static func == (lhs: SurveyFileError, rhs: SurveyFileError) -> Bool {
        lhs.file == rhs.file && lhs.line == rhs.line && lhs.column == rhs.column && lhs.detail.en == rhs.detail.en
            && lhs.detail.zh == rhs.detail.zh
    }
}

/// Reads survey values for the review's external comparisons from CSV with the header
/// `comparison,orgunit,value`: the comparison's code (as declared under `review.external`), the org unit's code
/// and the coverage the survey measured, in the indicator's unit.
public enum SurveyFile {
    /// Reads and checks a survey file: declared comparisons, known org units, positive numbers, each pair once.
    ///
    /// - Returns: the values by comparison and org-unit code.
    public static func read(
        path: String, comparisons: Set<String>, units: Set<String>, encoding: TextEncoding = .utf8
    ) throws(SurveyFileError) -> [String: [String: Double]] {
        var reader: CSVReader
        do {
            reader = try CSVReader(path: path, encoding: encoding)
        } catch {
            throw SurveyFileError(file: path, line: 0, column: nil, detail: error.messages)
        }
        return try read(&reader, name: path, comparisons: comparisons, units: units)
    }

    /// Reads and checks survey values from CSV bytes.
    public static func read(
        bytes: [UInt8], name: String, comparisons: Set<String>, units: Set<String>
    ) throws(SurveyFileError) -> [String: [String: Double]] {
        var reader = CSVReader(bytes: bytes, source: name)
        return try read(&reader, name: name, comparisons: comparisons, units: units)
    }

    static func read(
        _ reader: inout CSVReader, name: String, comparisons: Set<String>, units: Set<String>
    ) throws(SurveyFileError) -> [String: [String: Double]] {
        var record = CSVRecord()
        var columns: (comparison: Int, unit: Int, value: Int)?
        var result: [String: [String: Double]] = [:]
        var seen: [String: Int] = [:]
        func fail(_ line: Int, _ column: String?, _ en: String, _ zh: String) -> SurveyFileError {
            SurveyFileError(file: name, line: line, column: column, detail: Localized(zh: zh, en: en))
        }
        while true {
            do {
                guard try reader.next(into: &record) else { break }
            } catch {
                throw SurveyFileError(file: name, line: 0, column: nil, detail: error.messages)
            }
            let line = record.line
            guard let (c, u, v) = columns else {
                let fields = (0..<record.count).map { record.string($0).trimmed }
                let header = fields.map { $0.lowercased().replacingBOM }
                guard let c = header.firstIndex(of: "comparison"), let u = header.firstIndex(of: "orgunit"),
                    let v = header.firstIndex(of: "value")
                else {
                    let found = fields.joined(separator: ",")
                    throw fail(
                        line, nil, "expected the header comparison,orgunit,value but found '\(found)'",
                        "表头应为comparison,orgunit,value，实为“\(found)”")
                }
                columns = (c, u, v)
                continue
            }
            func field(_ i: Int, _ column: String) throws(SurveyFileError) -> String {
                guard i < record.count else { return "" }
                do {
                    return try Canonical.canonical(record.string(i), as: .code)
                } catch {
                    throw fail(line, column, error.englishMessage(), error.chineseMessage())
                }
            }
            let comparison = try field(c, "comparison")
            let code = try field(u, "orgunit")
            let text = try field(v, "value")
            guard comparisons.contains(comparison) else {
                throw fail(
                    line, "comparison",
                    "'\(comparison)' is not a survey comparison; expected one of: \(comparisons.sorted().joined(separator: ", ")) (review.external in the metadata)",
                    "“\(comparison)”不是已声明的调查比较；应为：\(comparisons.sorted().joined(separator: "、"))（元数据review.external）")
            }
            guard units.contains(code) else {
                throw fail(line, "orgunit", "'\(code)' is not an org unit code", "“\(code)”不是单位代码")
            }
            guard let value = Double(text), value.isFinite, value > 0 else {
                throw fail(
                    line, "value", "'\(text)' is not a survey value; expected a number above 0 such as 95.2",
                    "“\(text)”不是调查值，应为大于0的数，如95.2")
            }
            let key = comparison + "\u{0}" + code
            if let first = seen[key] {
                throw fail(
                    line, "orgunit", "'\(code)' already has a value for \(comparison) on line \(first)",
                    "“\(code)”在第\(first)行已有\(comparison)的调查值")
            }
            seen[key] = line
            result[comparison, default: [:]][code] = value
        }
        if columns == nil {
            throw fail(
                1, nil, "the file is empty; expected the header comparison,orgunit,value and one line per value",
                "文件为空；应有表头comparison,orgunit,value及每行一个调查值")
        }
        return result
    }
}
