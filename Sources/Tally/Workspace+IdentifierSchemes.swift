public import TallyCore
public import TallyIO
internal import TallyInterchange
public import TallyText

extension Workspace {
    /// The kinds an identifier scheme applies to: elements, org units, combos, data sets, and ADX's categories and
    /// options.
    static let schemeKinds: [IdentifierMapping.Kind] = [
        .element, .orgUnit, .combo, .attributeCombo, .dataSet, .category, .option,
    ]

    /// The mapping that reads and writes identifiers in `schemes` (DHIS2's `idScheme`, `dataElementIdScheme`, …):
    /// `mapping` itself for kinds read as codes; for `name`, the canonical names (trimmed, NFC) of the metadata's
    /// elements, org units, combos (their options' names joined by `, `, as DHIS2 names them) and data sets in every
    /// language — written in `language` —, a name several share naming none; for `uid`, the rows of `mapping` whose
    /// DHIS2 identifier is a UID, with DHIS2's default combo `HllvX50cXC0`. In a kind so read nothing passes through.
    ///
    /// - Throws: ``IdentifierSchemeError`` (`idScheme.notHeld`) for `attribute:ID`, whose values Tally's metadata does
    ///   not hold, and for `uid` without a mapping file, naming the option; never a guess.
    public func identifierMapping(
        schemes: IdentifierSchemes, mapping: IdentifierMapping?, language: Language = .en
    ) throws(IdentifierSchemeError) -> IdentifierMapping? {
        if schemes.isCodes { return mapping }
        var result = mapping ?? IdentifierMapping.schemesOnly()
        for kind in Self.schemeKinds {
            let choice = schemes.choice(kind)
            let label = Localized(verbatim: "\(choice.option) \(choice.scheme)")
            switch choice.scheme {
            case .code:
                continue
            case .attribute:
                throw IdentifierSchemeError(.notHeld(choice.scheme, choice.option))
            case .uid:
                guard let mapping else { throw IdentifierSchemeError(.notHeld(.uid, choice.option)) }
                var rows = mapping.rows(kind).filter { Self.isUID($0.dhis2) }.map { ($0.dhis2, $0.tally) }
                // The conversion takes an object's UID as its code when it has no DHIS2 code, and writes no row then.
                let mapped = Set(rows.map(\.1))
                for object in schemeObjects(kind, language)
                where Self.isUID(object.code) && !mapped.contains(object.code) {
                    rows.append((object.code, object.code))
                }
                if kind == .combo || kind == .attributeCombo,
                    !rows.contains(where: { $0.0 == IdentifierMapping.defaultComboUID })
                {
                    rows.append((IdentifierMapping.defaultComboUID, "default"))
                }
                result = result.restricting(kind, to: rows, shared: [:], scheme: label)
            case .name:
                var named = schemeNames(kind, language)
                if kind == .combo || kind == .attributeCombo { named.rows.append(("default", "default")) }
                result = result.restricting(kind, to: named.rows, shared: named.shared, scheme: label)
            }
        }
        return result
    }

    /// `schemes` with those a data value set names for itself (DHIS2's `idScheme`, `dataElementIdScheme`, … keys
    /// of a JSON or DXF2 XML file: ``identifierSchemeKeys(path:format:encoding:limits:)``) for the kinds no option
    /// chose (``IdentifierSchemes/merging(fileKeys:file:)``); messages name the file as `name`.
    ///
    /// - Throws: ``IdentifierSchemeError`` (`idScheme.unknown`) for a key whose text is no scheme.
    func schemes(
        _ schemes: IdentifierSchemes, ofFile path: String, named name: String, format: InterchangeFormat?,
        encoding: TextEncoding
    ) throws(IdentifierSchemeError) -> IdentifierSchemes {
        let keys = identifierSchemeKeys(path: path, format: format, encoding: encoding)
        return keys.isEmpty ? schemes : try schemes.merging(fileKeys: keys, file: name)
    }

