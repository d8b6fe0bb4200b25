internal import TallyIO
internal import TallyText

/// One cell of a sheet with a value.
public struct WorksheetCell: Equatable, Sendable {
    /// What the cell holds.
    public enum Kind: Sendable {
        /// Text: a shared string, an inline string or a formula's text result.
        case text
        /// A number, ``WorksheetCell/text`` as written in the file (full precision).
        case number
        /// `TRUE` or `FALSE`, as `true` or `false`.
        case bool
        /// An Excel error such as `#DIV/0!`.
        case error
        /// A formula without a computed value, as openpyxl and other programs that do not calculate write them:
        /// ``WorksheetCell/text`` is the formula (empty for the later cells of a shared formula).
        case formula
    }

    /// The 0-based column (A = 0).
    public var column: Int
    /// The value as text.
    public var text: String
    /// What the cell holds.
    public var kind: Kind
    /// For a number shown as a date (its cell style has a date format): what the format shows of it.
    public var date: DateShape?

    /// A cell.
    public init(column: Int, text: String, kind: Kind, date: DateShape? = nil) {
        self.column = column
        self.text = text
        self.kind = kind
        self.date = date
    }
}

/// What a date format shows of a date: the day (`yyyy-mm-dd`, `m/d/yyyy`), only the month (`yyyy-mm`,
/// `yyyy"年"m"月"`, `mmm-yy`) or only the year.
public enum DateShape: Sendable, Equatable {
    case day, month, year

    /// What the number format `code` shows of a date; `nil` when it is not a date format (`General`, `0.00`) or
    /// shows only a time.
    public static func of(formatCode code: String) -> DateShape? {
        var kept = ""
        var quoted = false
        var bracket = false
        var skip = false
        for character in code.lowercased() {
            if skip {
                skip = false
                continue
            }
            if quoted {
                if character == "\"" { quoted = false }
                continue
            }
            if bracket {
                if character == "]" { bracket = false }
                continue
            }
            switch character {
            case "\"": quoted = true
            case "[": bracket = true
            case "\\", "_", "*": skip = true
            case ";": return shape(of: kept)  // the first section decides
            default: kept.append(character)
            }
        }
        return shape(of: kept)
    }

    private static func shape(of format: String) -> DateShape? {
        let text = format.replacing("general", with: "").replacing("am/pm", with: "").replacing("a/p", with: "")
        if text.contains("d") { return .day }
        if text.contains("y") { return text.contains("m") ? .month : .year }
        if text.contains("m") && !text.contains("h") && !text.contains("s") { return .month }
        return nil
    }

    /// What the built-in number format `id` shows of a date (the ids Excel does not write out; those of 27 and
    /// above are as in Chinese (PRC) Excel); `nil` for a number or time format.
    public static func of(builtinFormat id: Int) -> DateShape? {
        switch id {
        case 14, 15, 16, 22, 28, 29, 30, 31, 51, 53, 54, 58: .day
        case 17, 27, 36, 50, 52, 57: .month
        default: nil
        }
    }
}

/// One row of a sheet: its 1-based number and the cells that hold a value, by column (gaps are empty cells).
public struct WorksheetRow: Equatable, Sendable {
    /// The 1-based row number (`12` for cells `A12`, `B12`, …).
    public var number: Int
    /// The cells with a value, in column order.
    public var cells: [WorksheetCell]

    /// The texts of columns `0..<count`, empty where a cell is empty or missing.
    public func texts(count: Int? = nil) -> [String] {
        let width = count ?? ((cells.map(\.column).max() ?? -1) + 1)
        var out = [String](repeating: "", count: width)
        for cell in cells where cell.column < width { out[cell.column] = cell.text }
        return out
    }

    /// The cell of `column`, if it holds a value.
    public func cell(_ column: Int) -> WorksheetCell? { cells.first { $0.column == column } }
}

/// Reads the rows of one sheet as a stream of events over its XML (cells `t="s"`, `inlineStr`, `str`, `b`,
/// `e`, numbers; references such as `C12`, with gaps; rows and cells without references follow the previous).
public final class WorksheetReader {
    /// The workbook file, for messages.
    public let file: String
    /// The sheet's name.
    public let sheet: String
    /// The sheet's part in the archive.
    public let part: String
    private let input: TextInput
    private let xml: XMLTokenizer
    private let sharedStrings: [String]
    private let dateStyles: [Int: DateShape]
    private var lastRow = 0

