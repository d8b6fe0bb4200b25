public import TallyCore
public import TallyText

/// Reads org units from CSV with the header `code,name,parent` (parent empty for the top unit), and optional
/// translated names in columns such as `name_en`.
///
/// The units must make one tree: Tally adds every figure up to one top unit (the county or the province), and
/// `export`, `query` and `check` start from it, so a list that leaves several units without a parent is refused
/// naming them, never loaded as several trees of which only the first would be seen.
public enum OrgUnitFile {
    /// The error for a tree of several top units, naming them; `nil` for one tree.
    ///
    /// - Parameter locations: where each unit of the file was read, by code.
    public static func severalTopUnits(
        _ tree: OrgUnitTree, locations: [String: Localized<String>] = [:]
    ) -> OrgUnitError? {
        let roots = tree.roots
        guard roots.count > 1 else { return nil }
        let shown = roots.prefix(10).map { i -> Localized<String> in
            let unit = tree.units[i]
            let location = locations[unit.code]
            return Localized(
                zh: "\(unit.code)（\(unit.name)\(location.map { "，\($0.zh)" } ?? "")）",
                en: "\(unit.code) (\(unit.name)\(location.map { ", \($0.en)" } ?? ""))")
        }
        let more =
            roots.count > 10 ? Localized(zh: "等（另有\(roots.count - 10)个）", en: " and \(roots.count - 10) more") : nil
        return OrgUnitError(
            .severalTopUnits, unit: tree.units[roots[1]].code,
            detail: Localized(
                zh:
                    "有\(roots.count)个单位没有上级，会成为\(roots.count)个最上级单位：\(shown.map(\.zh).joined(separator: "、"))\(more?.zh ?? "")；Tally 把所有数字汇总到唯一的最上级单位，请给除最上级以外的单位都填上上级（加入它们上面的单位，如县或省，并把它填为它们的上级）",
                en:
                    "\(roots.count) units have no parent, so they would be \(roots.count) top units: \(shown.map(\.en).joined(separator: ", "))\(more?.en ?? ""); Tally adds every figure up to one top unit, so give all of them but the top one a parent (add the unit above them, such as the county or province, and name it as their parent)"
            ))
    }

    /// Reads and checks the units of a file.
    ///
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - existing: units already stored, which parents may also name.
    ///   - encoding: the file's encoding (GBK and GB18030 are converted as the file is read).
    /// - Returns: the file's units, and the whole tree they make with `existing`.
    /// - Throws: ``OrgUnitError`` naming the file and line; nothing is loaded.
    public static func read(
        path: String, existing: [OrgUnit] = [], encoding: TextEncoding = .utf8
    ) throws -> (units: [OrgUnit], tree: OrgUnitTree) {
        var reader: CSVReader
        do {
            reader = try CSVReader(path: path, encoding: encoding)
        } catch {
            throw OrgUnitError(
                .unreadable, unit: "", location: Localized(zh: path, en: path), detail: error.messages)
        }
        return try read(&reader, name: path, existing: existing)
    }

    /// Reads and checks units from CSV bytes.
    public static func read(
        bytes: [UInt8], name: String, existing: [OrgUnit] = []
    ) throws -> (units: [OrgUnit], tree: OrgUnitTree) {
        var reader = CSVReader(bytes: bytes, source: name)
        return try read(&reader, name: name, existing: existing)
    }

    static func read(
        _ reader: inout CSVReader, name: String, existing: [OrgUnit]
    ) throws -> (units: [OrgUnit], tree: OrgUnitTree) {
        var record = CSVRecord()
        var rows: [(fields: [String], location: Localized<String>)] = []
        do {
            while try reader.next(into: &record) {
                for i in 0..<record.count {
                    _ = try record.validatedString(i)
                }
                rows.append(((0..<record.count).map { record.string($0) }, .line(record.line, of: name)))
            }
        } catch {
            // The reader's message already names the file, line and column.
            throw OrgUnitError(.unreadable, unit: "", location: nil, detail: (error as any TallyError).messages)
        }
        return try read(rows: rows, name: name, existing: existing)
    }

    /// Reads and checks units from rows of fields (a spreadsheet's rows), the first being the header.
    ///
    /// - Parameters:
    ///   - rows: each row's fields and where it is, for messages (`units.xlsx, sheet 1, row 3`).
    ///   - name: the file, for messages.
    ///   - existing: units already stored, which parents may also name.
    /// - Throws: ``OrgUnitError`` naming the row; nothing is loaded.
    public static func read(
        rows: [(fields: [String], location: Localized<String>)], name: String, existing: [OrgUnit] = []
    ) throws -> (units: [OrgUnit], tree: OrgUnitTree) {
        var units: [OrgUnit] = []
        var locations: [Localized<String>] = []
        var columns: (code: Int, name: Int, parent: Int)?
        var translated: [(language: String, column: Int)] = []
        for row in rows {
            let fields = row.fields.map(\.trimmed)
            if columns == nil {
                let header = fields.map { $0.lowercased().replacingBOM }
                guard let c = header.firstIndex(of: "code"), let n = header.firstIndex(of: "name"),
                    let p = header.firstIndex(of: "parent")
                else {
                    throw OrgUnitError(
                        .badHeader, unit: "", location: row.location,
                        detail: Localized(
                            zh: "表头应为 code,name,parent，实际为“\(fields.joined(separator: ","))”",
                            en: "expected the header code,name,parent but found '\(fields.joined(separator: ","))'"))
                }
                columns = (c, n, p)
                // Optional translated names: name_en, name_zh, …
                for (i, title) in header.enumerated() where title.hasPrefix("name_") {
                    let language = String(title.dropFirst(5))
                    guard !language.isEmpty, language.count <= 8, language.allSatisfy({ $0.isASCII && $0.isLetter })
                    else {
                        throw OrgUnitError(
                            .badHeader, unit: "",
                            location: Localized(
                                zh: "\(row.location.zh)第\(i + 1)列", en: "\(row.location.en), column \(i + 1)"),
                            detail: Localized(
                                zh: "“\(title)”不是译名列；应为 name_ 加语言代码，如 name_en",
                                en:
                                    "'\(title)' is not a translated-name column; expected name_ and a language code, such as name_en"
                            ))
                    }
                    translated.append((language, i))
                }
                continue
            }
            let (c, n, p) = columns!
            func get(_ i: Int) -> String { i < fields.count ? fields[i] : "" }
            let parent = get(p)
            var translations: [String: String] = [:]
            for (language, column) in translated where !get(column).isEmpty { translations[language] = get(column) }
            units.append(
                OrgUnit(
                    code: get(c), name: get(n), parentCode: parent.isEmpty ? nil : parent, translations: translations))
            locations.append(row.location)
        }
        let fileCodes = Set(units.map(\.code))
        let kept = existing.filter { !fileCodes.contains($0.code) }
        let tree = try OrgUnitTree(
            kept + units,
            locations: Array(repeating: Localized(zh: "已存储的单位", en: "stored units"), count: kept.count) + locations)
        if let problem = severalTopUnits(tree, locations: Dictionary(zip(units.map(\.code), locations)) { a, _ in a }) {
            throw problem
        }
        // Parents before children, as the store expects.
        let order = Dictionary(tree.units.enumerated().map { ($1.code, $0) }, uniquingKeysWith: { a, _ in a })
        return (units.sorted { order[$0.code]! < order[$1.code]! }, tree)
    }
}
