public import TallyCore
public import TallyText

/// Which identifiers a file uses for one kind of metadata, as DHIS2's `idScheme` parameters name them: `uid`,
/// `code`, `name` or `attribute:ID` (in any case, as DHIS2 writes `UID`, `CODE`, `NAME`, `ATTRIBUTE:…`).
public enum IdentifierScheme: Sendable, Equatable, CustomStringConvertible {
    /// DHIS2's UIDs (`DiszpKrYNg8`), which Tally holds only in the converter's mapping file.
    case uid
    /// Tally's codes (the default; a mapping file may pair other identifiers with them).
    case code
    /// The names, in any language on import (canonical: trimmed, NFC).
    case name
    /// The values of a DHIS2 metadata attribute.
    case attribute(String)

    /// The scheme of a command-line text, or `nil` when it is none.
    public init?(_ text: String) {
        let lower = text.lowercased()
        switch lower {
        case "uid", "id": self = .uid
        case "code": self = .code
        case "name": self = .name
        default:
            guard lower.hasPrefix("attribute:") else { return nil }
            let id = String(text.dropFirst("attribute:".count))
            guard !id.isEmpty else { return nil }
            self = .attribute(id)
        }
    }

    /// The scheme as an option gives it.
    public var description: String {
        switch self {
        case .uid: "uid"
        case .code: "code"
        case .name: "name"
        case .attribute(let id): "attribute:\(id)"
        }
    }
}

/// The identifier schemes of an import or export: one for every kind (`--id-scheme`, DHIS2's `idScheme`), and
/// optionally another for elements, org units, category option combos, attribute option combos or data sets
/// (`--data-element-id-scheme`, `--org-unit-id-scheme`, `--category-option-combo-id-scheme`,
/// `--attribute-option-combo-id-scheme`, `--data-set-id-scheme`; DHIS2's `dataElementIdScheme`, …). As in DHIS2,
/// attribute option combos follow `--id-scheme` unless their own option chooses, not the category option combos'. A data value set's own keys fill in the kinds no option chose
/// (``merging(fileKeys:file:)``).
///
/// Categories and category options (ADX's attribute names and values, a JSON `categoryOptionCombo` object's keys
/// and values) have their own schemes only (`--category-id-scheme`, `--category-option-id-scheme`, a file's
/// `categoryIdScheme`, `categoryOptionIdScheme`, then its `idScheme`): `--id-scheme` leaves them Tally's codes, as
/// before, since most names are no XML names.
public struct IdentifierSchemes: Sendable, Equatable {
    /// One kind's scheme and the option that chose it, for messages.
    public struct Choice: Sendable, Equatable {
        /// The scheme.
        public var scheme: IdentifierScheme
        /// The option that gave it (`--id-scheme`, `--org-unit-id-scheme`, …), or empty for the default.
        public var option: String
    }

    /// The options, in the order messages list them.
    public static let options: [(IdentifierMapping.Kind, String)] = [
        (.element, "--data-element-id-scheme"), (.orgUnit, "--org-unit-id-scheme"),
        (.combo, "--category-option-combo-id-scheme"), (.dataSet, "--data-set-id-scheme"),
        (.category, "--category-id-scheme"), (.option, "--category-option-id-scheme"),
        (.attributeCombo, "--attribute-option-combo-id-scheme"),
    ]

    /// The kinds `--id-scheme` leaves alone: the names of ADX's category attributes and their values.
    static let ownSchemeKinds: Set<IdentifierMapping.Kind> = [.category, .option]

    /// DHIS2's keys of a data value set (JSON keys, DXF2 XML attributes) that choose a scheme, and the kind each
    /// chooses (`nil`: every kind, `idScheme`).
    public static let fileKeys: [(key: String, kind: IdentifierMapping.Kind?)] = [
        ("idScheme", nil), ("dataElementIdScheme", .element), ("orgUnitIdScheme", .orgUnit),
        ("categoryOptionComboIdScheme", .combo), ("dataSetIdScheme", .dataSet), ("categoryIdScheme", .category),
        ("categoryOptionIdScheme", .option), ("attributeOptionComboIdScheme", .attributeCombo),
    ]

    private var general: Choice
    private var kinds: [IdentifierMapping.Kind: Choice] = [:]

    /// Tally's codes everywhere.
    public init() {
        general = Choice(scheme: .code, option: "")
    }

    /// The schemes of option texts (`nil`: not given).
    ///
    /// - Throws: ``IdentifierSchemeError`` naming the option whose text is no scheme.
    public init(
        idScheme: String? = nil, dataElement: String? = nil, orgUnit: String? = nil, categoryOptionCombo: String? = nil,
        dataSet: String? = nil, category: String? = nil, categoryOption: String? = nil,
        attributeOptionCombo: String? = nil
    ) throws(IdentifierSchemeError) {
        self.init()
        if let idScheme { general = Choice(scheme: try Self.scheme(idScheme, "--id-scheme"), option: "--id-scheme") }
        let texts = [
            dataElement, orgUnit, categoryOptionCombo, dataSet, category, categoryOption, attributeOptionCombo,
        ]
        for ((kind, option), text) in zip(Self.options, texts) {
            guard let text else { continue }
            kinds[kind] = Choice(scheme: try Self.scheme(text, option), option: option)
        }
    }

    private static func scheme(_ text: String, _ option: String) throws(IdentifierSchemeError) -> IdentifierScheme {
        guard let scheme = IdentifierScheme(text) else { throw IdentifierSchemeError(.unknownScheme(text, option)) }
        return scheme
    }

