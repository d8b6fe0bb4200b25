internal import Foundation
internal import TallyIO
public import TallyText

/// How much of a workbook Tally is willing to inflate and hold, so that a hostile file (a zip bomb, millions
/// of shared strings) is refused before it costs memory or time.
public struct WorkbookLimits: Sendable, Equatable {
    /// The most bytes all the parts read may inflate to together (512 MB).
    public var maxUncompressedBytes: Int = 512 << 20
    /// The most an entry may inflate per compressed byte once it is larger than ``ratioGraceBytes``; real
    /// spreadsheets stay well below 100, zip bombs reach 1,000 and more.
    public var maxCompressionRatio: Int = 100
    /// Entries up to this size are not held to ``maxCompressionRatio`` (1 MB).
    public var ratioGraceBytes: Int = 1 << 20
    /// The largest workbook file Tally reads (256 MB); it is held in memory while its parts are read.
    public var maxFileBytes: Int = 256 << 20
    /// The most entries an archive may have.
    public var maxEntries: Int = 10_000
    /// The most shared strings (distinct texts) a workbook may have.
    public var maxSharedStrings: Int = 2_000_000

    /// The default limits.
    public init() {}
}

/// An Excel workbook (`.xlsx`, Office Open XML SpreadsheetML) opened for reading its sheets.
///
/// The archive is checked before anything is inflated: entries with an absolute path, `..` or a backslash, more
/// than ``WorkbookLimits/maxEntries`` entries, declared sizes beyond ``WorkbookLimits/maxUncompressedBytes`` or
/// a compression ratio beyond ``WorkbookLimits/maxCompressionRatio`` are refused, and every XML part is
/// refused when it declares a DOCTYPE or ENTITY. While inflating, the real sizes are counted against the same
/// limits (a header may lie) and checksums are verified. Parts are parsed with Tally's own ``XMLTokenizer``,
/// which expands no entities.
public final class Workbook {
    /// The file, for messages.
    public let file: String
    /// The sheets in the workbook's order: their names and parts.
    public private(set) var sheets: [(name: String, part: String)] = []
    let limits: WorkbookLimits
    private let archive: ZipArchive
    private var entries: [String: ZipArchive.Entry] = [:]
    /// Entry names by their lower-case form, for parts named in another case; names that differ only in case are
    /// left out (the exact name is needed then).
    private var entriesByLowercaseName: [String: String] = [:]
    private var stylesPart: String?
    private var dateStylesCache: [Int: DateShape]?
    private var inflated = 0
    private var sharedStringsPart: String?
    private var sharedStringsCache: [String]?

    /// Opens and checks a workbook file.
    ///
    /// - Throws: ``WorkbookError``.
    public convenience init(path: String, limits: WorkbookLimits = WorkbookLimits()) throws(WorkbookError) {
        guard FileManager.default.isReadableFile(atPath: path),
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        else {
            throw WorkbookError(
                .unreadable, file: path,
                detail: Localized(zh: "无法读取文件：文件不存在或不可读", en: "cannot read the file: no such file or not readable"))
        }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        if size > limits.maxFileBytes {
            throw WorkbookError(
                .tooLarge, file: path,
                detail:
                    Localized(
                        zh: "文件大于\(Self.megabytes(limits.maxFileBytes).zh)；请拆分工作簿，或把数据另存为 CSV",
                        en:
                            "the file is larger than \(Self.megabytes(limits.maxFileBytes).en); split the workbook or save the data as CSV"
                    )
            )
        }
        guard let bytes = Self.contents(of: path, limit: limits.maxFileBytes) else {
            throw WorkbookError(.unreadable, file: path, detail: Localized(zh: "无法读取文件", en: "cannot read the file"))
        }
        try self.init(bytes: bytes, file: path, limits: limits)
    }

    /// The bytes of a file, read with `read(2)` up to `limit` (one more byte tells a file that grew past it).
    /// Not `FileManager.contents(atPath:)`: Foundation leaks its buffer when the file is empty.
    static func contents(of path: String, limit: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes
    }

