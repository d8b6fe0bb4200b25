public import TallyCore
public import TallyText

/// One bad row or header in a data file.
public struct ImportIssue: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Code: String, Sendable {
        case missingColumn, unknownColumn, tooManyFields, missingField, unknownElement, unknownOrgUnit, unknownCombo
        case malformedPeriod, periodTypeNotAllowed, notNumeric, notInteger, negative, duplicate, badTimestamp
        case badFlag, attributeCombo, unreadable, invalidText
        /// The file is not well-formed JSON or XML.
        case syntax
        /// JSON or XML nested deeper than the importer accepts.
        case tooDeep
        /// An XML DOCTYPE or ENTITY declaration, which is never read (no entity expansion).
        case forbiddenDeclaration
        /// A JSON key or XML element or attribute the format does not have.
        case unknownKey
        /// A JSON value of the wrong type, such as an object where a string belongs.
        case wrongType
        /// An identifier that is neither in the mapping file nor a Tally code.
        case unmappedIdentifier
        /// Bytes that are not text in the file's encoding (for example GBK bytes in a file read as UTF-8).
        case encoding
        /// A data set that is not in the metadata.
        case unknownDataSet
        /// A character that no input may hold (a control, bidirectional or zero-width character; see `Canonical`).
        case refusedCharacter
        /// A spreadsheet cell holding a formula without a computed value, which Tally cannot read.
        case formulaWithoutValue
        /// An org unit outside the subtree the import is confined to (an upload in the browser: the user's unit).
        case outsideSubtree
        /// A period the importing clerk may not write: not begun, or closed for entry.
        case periodClosed
        /// A value outside its element's type's range (a percentage above 100, 0 for a positive count, no for a
        /// true-only element).
        case outOfRange
        /// A unit named by a name several units in reach have (a wide sheet's unit column, `--id-scheme name`).
        case ambiguousOrgUnit
        /// An element or combo named by an identifier several share in the file's identifier scheme (a name).
        case ambiguousIdentifier
        /// An element the importing user does not enter for the unit (`entered_by`; a recount is entered above the
        /// reporting unit).
        case enteredAbove
        /// Values that would break a validation rule of `high` importance once imported (with the stored ones).
        case ruleBroken
        /// A text value longer than its element's type holds (1,000 characters for `text`, 50,000 for `long_text`).
        case textTooLong
    }

    /// What a field is called in the file's format, for messages.
    public enum FieldKind: String, Sendable {
        /// A CSV column.
        case column
        /// A JSON key.
        case key
        /// An XML attribute.
        case attribute
        /// A cell of a spreadsheet: ``ImportIssue/column`` holds its reference, such as `C12`.
        case cell
        /// A field of one value of a form or an API request: ``ImportIssue/line`` holds the value's 1-based row.
        case field
    }

    /// What is wrong.
    public let code: Code
    /// The file.
    public let file: String
    /// The 1-based line.
    public let line: Int
    /// The column name, such as `period` (or the JSON key or XML attribute), when the issue is about one field.
    public let column: String?
    /// What was found and what was expected, in every language.
    public let details: Localized<String>
    /// What was found and what was expected, in English.
    public var detail: String { details.en }
    /// What ``column`` names: a CSV column, a JSON key or an XML attribute.
    public var fieldKind: FieldKind = .column
    /// The 1-based character position in the line, for problems of syntax.
    public var position: Int?
    /// The sheet of a workbook the issue is in; ``line`` is then the sheet's row.
    public var sheet: String?

    /// An issue.
    public init(
        _ code: Code, file: String, line: Int, column: String?, detail: Localized<String>,
        fieldKind: FieldKind = .column,
        position: Int? = nil
    ) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.details = detail
        self.fieldKind = fieldKind
        self.position = position
    }

    public var description: String { messages.en }

    /// The place and the detail, in every language: `data.csv，第12行，“period”列：…` /
    /// `data.csv, line 12, column 'period': …`.
    public var messages: Localized<String> { .placed(place, details) }

    /// Where the issue is: the file, sheet, line or row, and the field.
    public var place: Localized<String> {
        if let sheet {
            if let column, fieldKind == .cell {
                return Localized(
                    zh: "\(file)，工作表“\(sheet)”，单元格 \(column)", en: "\(file), sheet \(sheet), cell \(column)")
            }
            if line > 0 {
                return Localized(
                    zh: "\(file)，工作表“\(sheet)”，第\(line)行" + (column.map { "，“\($0)”列" } ?? ""),
                    en: "\(file), sheet \(sheet), row \(line)" + (column.map { ", column '\($0)'" } ?? ""))
            }
            return Localized(zh: "\(file)，工作表“\(sheet)”", en: "\(file), sheet \(sheet)")
        }
        if fieldKind == .field && line > 0 {
            return Localized(
                zh: "\(file)，第\(line)行" + (column.map { "，“\($0)”字段" } ?? ""),
                en: "\(file), row \(line)" + (column.map { ", field '\($0)'" } ?? ""))
        }
        // Line 0 is no line: a problem with the whole file (it cannot be opened, or is not the format).
        let positioned = line > 0 ? position : nil
        let kind = fieldKind.names
        return Localized(
            zh: file + (line > 0 ? "，第\(line)行" : "") + (positioned.map { "第\($0)个字符" } ?? "")
                + (column.map { "，“\($0)”\(kind.zh)" } ?? ""),
            en: file + (line > 0 ? ", line \(line)" : "") + (positioned.map { ", column \($0)" } ?? "")
                + (column.map { ", \(kind.en) '\($0)'" } ?? ""))
    }
}