    /// Whether `text` has the form of a DHIS2 UID: 11 letters and digits, the first a letter.
    static func isUID(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard scalars.count == 11, let first = scalars.first, first.isASCII, first.properties.isAlphabetic else {
            return false
        }
        return scalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
    }

    /// The canonical names of the objects of a kind paired with their codes — each object's name in `language`
    /// first — and the names several objects share, with their codes.
    func schemeNames(
        _ kind: IdentifierMapping.Kind, _ language: Language
    ) -> (rows: [(String, String)], shared: [String: [String]]) {
        var codes: [String: [String]] = [:]
        var order: [(String, String)] = []
        for (code, names) in schemeObjects(kind, language) {
            for name in names {
                guard let key = Canonical.canonicalOrNil(name, as: .name), !key.isEmpty else { continue }
                guard codes[key]?.contains(code) != true else { continue }
                codes[key, default: []].append(code)
                order.append((key, code))
            }
        }
        return (order.filter { codes[$0.0]?.count == 1 }, codes.filter { $0.value.count > 1 })
    }

    /// The objects of a kind — elements, org units, combos (other than the default), data sets, categories or
    /// category options (one per code, with the names of every category's option of that code) — with their names,
    /// the one in `language` first.
    func schemeObjects(_ kind: IdentifierMapping.Kind, _ language: Language) -> [(code: String, names: [String])] {
        var objects: [(code: String, names: [String])] = []
        func texts(_ text: LocalizedText) -> [String] {
            [text.text(language)] + text.translations.sorted { $0.key < $1.key }.map(\.value)
        }
        switch kind {
        case .element:
            objects = metadata.elements.map { ($0.code, texts($0.name)) }
        case .orgUnit:
            objects = tree.units.map { unit in
                (
                    unit.code,
                    [unit.name(language), unit.name] + unit.translations.sorted { $0.key < $1.key }.map(\.value)
                )
            }
        case .dataSet:
            objects = metadata.datasets.map { ($0.code, texts($0.name)) }
        case .combo, .attributeCombo:
            var options: [String: LocalizedText] = [:]
            for category in metadata.categories {
                for option in category.options where options[option.code] == nil { options[option.code] = option.name }
            }
            var seen: Set<String> = []
            let languages = [language] + Language.allCases.filter { $0 != language }
            // DHIS2's two kinds of combo, each by its own identifier in its own scheme: an element's category option
            // combos and its data set's attribute option combos (a stored combo of both is written as the two).
            for element in metadata.elements {
                let combos =
                    kind == .combo ? metadata.disaggregationCombos(of: element) : metadata.attributeCombos(of: element)
                for combo in combos where !combo.code.isEmpty && seen.insert(combo.code).inserted {
                    let names = languages.map { lang in
                        combo.options.map { options[$0]?.text(lang) ?? $0 }.joined(separator: ", ")
                    }
                    objects.append((combo.code, names))
                }
            }
        case .category:
            objects = metadata.categories.map { ($0.code, texts($0.name)) }
        case .option:
            var seen: [String: Int] = [:]
            for category in metadata.categories {
                for option in category.options {
                    if let i = seen[option.code] {
                        objects[i].names += texts(option.name)
                    } else {
                        seen[option.code] = objects.count
                        objects.append((option.code, texts(option.name)))
                    }
                }
            }
        }
        return objects
    }