    /// Opens and checks a workbook held in memory; `file` names it in messages.
    ///
    /// - Throws: ``WorkbookError``.
    public init(bytes: [UInt8], file path: String, limits: WorkbookLimits = WorkbookLimits()) throws(WorkbookError) {
        file = path
        self.limits = limits
        if bytes.count > limits.maxFileBytes {
            throw WorkbookError(
                .tooLarge, file: path,
                detail:
                    Localized(
                        zh: "文件大于\(Self.megabytes(limits.maxFileBytes).zh)；请拆分工作簿，或把数据另存为 CSV",
                        en:
                            "the file is larger than \(Self.megabytes(limits.maxFileBytes).en); split the workbook or save the data as CSV"
                    )
            )
        }
        if bytes.starts(with: Self.compoundFileSignature) {
            // An OLE compound file: a workbook encrypted with a password (its package sits in an EncryptedPackage
            // stream, the key in EncryptionInfo), or an Excel 97–2003 .xls.
            let encrypted =
                Self.contains(bytes, utf16: "EncryptedPackage") || Self.contains(bytes, utf16: "EncryptionInfo")
            throw WorkbookError(
                encrypted ? .encrypted : .unreadable, file: path,
                detail: encrypted
                    ? Localized(
                        zh: "工作簿设置了密码（已加密），Tally 无法读取；请在 Excel 中打开，去掉密码（文件 › 信息 › 保护工作簿 › 用密码进行加密，清空密码），保存后重新导入",
                        en:
                            "the workbook is protected with a password (encrypted), so Tally cannot read it; open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password, clear it), save it and import it again"
                    )
                    : Localized(
                        zh: "这是 Excel 97–2003 工作簿（.xls）；请在 Excel 或 LibreOffice 中打开，另存为 .xlsx",
                        en:
                            "this is an Excel 97–2003 workbook (.xls); open it in Excel or LibreOffice and save it as .xlsx"
                    )
            )
        }
        do {
            archive = try ZipArchive(bytes: bytes, maxEntries: limits.maxEntries)
        } catch {
            throw Self.zipError(error, file: path)
        }
        // Check every entry before inflating any.
        var declared: UInt64 = 0
        for entry in archive.entries {
            let name = entry.name
            if Self.isUnsafe(name) || entry.isSymlink {
                throw WorkbookError(
                    .unsafePath, file: path, place: Localized(zh: "条目“\(name)”", en: "entry '\(name)'"),
                    detail:
                        Localized(
                            zh: "条目的路径是绝对路径、用“..”跳出、用了“\\”或是链接；工作簿不会有这样的条目，所以拒绝该文件",
                            en:
                                "an entry whose path is absolute, climbs out with '..', uses '\\' or is a link; a workbook has none, so the file is refused"
                        )
                )
            }
            if entries[name] != nil {
                throw WorkbookError(
                    .corrupt, file: path, place: Localized(zh: "条目“\(name)”", en: "entry '\(name)'"),
                    detail: Localized(
                        zh: "压缩包中有两个同名条目；工作簿的每个部件只有一个",
                        en: "the archive holds two entries of this name; a workbook has each part once"))
            }
            declared += entry.uncompressedSize
            if entry.uncompressedSize > UInt64(limits.maxUncompressedBytes)
                || declared > UInt64(limits.maxUncompressedBytes)
            {
                throw WorkbookError(
                    .tooLarge, file: path,
                    detail:
                        Localized(
                            zh: "各部件解压后会超过 \(limits.maxUncompressedBytes >> 20) MB；请拆分工作簿，或把数据另存为 CSV",
                            en:
                                "the parts would inflate to more than \(limits.maxUncompressedBytes >> 20) MB; split the workbook or save the data as CSV"
                        )
                )
            }
            try Self.checkRatio(
                inflated: entry.uncompressedSize, compressed: entry.compressedSize, file: path, entry: name,
                limits: limits)
            entries[name] = entry
        }
        var lower: [String: String?] = [:]
        for name in entries.keys {
            let key = name.lowercased()
            lower[key] = lower[key] == nil ? name : .some(nil)
        }
        entriesByLowercaseName = lower.compactMapValues { $0 }
        // DOCTYPE and ENTITY are refused in every XML part, read or not.
        for name in entries.keys.sorted() where name.hasSuffix(".xml") || name.hasSuffix(".rels") {
            try checkProlog(name)
        }
        // The workbook part and its sheets.
        var workbookPart = "xl/workbook.xml"
        if entry("_rels/.rels") != nil {
            let rels = try Self.relationships(try inflate("_rels/.rels"), part: "_rels/.rels", file: path)
            if let main = rels.first(where: { $0.type.hasSuffix("/officeDocument") }) {
                workbookPart = Self.resolve(main.target, from: "")
            }
        }
        guard entry(workbookPart) != nil else {
            throw WorkbookError(
                .missingPart, file: path,
                detail:
                    Localized(
                        zh: "压缩包中没有 \(workbookPart)；这不是 Excel 工作簿（请在 Excel 中另存为 .xlsx）",
                        en:
                            "the archive has no \(workbookPart); this is not an Excel workbook (save it from Excel as .xlsx)"
                    ))
        }
        let directory = workbookPart.split(separator: "/").dropLast().joined(separator: "/")
        let relsPart =
            (directory.isEmpty ? "" : directory + "/") + "_rels/"
            + (workbookPart.split(separator: "/").last.map(String.init) ?? "") + ".rels"
        let rels =
            entry(relsPart) == nil ? [] : try Self.relationships(try inflate(relsPart), part: relsPart, file: path)
        var sheets: [(String, String)] = []
        let xml = try tokenizer(workbookPart)
        while true {
            let event: XMLEvent?
            do {
                event = try xml.next()
            } catch {
                throw Self.xmlError(error, part: workbookPart, file: path)
            }
            guard let event else { break }
            guard case .start(let qname, let attributes, _) = event, Self.local(qname) == "sheet" else { continue }
            let name = attributes.first { $0.name == "name" }?.value ?? ""
            let id = attributes.first { $0.name != "id" && Self.local($0.name) == "id" }?.value
            let target =
                rels.first { $0.id == id }.map { Self.resolve($0.target, from: directory) }
                ?? "\(directory)/worksheets/sheet\(sheets.count + 1).xml"
            sheets.append((name, target))
        }
        self.sheets = sheets
        sharedStringsPart =
            rels.first { $0.type.hasSuffix("/sharedStrings") }.map { Self.resolve($0.target, from: directory) }
            ?? (entry("\(directory)/sharedStrings.xml") != nil ? "\(directory)/sharedStrings.xml" : nil)
        stylesPart =
            rels.first { $0.type.hasSuffix("/styles") }.map { Self.resolve($0.target, from: directory) }
            ?? (entry("\(directory)/styles.xml") != nil ? "\(directory)/styles.xml" : nil)
    }