extension ImportIssue.FieldKind {
    /// What a field is called in a message: `column` / `列`.
    public var names: Localized<String> {
        switch self {
        case .column: Localized(zh: "列", en: rawValue)
        case .key: Localized(zh: "键", en: rawValue)
        case .attribute: Localized(zh: "属性", en: rawValue)
        case .cell: Localized(zh: "单元格", en: rawValue)
        case .field: Localized(zh: "字段", en: rawValue)
        }
    }
}

/// An import that was refused: nothing from the file was written.
public struct ImportError: TallyError, Equatable {
    /// The file.
    public let file: String
    /// The first issues found (at most the importer's `maxReportedIssues`, 20).
    public let issues: [ImportIssue]
    /// How many issues there were in all.
    public let total: Int
    /// Every distinct identifier that was neither in the mapping file nor a Tally code, as `kind id`
    /// (`element fbfJHSPpUQD`), in the order found.
    public let unmapped: [String]
    /// The mapping file, when one was used.
    public let mappingFile: String?

    /// An import error.
    public init(file: String, issues: [ImportIssue], total: Int, unmapped: [String] = [], mappingFile: String? = nil) {
        self.file = file
        self.issues = issues
        self.total = total
        self.unmapped = unmapped
        self.mappingFile = mappingFile
    }

    public var errorCode: String { "import.\(issues.first?.code.rawValue ?? "failed")" }

    /// The sentence in English.
    public var message: String { message(.en) }

    public func message(_ language: Language) -> String {
        var lines = issues.map { $0.messages }
        if total > issues.count {
            lines.append(
                Localized(zh: "……另有\(total - issues.count)个问题", en: "… and \(total - issues.count) more problems"))
        }
        if !unmapped.isEmpty {
            let source =
                mappingFile.map { Localized(zh: "不在映射文件 \($0) 中", en: "in the mapping file \($0)") }
                ?? Localized(zh: "没有映射（未给出 --mapping 文件）", en: "mapped (no --mapping file was given)")
            let noun = unmapped.count == 1 ? "identifier is" : "identifiers are"
            lines.append(
                Localized(
                    zh: "有\(unmapped.count)个标识符\(source.zh)，也不是 Tally 代码：\(unmapped.joined(separator: "、"))",
                    en:
                        "\(unmapped.count) \(noun) neither \(source.en) nor Tally codes: \(unmapped.joined(separator: ", "))"
                ))
        }
        let noun = total == 1 ? "problem" : "problems"
        lines.append(
            Localized(
                zh: "\(file)：没有导入任何数据（\(total)个问题）；请改正文件后重新导入",
                en: "\(file): nothing was imported (\(total) \(noun)); correct the file and import it again"))
        return lines.map { $0(language) }.joined(separator: "\n")
    }
}

extension CanonicalError: TallyError {}