    /// The bytes of the sheet's XML read so far.
    public var bytesRead: Int { input.bytesRead }
    /// The size of the sheet's XML.
    public var size: Int? { input.fileSize }

    init(
        file: String, sheet: String, part: String, input: TextInput, sharedStrings: [String],
        dateStyles: [Int: DateShape] = [:]
    ) {
        self.file = file
        self.sheet = sheet
        self.part = part
        self.input = input
        self.sharedStrings = sharedStrings
        self.dateStyles = dateStyles
        xml = XMLTokenizer(input: input, keepsWhitespace: true)
    }

    /// The largest row and column numbers Excel has.
    public static let maxRows = 1_048_576
    public static let maxColumns = 16_384

    private func fail(_ detail: Localized<String>, _ code: WorkbookError.Code = .syntax) -> WorkbookError {
        WorkbookError(
            code, file: file,
            place: Localized(
                zh: "工作表“\(sheet)”（\(part)，第\(xml.line)行第\(xml.column)个字符）",
                en: "sheet \(sheet) (\(part), line \(xml.line), column \(xml.column))"), detail: detail)
    }

    /// The next row with at least one value; `nil` at the end of the sheet.
    ///
    /// - Throws: ``WorkbookError`` for XML that is not well-formed, a DOCTYPE, a bad cell reference or a shared
    ///   string index that does not exist.
    public func next() throws(WorkbookError) -> WorksheetRow? {
        var row: WorksheetRow?
        var column = -1
        var type = ""
        var style = 0
        var value: String?
        var formula: String?
        var inline = ""
        var inValue = false
        var inFormula = false
        var inInline = false
        var inText = false
        var phonetic = 0
        while true {
            let event: XMLEvent?
            do {
                event = try xml.next()
            } catch {
                var e = Workbook.xmlError(error, part: part, file: file)
                e = WorkbookError(
                    e.code, file: file,
                    place: Localized(zh: "工作表“\(sheet)”（\(e.places.zh)）", en: "sheet \(sheet) (\(e.places.en))"),
                    detail: e.details)
                throw e
            }
            guard let event else { return nil }
            switch event {
            case .start(let qname, let attributes, let selfClosing):
                switch Workbook.local(qname) {
                case "row":
                    var number = lastRow + 1
                    if let r = attributes.first(where: { $0.name == "r" })?.value {
                        guard let n = Int(r), n >= 1, n <= Self.maxRows else {
                            throw fail(
                                Localized(
                                    zh: "“\(r)”不是行号（1到\(Self.maxRows)）",
                                    en: "'\(r)' is not a row number (1 to \(Self.maxRows))"))
                        }
                        number = n
                    }
                    lastRow = number
                    if selfClosing { continue }
                    row = WorksheetRow(number: number, cells: [])
                    column = -1
                case "c":
                    guard row != nil else { throw fail(Localized(zh: "单元格 <c> 不在行中", en: "a cell <c> outside a row")) }
                    if let r = attributes.first(where: { $0.name == "r" })?.value {
                        guard let (c, rowNumber) = CellReference.parse(r), rowNumber == row!.number else {
                            throw fail(
                                Localized(
                                    zh: "“\(r)”不是第\(row!.number)行的单元格引用（如 C\(row!.number)）",
                                    en: "'\(r)' is not a cell reference of row \(row!.number) (such as C\(row!.number))"
                                ))
                        }
                        column = c
                    } else {
                        column += 1
                    }
                    guard column < Self.maxColumns else {
                        throw fail(Localized(zh: "单元格超出了 XFD 列", en: "a cell beyond column XFD"))
                    }
                    type = attributes.first { $0.name == "t" }?.value ?? "n"
                    style = attributes.first { $0.name == "s" }.flatMap { Int($0.value) } ?? 0
                    value = nil
                    formula = nil
                    inline = ""
                    if selfClosing { continue }
                case "v": inValue = !selfClosing
                case "f":
                    formula = ""
                    inFormula = !selfClosing
                case "is": inInline = !selfClosing
                case "t": inText = !selfClosing
                case "rPh": if !selfClosing { phonetic += 1 }
                default: break
                }
            case .end(let qname):
                switch Workbook.local(qname) {
                case "row":
                    if let done = row, !done.cells.isEmpty { return done }
                    row = nil
                case "c":
                    if value == nil, let formula, type != "inlineStr" {
                        row?.cells.append(WorksheetCell(column: column, text: formula, kind: .formula))
                    } else if var cell = try cell(column: column, type: type, value: value, inline: inline) {
                        if cell.kind == .number { cell.date = dateStyles[style] }
                        row?.cells.append(cell)
                    }
                    value = nil
                    formula = nil
                    inline = ""
                case "v": inValue = false
                case "f": inFormula = false
                case "is": inInline = false
                case "t": inText = false
                case "rPh": phonetic -= 1
                default: break
                }
            case .text(let text):
                if inValue {
                    value = (value ?? "") + text
                } else if inFormula {
                    formula = (formula ?? "") + text
                } else if inInline && inText && phonetic == 0 {
                    inline += text
                }
            }
        }
    }