    /// The sheet called `name`, or the first sheet when `name` is `nil`.
    ///
    /// - Throws: ``WorkbookError`` when there is no such sheet or its part cannot be read safely.
    public func sheet(_ name: String? = nil) throws(WorkbookError) -> WorksheetReader {
        let chosen: (name: String, part: String)
        if let name {
            guard let found = sheets.first(where: { $0.name == name }) else {
                let names = sheets.map { "'\($0.name)'" }.joined(separator: ", ")
                let namesZh = sheets.map { "“\($0.name)”" }.joined(separator: "、")
                throw WorkbookError(
                    .noSuchSheet, file: file,
                    detail: Localized(
                        zh: "没有名为“\(name)”的工作表；现有工作表：\(namesZh)",
                        en: "there is no sheet '\(name)'; the sheets are: \(names)"))
            }
            chosen = found
        } else {
            guard let first = sheets.first else {
                throw WorkbookError(
                    .missingPart, file: file, detail: Localized(zh: "工作簿中没有工作表", en: "the workbook has no sheets"))
            }
            chosen = first
        }
        guard entry(chosen.part) != nil else {
            throw WorkbookError(
                .missingPart, file: file, place: Localized(zh: "工作表“\(chosen.name)”", en: "sheet \(chosen.name)"),
                detail: Localized(
                    zh: "压缩包中缺少该工作表的部件 \(chosen.part)",
                    en: "the sheet's part \(chosen.part) is missing from the archive"))
        }
        let strings = try sharedStrings()
        return WorksheetReader(
            file: file, sheet: chosen.name, part: chosen.part,
            input: TextInput(bytes: try inflate(chosen.part), name: file),
            sharedStrings: strings, dateStyles: try dateStyles())
    }

