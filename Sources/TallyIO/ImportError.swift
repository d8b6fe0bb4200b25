public import TallyCore

/// One bad row or header in a data file.
public struct ImportIssue: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong.
    public enum Code: String, Sendable {
        case missingColumn, unknownColumn, tooManyFields, missingField, unknownElement, unknownOrgUnit, unknownCombo
        case malformedPeriod, periodTypeNotAllowed, notNumeric, notInteger, negative, duplicate, badTimestamp
        case badFlag, attributeCombo, unreadable, invalidText
    }

    /// What is wrong.
    public let code: Code
    /// The file.
    public let file: String
    /// The 1-based line.
    public let line: Int
    /// The column name, such as `period`, when the issue is about one field.
    public let column: String?
    /// What was found and what was expected.
    public let detail: String

    /// An issue.
    public init(_ code: Code, file: String, line: Int, column: String?, detail: String) {
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.detail = detail
    }

    public var description: String {
        let place = column.map { "\(file), line \(line), column '\($0)'" } ?? "\(file), line \(line)"
        return "\(place): \(detail)"
    }
}

/// An import that was refused: nothing from the file was written.
public struct ImportError: TallyError, Equatable {
    /// The file.
    public let file: String
    /// The first issues found (at most ``DataValueImporter/maxReportedIssues``).
    public let issues: [ImportIssue]
    /// How many issues there were in all.
    public let total: Int

    /// An import error.
    public init(file: String, issues: [ImportIssue], total: Int) {
        self.file = file
        self.issues = issues
        self.total = total
    }

    public var errorCode: String { "import.\(issues.first?.code.rawValue ?? "failed")" }

    public var message: String {
        var lines = issues.map(\.description)
        if total > issues.count { lines.append("… and \(total - issues.count) more problems") }
        let noun = total == 1 ? "problem" : "problems"
        lines.append("\(file): nothing was imported (\(total) \(noun)); correct the file and import it again")
        return lines.joined(separator: "\n")
    }
}
