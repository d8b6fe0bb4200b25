public import TallyCore
public import TallyText

/// Identifiers of another system (DHIS2 UIDs or codes) paired with Tally codes, read from a CSV file with the
/// header `kind,dhis2,tally`; used in both directions, like DHIS2's `idScheme`.
///
/// ```csv
/// kind,dhis2,tally
/// orgunit,DiszpKrYNg8,360121100201
/// element,f7n9E0hX8qk,measles
/// combo,bRowv6yZOF2,default
/// dataset,pBOMPrpg1QX,mortality
/// category,GENDER,sex
/// option,FMLE,female
/// ```
///
/// Kinds: `orgunit`, `element`, `combo` (category option combos, and attribute option combos too: its rows are
/// also the rows of `attributecombo`), `attributecombo` (attribute option combos alone, read in their own identifier
/// scheme), `dataset`, and for ADX `category` and `option`. Reading maps a DHIS2 identifier to
/// its Tally code; an identifier without a row passes through unchanged, so files that already use Tally
/// codes need no mapping. Writing maps back; when several DHIS2 identifiers share one Tally code, the
/// first row wins.
public struct IdentifierMapping: Sendable, Equatable {
    /// What an identifier names.
    public enum Kind: String, CaseIterable, Sendable {
        case orgUnit = "orgunit"
        case element
        case combo
        /// Attribute option combos (DHIS2's `attributeOptionCombo`): a file's `combo` rows are theirs too.
        case attributeCombo = "attributecombo"
        case dataSet = "dataset"
        case category
        case option
    }

    /// The mapping file, for messages.
    public let file: String
    /// Whether a mapping file (or rows given for one) stands behind it; `false` for the tables of identifier
    /// schemes alone (``schemesOnly()``), which messages must not call a mapping file.
    public private(set) var isFile = true
    private var toTally: [Kind: [String: String]] = [:]
    private var toDHIS2: [Kind: [String: String]] = [:]
    /// The rows of each kind in the file's order.
    private var ordered: [Kind: [(dhis2: String, tally: String)]] = [:]
    /// Kinds read through an identifier scheme other than Tally's codes: the scheme as its option names it.
    private var schemes: [Kind: Localized<String>] = [:]
    /// Identifiers of a scheme that several Tally codes share.
    private var shared: [Kind: [String: [String]]] = [:]

    /// An empty mapping: every identifier passes through.
    public init(file: String = "<no mapping>") {
        self.file = file
    }

    /// A mapping from `(kind, dhis2, tally)` rows.
    ///
    /// - Throws: ``MappingError`` when one DHIS2 identifier of a kind is paired with two Tally codes.
    public init(file: String = "<mapping>", rows: [(Kind, String, String)]) throws(MappingError) {
        self.file = file
        for (kind, dhis2, tally) in rows {
            if let existing = toTally[kind]?[dhis2], existing != tally {
                throw MappingError(
                    .conflict, file: file, line: nil,
                    detail: Localized(
                        zh: "\(kind.rawValue)“\(dhis2)”同时映射到了“\(existing)”和“\(tally)”",
                        en: "\(kind.rawValue) '\(dhis2)' is mapped to both '\(existing)' and '\(tally)'"))
            }
            toTally[kind, default: [:]][dhis2] = tally
            ordered[kind, default: []].append((dhis2, tally))
            if toDHIS2[kind]?[tally] == nil { toDHIS2[kind, default: [:]][tally] = dhis2 }
        }
        // The `combo` rows name attribute option combos as well (the converter writes them so), after any row of
        // the kind itself.
        for (dhis2, tally) in ordered[.combo] ?? [] where toTally[.attributeCombo]?[dhis2] == nil {
            toTally[.attributeCombo, default: [:]][dhis2] = tally
            ordered[.attributeCombo, default: []].append((dhis2, tally))
            if toDHIS2[.attributeCombo]?[tally] == nil { toDHIS2[.attributeCombo, default: [:]][tally] = dhis2 }
        }
    }