    /// The cell styles (indices into `cellXfs`) whose number format shows a date, and what it shows; read once.
    private func dateStyles() throws(WorkbookError) -> [Int: DateShape] {
        if let dateStylesCache { return dateStylesCache }
        guard let part = stylesPart, entry(part) != nil else {
            dateStylesCache = [:]
            return [:]
        }
        var formats: [Int: String] = [:]
        var styles: [Int: DateShape] = [:]
        var inCellFormats = false
        var index = 0
        try forEachEvent(in: part) { event throws(WorkbookError) in
            switch event {
            case .start(let qname, let attributes, let selfClosing):
                func value(_ name: String) -> String? { attributes.first { $0.name == name }?.value }
                switch Self.local(qname) {
                case "numFmt":
                    if let id = value("numFmtId").flatMap({ Int($0) }), let code = value("formatCode") {
                        formats[id] = Workbook.unescape(code)
                    }
                case "cellXfs": inCellFormats = !selfClosing
                case "xf" where inCellFormats:
                    let id = value("numFmtId").flatMap { Int($0) } ?? 0
                    if let shape = formats[id].map({ DateShape.of(formatCode: $0) }) ?? DateShape.of(builtinFormat: id)
                    {
                        styles[index] = shape
                    }
                    index += 1
                default: break
                }
            case .end(let qname):
                if Self.local(qname) == "cellXfs" { inCellFormats = false }
            case .text: break
            }
        }
        dateStylesCache = styles
        return styles
    }

    /// The rows of a sheet (the first by default) as texts, for lists such as org units (`code,name,parent`):
    /// numbers as the whole numbers they show (codes typed as numbers), each row with where it is for messages.
    ///
    /// - Throws: ``WorkbookError``, also naming a cell that holds a formula without a computed value.
    public func textRows(
        sheet name: String? = nil
    ) throws(WorkbookError) -> [(fields: [String], location: Localized<String>)] {
        let reader = try sheet(name)
        var rows: [(fields: [String], location: Localized<String>)] = []
        while let row = try reader.next() {
            if let formula = row.cells.first(where: { $0.kind == .formula }) {
                throw WorkbookError(
                    .formulaWithoutValue, file: file,
                    place: Localized(
                        zh: "工作表“\(reader.sheet)”，单元格 \(CellReference.name(column: formula.column, row: row.number))",
                        en: "sheet \(reader.sheet), cell \(CellReference.name(column: formula.column, row: row.number))"
                    ),
                    detail:
                        Localized(
                            zh: "单元格中是没有计算结果的公式（openpyxl 等不做计算的程序会这样保存）；请在 Excel 或 LibreOffice 中打开工作簿，让它计算后保存",
                            en:
                                "the cell holds a formula without a computed value (as openpyxl and other programs that do not calculate save them); open the workbook in Excel or LibreOffice, let it calculate and save it"
                        )
                )
            }
            let fields = row.texts().enumerated().map { i, text in
                row.cell(i)?.kind == .number ? WorkbookNumber.code(text) : text
            }
            rows.append(
                (
                    fields,
                    Localized(
                        zh: "\(file)，工作表“\(reader.sheet)”，第\(row.number)行",
                        en: "\(file), sheet \(reader.sheet), row \(row.number)")
                ))
        }
        return rows
    }

