public import TallyCore
public import TallyText

/// A workbook (`.xlsx`) that Tally will not read: not a workbook, unsafe (a zip bomb, a path that leaves the
/// archive, a DOCTYPE), or without the sheet asked for.
public struct WorkbookError: TallyError, Equatable {
    /// What is wrong.
    public enum Code: String, Sendable {
        /// The file cannot be read, or is not a zip archive.
        case unreadable
        /// A part every workbook has (`xl/workbook.xml`, a sheet) is missing.
        case missingPart
        /// An entry's name is an absolute path, contains `..` or a backslash.
        case unsafePath
        /// The parts together would inflate beyond the limit.
        case tooLarge
        /// An entry inflates far more than any spreadsheet does: a zip bomb.
        case compressionRatio
        /// More entries than a workbook has.
        case tooManyEntries
        /// More shared strings than the limit.
        case tooManyStrings
        /// A DOCTYPE or ENTITY declaration in a part.
        case forbiddenDeclaration
        /// A part that is not well-formed XML, or not what its name says.
        case syntax
        /// An entry whose bytes do not match its checksum.
        case corrupt
        /// No sheet of the name asked for.
        case noSuchSheet
        /// The sheet is not laid out as expected (no header, an unknown column title).
        case layout
        /// The workbook cannot be written.
        case unwritable
        /// The workbook is protected with a password (encrypted): an OLE compound file, not a zip archive.
        case encrypted
        /// A cell holds a formula without a computed value, which Tally cannot read.
        case formulaWithoutValue
    }

    /// What is wrong.
    public let code: Code
    /// The workbook file.
    public let file: String
    /// Where in it: a part (`xl/worksheets/sheet1.xml`), a sheet and cell, or empty.
    public let places: Localized<String>
    /// What was found and what was expected, in every language.
    public let details: Localized<String>
    /// Where in the workbook, in English.
    public var place: String { places.en }
    /// What was found and what was expected, in English.
    public var detail: String { details.en }

    /// An error.
    public init(_ code: Code, file: String, place: Localized<String> = .empty, detail: Localized<String>) {
        self.code = code
        self.file = file
        self.places = place
        self.details = detail
    }

    public var errorCode: String { "xlsx.\(code.rawValue)" }

    /// The sentence in English.
    public var message: String { message(.en) }

    public func message(_ language: Language) -> String {
        let at =
            places.en.isEmpty
            ? Localized(verbatim: file) : Localized(zh: "\(file)，\(places.zh)", en: "\(file), \(places.en)")
        return Localized.placed(at, details)(language)
    }
}