    /// Checks that every element, org unit and combo of `values` — and for formats that name them, the data sets
    /// of their elements, and for ADX (`categories`) the categories and options of their combos — has an identifier
    /// in the schemes of `mapping`, before anything is written.
    ///
    /// - Throws: ``IdentifierSchemeError`` listing (up to 20) those without one (`idScheme.missing`), or those
    ///   whose identifier others share (`idScheme.shared`), so that a file is never written with blanks; for ADX a
    ///   category whose identifier is no XML attribute name (`idScheme.notXMLName`).
    func checkIdentifiers(
        _ values: [ExportedValue], mapping: IdentifierMapping?, dataSets: Bool, categories: Bool = false
    ) throws(IdentifierSchemeError) {
        guard let mapping else { return }
        var needed: [IdentifierMapping.Kind: Set<String>] = [:]
        var combos: [String: Set<String>] = [:]
        for value in values {
            needed[.element, default: []].insert(value.element)
            needed[.orgUnit, default: []].insert(value.orgUnit)
            guard !value.combo.isEmpty else { continue }
            if categories { combos[value.element, default: []].insert(value.combo) }
            if let element = metadata.element(value.element), !element.attributeCategories.isEmpty {
                let (category, attribute) = metadata.split(combo: value.combo, of: element)
                if !category.isEmpty { needed[.combo, default: []].insert(category) }
                if !attribute.isEmpty { needed[.attributeCombo, default: []].insert(attribute) }
            } else {
                needed[.combo, default: []].insert(value.combo)
            }
        }
        if dataSets, let elements = needed[.element] {
            needed[.dataSet] = Set(metadata.datasets.filter { !elements.isDisjoint(with: $0.elements) }.map(\.code))
        }
        // ADX names each option by its category as an attribute (the stored combo's options in the element's order).
        for (code, elementCombos) in combos {
            guard let element = metadata.element(code) else { continue }
            for combo in elementCombos {
                for (category, option) in zip(element.categories, combo.split(separator: "_").map(String.init)) {
                    needed[.category, default: []].insert(category)
                    needed[.option, default: []].insert(option)
                }
            }
        }
        try checkIdentifiers(needed, mapping: mapping)
        if mapping.scheme(.category) != nil {
            let names = (needed[.category] ?? []).sorted().compactMap { code -> String? in
                guard let name = mapping.dhis2(.category, code), !Self.isXMLName(name) else { return nil }
                return "category \(code): \(name)"
            }
            if !names.isEmpty { throw IdentifierSchemeError(.notXMLName(names)) }
        }
    }

    /// Whether `text` can be an XML attribute name (a letter, `_` or a scalar beyond ASCII first; then also digits,
    /// `-` and `.`; no `:`, space or other ASCII sign), so that an ADX category named by it reads back.
    static func isXMLName(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first else { return false }
        func allowed(_ s: Unicode.Scalar, first: Bool) -> Bool {
            if !s.isASCII { return s.properties.isAlphabetic || s.properties.numericType != nil && !first }
            if s.properties.isAlphabetic || s == "_" { return true }
            return !first && (("0"..."9").contains(s) || s == "-" || s == ".")
        }
        return allowed(first, first: true) && text.unicodeScalars.dropFirst().allSatisfy { allowed($0, first: false) }
    }

    /// Checks that the codes of each kind have an identifier in the schemes of `mapping`.
    ///
    /// - Throws: ``IdentifierSchemeError`` as ``checkIdentifiers(_:mapping:dataSets:)``.
    func checkIdentifiers(
        _ needed: [IdentifierMapping.Kind: Set<String>], mapping: IdentifierMapping
    ) throws(IdentifierSchemeError) {
        var missing: [String] = []
        var shared: [String] = []
        for kind in Self.schemeKinds {
            guard let scheme = mapping.scheme(kind), let codes = needed[kind] else { continue }
            var sharing: [String: String] = [:]
            if codes.contains(where: { mapping.dhis2(kind, $0) == nil }) {
                for (name, owners) in (schemeNames(kind, .en).shared) {
                    for owner in owners { sharing[owner] = name }
                }
            }
            for code in codes.sorted() where mapping.dhis2(kind, code) == nil {
                if let name = sharing[code] {
                    shared.append("\(kind.rawValue) \(code): \(name)")
                } else {
                    missing.append("\(kind.rawValue) \(code) (\(scheme.en))")
                }
            }
        }
        let limit = 20
        if !shared.isEmpty {
            throw IdentifierSchemeError(.shared(Array(shared.prefix(limit)), max(0, shared.count - limit)))
        }
        if !missing.isEmpty {
            throw IdentifierSchemeError(.missing(Array(missing.prefix(limit)), max(0, missing.count - limit)))
        }
    }
}