    /// The entry of a part: by its exact name, or else by its name in another letter case (`xl/SharedStrings.xml`
    /// where the relationships say `sharedStrings.xml`, as some programs write them; zip names are case-sensitive,
    /// Excel's are not).
    private func entry(_ part: String) -> ZipArchive.Entry? {
        if let exact = entries[part] { return exact }
        return entriesByLowercaseName[part.lowercased()].flatMap { entries[$0] }
    }

    /// The shared strings, read once.
    private func sharedStrings() throws(WorkbookError) -> [String] {
        if let sharedStringsCache { return sharedStringsCache }
        guard let part = sharedStringsPart, entry(part) != nil else {
            sharedStringsCache = []
            return []
        }
        var strings: [String] = []
        var current: String?
        var inText = false
        var phonetic = 0
        try forEachEvent(in: part) { event throws(WorkbookError) in
            switch event {
            case .start(let qname, let attributes, let selfClosing):
                switch Self.local(qname) {
                case "sst":
                    let declared = attributes.first { $0.name == "uniqueCount" }.flatMap { Int($0.value) } ?? 0
                    if declared > limits.maxSharedStrings { throw tooManyStrings(part) }
                case "si":
                    current = ""
                    if selfClosing {
                        strings.append("")
                        current = nil
                    }
                case "t": inText = !selfClosing
                case "rPh": if !selfClosing { phonetic += 1 }
                default: break
                }
            case .end(let qname):
                switch Self.local(qname) {
                case "si":
                    strings.append(Self.unescape(current ?? ""))
                    current = nil
                    if strings.count > limits.maxSharedStrings { throw tooManyStrings(part) }
                case "t": inText = false
                case "rPh": phonetic -= 1
                default: break
                }
            case .text(let text):
                if inText && phonetic == 0 && current != nil { current! += text }
            }
        }
        sharedStringsCache = strings
        return strings
    }

    /// Hands every event of a part's XML to `handle`, XML errors named by the part.
    private func forEachEvent(
        in part: String, _ handle: (XMLEvent) throws(WorkbookError) -> Void
    ) throws(WorkbookError) {
        let xml = try tokenizer(part)
        while true {
            let event: XMLEvent?
            do {
                event = try xml.next()
            } catch {
                throw Self.xmlError(error, part: part, file: file)
            }
            guard let event else { return }
            try handle(event)
        }
    }

    private func tooManyStrings(_ part: String) -> WorkbookError {
        WorkbookError(
            .tooManyStrings, file: file, place: Localized(verbatim: part),
            detail:
                Localized(
                    zh: "工作簿的共享字符串超过\(limits.maxSharedStrings)个；请拆分工作簿，或把数据另存为 CSV",
                    en:
                        "the workbook has more than \(limits.maxSharedStrings) shared strings; split it or save the data as CSV"
                )
        )
    }

    private func tokenizer(_ part: String) throws(WorkbookError) -> XMLTokenizer {
        XMLTokenizer(input: TextInput(bytes: try inflate(part), name: file), keepsWhitespace: true)
    }