    private func cell(column: Int, type: String, value: String?, inline: String) throws(WorkbookError) -> WorksheetCell?
    {
        switch type {
        case "s":
            guard let value else { return nil }
            guard let index = Int(value.trimmingSpaces), index >= 0, index < sharedStrings.count else {
                throw fail(
                    Localized(
                        zh:
                            "单元格 \(CellReference.name(column: column, row: lastRow)) 引用了第\(value)个共享字符串，但工作簿只有\(sharedStrings.count)个",
                        en:
                            "cell \(CellReference.name(column: column, row: lastRow)) refers to shared string \(value), but the workbook has \(sharedStrings.count)"
                    )
                )
            }
            let text = sharedStrings[index]
            return text.isEmpty ? nil : WorksheetCell(column: column, text: text, kind: .text)
        case "inlineStr":
            let text = Workbook.unescape(inline)
            return text.isEmpty ? nil : WorksheetCell(column: column, text: text, kind: .text)
        case "str", "d":
            guard let value, !value.isEmpty else { return nil }
            return WorksheetCell(column: column, text: Workbook.unescape(value), kind: .text)
        case "b":
            guard let value else { return nil }
            return WorksheetCell(column: column, text: value.trimmingSpaces == "1" ? "true" : "false", kind: .bool)
        case "e":
            guard let value else { return nil }
            return WorksheetCell(column: column, text: value, kind: .error)
        default:
            guard let value, !value.trimmingSpaces.isEmpty else { return nil }
            return WorksheetCell(column: column, text: value.trimmingSpaces, kind: .number)
        }
    }
}

/// Cell references such as `C12`: column letters and a row number.
public enum CellReference {
    /// The 0-based column and 1-based row of `C12`; `nil` when it is not a reference.
    public static func parse(_ text: String) -> (column: Int, row: Int)? {
        var column = 0
        var letters = 0
        var row = 0
        var digits = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z") where digits == 0:
                column = column * 26 + Int(byte - UInt8(ascii: "A")) + 1
                letters += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z") where digits == 0:
                column = column * 26 + Int(byte - UInt8(ascii: "a")) + 1
                letters += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9") where letters > 0:
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                digits += 1
            case UInt8(ascii: "$"):
                continue
            default:
                return nil
            }
            if letters > 3 || digits > 7 { return nil }
        }
        guard letters > 0, digits > 0, row >= 1 else { return nil }
        return (column - 1, row)
    }

    /// The letters of a 0-based column: 0 → `A`, 26 → `AA`.
    public static func letters(_ column: Int) -> String {
        var n = column + 1
        var out: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            out.append(Character(Unicode.Scalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(out.reversed())
    }

    /// The reference of a 0-based column and 1-based row: `C12`.
    public static func name(column: Int, row: Int) -> String { "\(letters(column))\(row)" }
}

/// How numbers in a sheet read as codes.
public enum WorkbookNumber {
    /// A number used as a code (an org unit, a period): the whole number it shows (`360121100201`, not
    /// `3.60121100201E+11`); other numbers as written.
    public static func code(_ text: String) -> String {
        guard let value = Double(text), value == value.rounded(), abs(value) < 1e15 else { return text }
        return String(Int64(value))
    }
}
