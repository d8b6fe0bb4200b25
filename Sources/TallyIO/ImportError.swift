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
    /// What was found and what was expected.
    public let detail: String
    /// What ``column`` names: a CSV column, a JSON key or an XML attribute.
    public var fieldKind: FieldKind = .column
    /// The 1-based character position in the line, for problems of syntax.
    public var position: Int?
    /// The sheet of a workbook the issue is in; ``line`` is then the sheet's row.
    public var sheet: String?

    /// An issue.
    public init(
        _ code: Code, file: String, line: Int, column: String?, detail: String, fieldKind: FieldKind = .column,
        position: Int? = nil
    ) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.detail = detail
        self.fieldKind = fieldKind
        self.position = position
    }

    public var description: String {
        if let sheet {
            var place = "\(file), sheet \(sheet)"
            if let column, fieldKind == .cell {
                place += ", cell \(column)"
            } else if line > 0 {
                place += ", row \(line)"
                if let column { place += ", column '\(column)'" }
            }
            return "\(place): \(detail)"
        }
        if fieldKind == .field && line > 0 {
            return "\(file), row \(line)" + (column.map { ", field '\($0)'" } ?? "") + ": \(detail)"
        }
        // Line 0 is no line: a problem with the whole file (it cannot be opened, or is not the format).
        var place = line > 0 ? "\(file), line \(line)" : file
        if let position, line > 0 { place += ", column \(position)" }
        if let column { place += ", \(fieldKind.rawValue) '\(column)'" }
        return "\(place): \(detail)"
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

    public var message: String {
        var lines = issues.map(\.description)
        if total > issues.count { lines.append("… and \(total - issues.count) more problems") }
        if !unmapped.isEmpty {
            let source = mappingFile.map { "in the mapping file \($0)" } ?? "mapped (no --mapping file was given)"
            let noun = unmapped.count == 1 ? "identifier is" : "identifiers are"
            lines.append(
                "\(unmapped.count) \(noun) neither \(source) nor Tally codes: \(unmapped.joined(separator: ", "))")
        }
        let noun = total == 1 ? "problem" : "problems"
        lines.append("\(file): nothing was imported (\(total) \(noun)); correct the file and import it again")
        return lines.joined(separator: "\n")
    }
}

extension CanonicalError: TallyError {}