    /// Inflates one entry, counting the bytes against the limits as they come.
    func inflate(_ part: String) throws(WorkbookError) -> [UInt8] {
        guard let entry = entry(part) else {
            throw WorkbookError(
                .missingPart, file: file, detail: Localized(zh: "压缩包中没有 \(part)", en: "the archive has no \(part)"))
        }
        var bytes: [UInt8] = []
        let file = self.file
        let limits = self.limits
        let already = inflated
        do {
            try archive.read(entry) { piece in
                bytes.append(contentsOf: piece)
                if already + bytes.count > limits.maxUncompressedBytes {
                    throw WorkbookError(
                        .tooLarge, file: file, place: Localized(verbatim: part),
                        detail:
                            Localized(
                                zh: "各部件解压后超过 \(limits.maxUncompressedBytes >> 20) MB；请拆分工作簿，或把数据另存为 CSV",
                                en:
                                    "the parts inflate to more than \(limits.maxUncompressedBytes >> 20) MB; split the workbook or save the data as CSV"
                            )
                    )
                }
                try Self.checkRatio(
                    inflated: UInt64(bytes.count), compressed: entry.compressedSize, file: file, entry: part,
                    limits: limits)
                return true
            }
        } catch let error as WorkbookError {
            throw error
        } catch let error as ZipArchive.Failure {
            throw Self.zipError(error, file: file)
        } catch {
            throw WorkbookError(
                .corrupt, file: file, place: Localized(verbatim: part),
                detail: Localized(zh: "条目无法解压：\(error)", en: "the entry cannot be inflated: \(error)"))
        }
        inflated += bytes.count
        return bytes
    }

    /// Refuses a DOCTYPE or ENTITY declaration in the first 64 KB of a part (where a prolog is).
    private func checkProlog(_ part: String) throws(WorkbookError) {
        guard let entry = entry(part) else { return }
        var head: [UInt8] = []
        do {
            try archive.read(entry) { piece in
                head.append(contentsOf: piece.prefix(65_536 - head.count))
                return head.count < 65_536
            }
        } catch let error as ZipArchive.Failure {
            throw Self.zipError(error, file: file)
        } catch {
            throw WorkbookError(
                .corrupt, file: file, place: Localized(verbatim: part),
                detail: Localized(zh: "条目无法解压：\(error)", en: "the entry cannot be inflated: \(error)"))
        }
        let text = String(decoding: head, as: UTF8.self).uppercased()
        if text.contains("<!DOCTYPE") || text.contains("<!ENTITY") {
            throw WorkbookError(
                .forbiddenDeclaration, file: file, place: Localized(verbatim: part),
                detail:
                    Localized(
                        zh: "该部件声明了 DOCTYPE 或 ENTITY；Tally 从不展开实体（工作簿不需要实体），所以拒绝该文件",
                        en:
                            "the part declares a DOCTYPE or ENTITY; Tally never expands entities (a workbook needs none), so the file is refused"
                    )
            )
        }
    }

    /// The first bytes of an OLE compound file (CFB), the container of encrypted workbooks and of `.xls`.
    static let compoundFileSignature: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    /// Whether `bytes` hold `text` in UTF-16 little-endian, as the directory of a compound file names streams.
    static func contains(_ bytes: [UInt8], utf16 text: String) -> Bool {
        let needle = text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        guard let first = needle.first, bytes.count >= needle.count else { return false }
        var i = 0
        while i <= bytes.count - needle.count {
            if bytes[i] == first && bytes[i..<(i + needle.count)].elementsEqual(needle) { return true }
            i += 1
        }
        return false
    }

    /// A limit in words: "256 MB", or "1000 bytes" below a megabyte.
    static func megabytes(_ bytes: Int) -> Localized<String> {
        bytes >= 1 << 20 ? Localized(verbatim: "\(bytes >> 20) MB") : Localized(zh: "\(bytes)字节", en: "\(bytes) bytes")
    }

    static func zipError(_ failure: ZipArchive.Failure, file: String) -> WorkbookError {
        switch failure {
        case .notZip:
            WorkbookError(
                .unreadable, file: file,
                detail: Localized(
                    zh: "这不是 Excel 工作簿（.xlsx 是 zip 压缩包）；请在 Excel 中另存为 .xlsx",
                    en: "this is not an Excel workbook (.xlsx is a zip archive); save it from Excel as .xlsx"))
        case .tooManyEntries(let limit):
            WorkbookError(
                .tooManyEntries, file: file,
                detail: Localized(
                    zh: "压缩包中的条目超过\(limit)个；工作簿只有几十个",
                    en: "the archive has more than \(limit) entries; a workbook has a few dozen"))
        case .damaged(let detail):
            WorkbookError(
                .corrupt, file: file,
                detail: Localized(zh: "压缩包已损坏：\(detail.zh)", en: "the archive is damaged: \(detail.en)"))
        case .badEntry(let name, let detail):
            WorkbookError(.corrupt, file: file, place: Localized(verbatim: name), detail: detail)
        }
    }