    /// Reads a mapping file (UTF-8 CSV, header `kind,dhis2,tally` in any case and column order).
    public static func read(path: String) throws(MappingError) -> IdentifierMapping {
        var reader: CSVReader
        do {
            reader = try CSVReader(path: path)
        } catch {
            throw MappingError(.unreadable, file: path, line: nil, detail: error.sentence)
        }
        var record = CSVRecord()
        var columns: (kind: Int, dhis2: Int, tally: Int)?
        var rows: [(Kind, String, String)] = []
        var seen: [Kind: [String: Int]] = [:]
        while true {
            let more: Bool
            do {
                more = try reader.next(into: &record)
            } catch {
                throw MappingError(.unreadable, file: path, line: error.line, detail: error.sentence)
            }
            guard more else { break }
            let fields: [String]
            do {
                fields = try (0..<record.count).map { i throws(CSVError) in try record.validatedString(i).trimmed }
            } catch {
                throw MappingError(.unreadable, file: path, line: error.line, detail: error.sentence)
            }
            guard let c = columns else {
                let names = fields.map { $0.lowercased().replacingBOM }
                guard let k = names.firstIndex(of: "kind"), let d = names.firstIndex(of: "dhis2"),
                    let t = names.firstIndex(of: "tally")
                else {
                    throw MappingError(
                        .header, file: path, line: record.line,
                        detail:
                            Localized(
                                zh: "表头必须列出 kind、dhis2 和 tally 三列；实际为 \(fields.joined(separator: ","))",
                                en:
                                    "the header must name the columns kind, dhis2 and tally; found \(fields.joined(separator: ","))"
                            )
                    )
                }
                columns = (k, d, t)
                continue
            }
            func field(_ i: Int) -> String { i < fields.count ? fields[i] : "" }
            let kindText = field(c.kind).lowercased()
            guard let kind = Kind(rawValue: kindText) else {
                throw MappingError(
                    .badKind, file: path, line: record.line,
                    detail:
                        Localized(
                            zh: "“\(field(c.kind))”不是类别；应为以下之一：\(Kind.allCases.map(\.rawValue).joined(separator: "、"))",
                            en:
                                "'\(field(c.kind))' is not a kind; expected one of: \(Kind.allCases.map(\.rawValue).joined(separator: ", "))"
                        )
                )
            }
            let dhis2 = field(c.dhis2)
            let tally = field(c.tally)
            guard !dhis2.isEmpty else {
                throw MappingError(
                    .emptyField, file: path, line: record.line,
                    detail: Localized(zh: "dhis2 标识符为空", en: "the dhis2 identifier is empty"))
            }
            guard !tally.isEmpty || kind == .combo || kind == .attributeCombo else {
                throw MappingError(
                    .emptyField, file: path, line: record.line,
                    detail: Localized(zh: "tally 代码为空", en: "the tally code is empty"))
            }
            if let first = seen[kind]?[dhis2] {
                throw MappingError(
                    .conflict, file: path, line: record.line,
                    detail: Localized(
                        zh: "\(kind.rawValue)“\(dhis2)”已在第\(first)行映射过",
                        en: "\(kind.rawValue) '\(dhis2)' is already mapped on line \(first)"))
            }
            seen[kind, default: [:]][dhis2] = record.line
            rows.append((kind, dhis2, tally))
        }
        guard columns != nil else {
            throw MappingError(
                .header, file: path, line: nil,
                detail: Localized(
                    zh: "文件是空的；应有表头 kind,dhis2,tally", en: "the file is empty; expected the header kind,dhis2,tally"))
        }
        return try IdentifierMapping(file: path, rows: rows)
    }

    /// The UID of DHIS2's default category option combo, the same in every DHIS2 database: read as Tally's
    /// default combo without a mapping row.
    public static let defaultComboUID = "HllvX50cXC0"

    /// Whether a combo field names the default combo: empty, `default` in any case, or DHIS2's default UID.
    public static func isDefaultCombo(_ text: String) -> Bool {
        text.isEmpty || text.lowercased() == "default" || text == defaultComboUID
    }

    /// The Tally code of a DHIS2 identifier, or `nil` when it has no row.
    public func tally(_ kind: Kind, _ identifier: String) -> String? {
        toTally[kind]?[identifier]
    }