    /// The scheme of a kind (elements, org units, combos, data sets, categories, options) and the option that chose
    /// it; categories and options are Tally's codes unless their own option or key chose another.
    public func choice(_ kind: IdentifierMapping.Kind) -> Choice {
        kinds[kind] ?? (Self.ownSchemeKinds.contains(kind) ? Choice(scheme: .code, option: "") : general)
    }

    /// These schemes with a data value set's own keys (``fileKeys``: `idScheme`, `dataElementIdScheme`, …, as DHIS2
    /// reads them from the file) for the kinds no option chose: an option given (`--id-scheme` or the kind's own;
    /// for categories and options their own only) wins, then the file's key for the kind, then its `idScheme`.
    /// Messages name the key as `file key`.
    ///
    /// - Throws: ``IdentifierSchemeError`` (`idScheme.unknown`) naming the file and key whose text is no scheme.
    public func merging(
        fileKeys keys: [(key: String, value: String)], file: String
    ) throws(IdentifierSchemeError)
        -> IdentifierSchemes
    {
        var result = self
        var fileGeneral: Choice?
        var fileKinds: [IdentifierMapping.Kind: Choice] = [:]
        for (key, value) in keys {
            guard let entry = Self.fileKeys.first(where: { $0.key == key }) else { continue }
            let option = "\(file) \(key)"
            let choice = Choice(scheme: try Self.scheme(value, option), option: option)
            if let kind = entry.kind { fileKinds[kind] = choice } else { fileGeneral = choice }
        }
        for (kind, _) in Self.options where choice(kind).option.isEmpty {
            // `--id-scheme` leaves categories and options alone; its choice still beats the file's `idScheme`.
            let general = Self.ownSchemeKinds.contains(kind) && !general.option.isEmpty ? nil : fileGeneral
            if let chosen = fileKinds[kind] ?? general { result.kinds[kind] = chosen }
        }
        return result
    }

    /// Whether every kind is read as Tally's codes (through a mapping file, if any).
    public var isCodes: Bool {
        general.scheme == .code && kinds.values.allSatisfy { $0.scheme == .code }
    }
}

/// An identifier scheme that cannot be used, or an export whose values have no identifier in it.
public struct IdentifierSchemeError: SentencedError, Equatable {
    /// What is wrong.
    public enum Problem: Sendable, Equatable {
        /// An option's text (the text, the option) is no scheme.
        case unknownScheme(String, String)
        /// The scheme of an option (the scheme, the option) names identifiers Tally's metadata does not hold.
        case notHeld(IdentifierScheme, String)
        /// Values whose element, unit or combo has no identifier in the scheme (`kind code (option scheme)`, the
        /// count beyond them).
        case missing([String], Int)
        /// Objects whose identifier in the scheme is shared, so that the file would not read back (`kind code:
        /// identifier`).
        case shared([String], Int)
        /// Categories whose identifier in the scheme cannot be an ADX attribute name (`category code: name`).
        case notXMLName([String])
    }

    /// What is wrong.
    public let problem: Problem

    /// An error.
    public init(_ problem: Problem) {
        self.problem = problem
    }

    public var errorCode: String {
        switch problem {
        case .unknownScheme: "idScheme.unknown"
        case .notHeld: "idScheme.notHeld"
        case .missing: "idScheme.missing"
        case .shared: "idScheme.shared"
        case .notXMLName: "idScheme.notXMLName"
        }
    }

    public var sentence: Localized<String> {
        switch problem {
        case .unknownScheme(let text, let option):
            return Localized(
                zh: "\(option)：“\(text)”不是标识方案；应为 uid、code、name 或 attribute:ID",
                en: "\(option): '\(text)' is not an identifier scheme; expected uid, code, name or attribute:ID")
        case .notHeld(.uid, let option):
            return Localized(
                zh: "\(option) uid：Tally 不保存 DHIS2 的 UID；请用 --mapping 给出元数据转换时写出的映射文件（kind,dhis2,tally）",
                en:
                    "\(option) uid: Tally does not store DHIS2 UIDs; give the mapping file the metadata conversion wrote (kind,dhis2,tally) with --mapping"
            )
        case .notHeld(let scheme, let option):
            return Localized(
                zh: "\(option) \(scheme)：Tally 的元数据不保存 DHIS2 属性值（转换时未带入）；请改用 code、name 或 uid",
                en:
                    "\(option) \(scheme): Tally's metadata holds no DHIS2 attribute values (the conversion does not keep them); use code, name or uid"
            )
        case .missing(let list, let more):
            return Localized(
                zh: "以下对象在所选标识方案下没有标识，不能导出（不会写空）：\(list.joined(separator: "、"))"
                    + (more > 0 ? " 等，另有 \(more) 个" : ""),
                en: "these have no identifier in the chosen scheme, so nothing was exported (none is written blank): "
                    + list.joined(separator: ", ") + (more > 0 ? " and \(more) more" : ""))
        case .notXMLName(let list):
            return Localized(
                zh: "以下分类在所选标识方案下的标识不能作 ADX 的属性名（含空格或符号），未导出：\(list.joined(separator: "、"))；请改用 code 或 uid",
                en:
                    "these categories' identifiers in the chosen scheme cannot be ADX attribute names (a space or a sign), "
                    + "so nothing was exported: \(list.joined(separator: ", ")); use code or uid")
        case .shared(let list, let more):
            return Localized(
                zh: "以下对象在所选标识方案下标识相同，导出的文件无法读回，未导出：\(list.joined(separator: "、"))"
                    + (more > 0 ? " 等，另有 \(more) 个" : "") + "；请改名或改用 code",
                en: "these share their identifier in the chosen scheme, so the file would not read back; nothing was "
                    + "exported: " + list.joined(separator: ", ") + (more > 0 ? " and \(more) more" : "")
                    + "; rename them or use code")
        }
    }
}