    static func checkRatio(
        inflated: UInt64, compressed: UInt64, file: String, entry: String, limits: WorkbookLimits
    ) throws(WorkbookError) {
        guard inflated > UInt64(limits.ratioGraceBytes) else { return }
        if inflated > UInt64(limits.maxCompressionRatio) * max(compressed, 1) {
            throw WorkbookError(
                .compressionRatio, file: file, place: Localized(zh: "条目“\(entry)”", en: "entry '\(entry)'"),
                detail:
                    Localized(
                        zh:
                            "该条目解压后超过压缩大小的\(limits.maxCompressionRatio)倍（\(compressed)字节解压到\(inflated)字节以上）；没有电子表格会这样，看起来是“压缩炸弹”，予以拒绝",
                        en:
                            "the entry inflates more than \(limits.maxCompressionRatio) times its compressed size (\(compressed) bytes to more than \(inflated)); no spreadsheet does, so this looks like a zip bomb and is refused"
                    )
            )
        }
    }

    static func isUnsafe(_ path: String) -> Bool {
        path.hasPrefix("/") || path.contains("\\") || path.split(separator: "/").contains("..")
            || path.contains(":") && path.first?.isLetter == true && path.dropFirst().first == ":"
    }

    /// A relationship's target as an entry name: relative to `directory`, or absolute from the archive root.
    static func resolve(_ target: String, from directory: String) -> String {
        if target.hasPrefix("/") { return String(target.dropFirst()) }
        var parts = directory.split(separator: "/").map(String.init)
        for piece in target.split(separator: "/") {
            if piece == ".." {
                _ = parts.popLast()
            } else if piece != "." {
                parts.append(String(piece))
            }
        }
        return parts.joined(separator: "/")
    }

    struct Relationship {
        var id: String
        var type: String
        var target: String
    }

    static func relationships(_ bytes: [UInt8], part: String, file: String) throws(WorkbookError) -> [Relationship] {
        let xml = XMLTokenizer(input: TextInput(bytes: bytes, name: file))
        var out: [Relationship] = []
        while true {
            let event: XMLEvent?
            do {
                event = try xml.next()
            } catch {
                throw xmlError(error, part: part, file: file)
            }
            guard let event else { return out }
            if case .start(let qname, let attributes, _) = event, local(qname) == "Relationship" {
                func value(_ name: String) -> String { attributes.first { $0.name == name }?.value ?? "" }
                out.append(Relationship(id: value("Id"), type: value("Type"), target: value("Target")))
            }
        }
    }

    static func xmlError(_ error: XMLError, part: String, file: String) -> WorkbookError {
        let code: WorkbookError.Code =
            switch error.code {
            case .forbiddenDeclaration: .forbiddenDeclaration
            case .syntax, .tooDeep, .encoding: .syntax
            case .unreadable: .unreadable
            }
        return WorkbookError(
            code, file: file,
            place: Localized(
                zh: "\(part)，第\(error.line)行第\(error.column)个字符",
                en: "\(part), line \(error.line), column \(error.column)"), detail: error.details)
    }

    static func local(_ name: String) -> String { XMLTokenizer.localName(name) }

    /// Decodes Excel's `_xHHHH_` escapes of control characters in strings.
    static func unescape(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: "_x") {
            out += rest[..<range.lowerBound]
            let after = rest[range.upperBound...]
            let hex = after.prefix(4)
            if hex.count == 4, after.dropFirst(4).first == "_", let value = UInt32(hex, radix: 16),
                let scalar = Unicode.Scalar(value)
            {
                out.unicodeScalars.append(scalar)
                rest = after.dropFirst(5)
            } else {
                out += "_x"
                rest = after
            }
        }
        return out + rest
    }
}