    /// The DHIS2 identifier of a Tally code, or `nil` when it has no row.
    public func dhis2(_ kind: Kind, _ code: String) -> String? {
        toDHIS2[kind]?[code]
    }

    /// The Tally code for `identifier`: its mapping, or the identifier itself.
    public func toTally(_ kind: Kind, _ identifier: String) -> String {
        toTally[kind]?[identifier] ?? identifier
    }

    /// The DHIS2 identifier for `code`: its mapping, or the code itself.
    public func toDHIS2(_ kind: Kind, _ code: String) -> String {
        toDHIS2[kind]?[code] ?? code
    }

    /// Whether the mapping has no rows.
    public var isEmpty: Bool { toTally.isEmpty && schemes.isEmpty }

    /// A mapping without a file, for identifier schemes to restrict (``restricting(_:to:shared:scheme:)``): the
    /// kinds they leave alone are Tally codes.
    public static func schemesOnly() -> IdentifierMapping {
        var mapping = IdentifierMapping(file: "--id-scheme")
        mapping.isFile = false
        return mapping
    }

    /// The rows of a kind, in the file's order.
    public func rows(_ kind: Kind) -> [(dhis2: String, tally: String)] {
        ordered[kind] ?? []
    }

    /// The same mapping with `kind` read through an identifier scheme: only `rows` (identifier, Tally code) name
    /// objects of the kind — nothing passes through — and `shared` identifiers (each with the codes sharing it)
    /// name none; `scheme` says which, for messages (`--id-scheme name`).
    public func restricting(
        _ kind: Kind, to rows: [(String, String)], shared: [String: [String]], scheme: Localized<String>
    ) -> IdentifierMapping {
        var copy = self
        copy.toTally[kind] = [:]
        copy.toDHIS2[kind] = [:]
        copy.ordered[kind] = []
        for (identifier, code) in rows {
            copy.toTally[kind, default: [:]][identifier] = code
            copy.ordered[kind, default: []].append((identifier, code))
            if copy.toDHIS2[kind]?[code] == nil { copy.toDHIS2[kind, default: [:]][code] = identifier }
        }
        copy.schemes[kind] = scheme
        copy.shared[kind] = shared
        return copy
    }

    /// The identifier scheme a kind is read through (`--id-scheme name`), or `nil` when its identifiers are Tally
    /// codes or the mapping file's rows, with pass-through.
    public func scheme(_ kind: Kind) -> Localized<String>? {
        schemes[kind]
    }

    /// The Tally codes that share `identifier` in the scheme of `kind`, or `nil` when it is not shared.
    public func sharing(_ kind: Kind, _ identifier: String) -> [String]? {
        shared[kind]?[identifier]
    }

    public static func == (lhs: IdentifierMapping, rhs: IdentifierMapping) -> Bool {
        lhs.file == rhs.file && lhs.isFile == rhs.isFile && lhs.toTally == rhs.toTally && lhs.toDHIS2 == rhs.toDHIS2
            && lhs.schemes == rhs.schemes
            && lhs.shared == rhs.shared
    }
}

/// A mapping file that cannot be used.
public struct MappingError: TallyError, Equatable {
    /// What is wrong.
    public enum Code: String, Sendable {
        case unreadable, header, badKind, emptyField, conflict
    }

    /// What is wrong.
    public let code: Code
    /// The mapping file.
    public let file: String
    /// The 1-based line, when one applies.
    public let line: Int?
    /// What was found and what was expected, in every language.
    public let details: Localized<String>
    /// The same, in English.
    public var detail: String { details.en }

    /// An error.
    public init(_ code: Code, file: String, line: Int?, detail: Localized<String>) {
        self.code = code
        self.file = file
        self.line = line
        self.details = detail
    }

    public var errorCode: String { "mapping.\(code.rawValue)" }

    /// The sentence in English.
    public var message: String { message(.en) }

    public func message(_ language: Language) -> String {
        (line.map { Localized.placed(.line($0, of: file), details) } ?? .placed(file, details))(language)
    }
}
