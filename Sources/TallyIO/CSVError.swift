public import TallyText

/// A problem found while reading a CSV file, with a message a clerk can act on.
///
/// The message names the file, the line and, where it is known, the column (the 1-based field number),
/// for example `data.csv, line 42, column 3: a quoted field is not closed; …`.
public struct CSVError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What kind of problem this is.
    public enum Code: String, Sendable {
        /// The file could not be opened (missing, not permitted, a folder, …).
        case cannotOpen
        /// Reading the file failed part-way.
        case unreadable
        /// A quoted field is still open when the file ends.
        case unterminatedQuote
        /// Text follows the closing quote of a quoted field, as in `"ab"c`.
        case textAfterQuote
        /// A field is not valid UTF-8, usually because the file was saved as GBK/GB18030.
        case invalidUTF8
        /// A record is longer than the reader's limit: not a CSV file, or a quote that is never closed.
        case recordTooLong
    }

    /// What kind of problem this is.
    public var code: Code
    /// The file path, or `"<input>"` for in-memory input.
    public var source: String
    /// The 1-based physical line of the problem, or `nil` when no line applies (the file could not be opened).
    public var line: Int?
    /// The 1-based field number of the problem, or `nil` when no field applies.
    public var column: Int?
    /// For `.invalidUTF8`, the 0-based byte offset of the first bad byte inside the field's (unquoted) text.
    public var byteOffset: Int?
    /// The complete, human-readable message, starting with the location, in every language.
    public var sentence: Localized<String>

    /// The message in English.
    public var message: String { sentence.en }

    /// The message.
    public var description: String { message }

    /// Creates an error; `message` should be the complete text, including the location.
    public init(
        code: Code, source: String, line: Int?, column: Int?, byteOffset: Int? = nil, message: Localized<String>
    ) {
        self.code = code
        self.source = source
        self.line = line
        self.column = column
        self.byteOffset = byteOffset
        self.sentence = message
    }

    /// `source, line L, column C`, leaving out the parts that are `nil`.
    static func location(_ source: String, line: Int?, column: Int?) -> Localized<String> {
        Localized(
            zh: source + (line.map { "，第\($0)行" } ?? "") + (column.map { "第\($0)列" } ?? ""),
            en: source + (line.map { ", line \($0)" } ?? "") + (column.map { ", column \($0)" } ?? ""))
    }

    static func cannotOpen(_ source: String, reason: Localized<String>) -> CSVError {
        CSVError(
            code: .cannotOpen, source: source, line: nil, column: nil,
            message: Localized(
                zh: "\(source)：无法打开文件（\(reason.zh)）", en: "\(source): the file cannot be opened (\(reason.en))"))
    }

    static func unreadable(_ source: String, line: Int, reason: String) -> CSVError {
        CSVError(
            code: .unreadable, source: source, line: line, column: nil,
            message: .placed(
                location(source, line: line, column: nil),
                Localized(zh: "文件未能读完（\(reason)）", en: "the file could not be read to the end (\(reason))")))
    }

    static func unterminatedQuote(_ source: String, line: Int, column: Int) -> CSVError {
        CSVError(
            code: .unterminatedQuote, source: source, line: line, column: column,
            message: .placed(
                location(source, line: line, column: column),
                Localized(
                    zh: "带引号的字段没有闭合：它从这里开始，直到文件结束都没有闭合的引号",
                    en: "a quoted field is not closed; it starts here and the file ends before its closing quote")))
    }

    static func textAfterQuote(_ source: String, line: Int, column: Int) -> CSVError {
        CSVError(
            code: .textAfterQuote, source: source, line: line, column: column,
            message: .placed(
                location(source, line: line, column: column),
                Localized(
                    zh: "带引号的字段在闭合引号后还有文字；带引号的字段必须在逗号或行尾结束（字段内的引号要写成两个引号 \"\"）",
                    en: "there is text after the closing quote "
                        + "of a quoted field; a quoted field must end at a comma or at the end of the line "
                        + "(write a quote inside a quoted field as two quotes \"\")")))
    }

    static func recordTooLong(_ source: String, line: Int, limit: Int) -> CSVError {
        let size = limit >= 1 << 20 && limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) bytes"
        let zhSize = limit >= 1 << 20 && limit % (1 << 20) == 0 ? "\(limit >> 20) MiB" : "\(limit) 字节"
        return CSVError(
            code: .recordTooLong, source: source, line: line, column: nil,
            message: .placed(
                location(source, line: line, column: nil),
                Localized(
                    zh: "从这里开始的一行超过 \(zhSize)；数据文件的一行通常远小于 1 KB，所以这多半不是 CSV 文件，或者这一行的引号没有闭合",
                    en: "the row that starts here is longer than \(size); "
                        + "a row of a data file is normally well under a kilobyte, so this is probably not a CSV file, "
                        + "or a quote opened on this line is never closed")))
    }

    static func invalidUTF8(_ source: String, line: Int, column: Int, byteOffset: Int, byte: UInt8) -> CSVError {
        let hex = String(byte, radix: 16, uppercase: true)
        let shown = "0x\(hex.count < 2 ? "0" + hex : hex)"
        return CSVError(
            code: .invalidUTF8, source: source, line: line, column: column, byteOffset: byteOffset,
            message: .placed(
                location(source, line: line, column: column),
                Localized(
                    zh: "文字不是有效的 UTF-8（字段第\(byteOffset)字节处为 \(shown)）；"
                        + "文件多半是 GBK/GB18030 编码（中文 Excel 默认这样保存）。"
                        + "请加 --encoding gbk（或 gb18030）读取，或把文件另存为 UTF-8（Excel 中：另存为“CSV UTF-8（逗号分隔）”）后重新导入",
                    en: "the text is not valid UTF-8 "
                        + "(byte \(shown) at byte offset \(byteOffset) of the field); "
                        + "the file is probably GBK/GB18030-encoded (as saved by Chinese Excel). "
                        + "Read it with --encoding gbk (or gb18030), or save it as UTF-8 (in Excel: Save As, "
                        + "\"CSV UTF-8 (Comma delimited)\") and import it again")))
    }
}
