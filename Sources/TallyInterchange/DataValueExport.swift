public import TallyCore
public import TallyIO
public import TallyText

/// What an exported value holds: a number, or the text of a `text` or `long_text` element.
public enum ExportedDatum: Sendable, Equatable {
    /// A number (every numeric type; a boolean as 1 or 0).
    case number(Double)
    /// A text value, in its canonical form.
    case text(String)
}

/// One stored value as it is exported: codes, not store ids.
public struct ExportedValue: Sendable, Equatable {
    /// The element code.
    public var element: String
    /// The period.
    public var period: Period
    /// The org-unit code.
    public var orgUnit: String
    /// The category option combo code (empty: no disaggregation).
    public var combo: String
    /// The value: a number or a text.
    public var datum: ExportedDatum
    /// Who stored it.
    public var storedBy: String?
    /// When it last changed, seconds since 1970 (UTC).
    public var lastUpdated: Int64
    /// Its comment.
    public var comment: String?
    /// Whether it is marked for follow-up.
    public var followUp: Bool

    /// A value.
    public init(
        element: String, period: Period, orgUnit: String, combo: String, datum: ExportedDatum, storedBy: String?,
        lastUpdated: Int64, comment: String?, followUp: Bool
    ) {
        self.element = element
        self.period = period
        self.orgUnit = orgUnit
        self.combo = combo
        self.datum = datum
        self.storedBy = storedBy
        self.lastUpdated = lastUpdated
        self.comment = comment
        self.followUp = followUp
    }

    /// A numeric value.
    public init(
        element: String, period: Period, orgUnit: String, combo: String, value: Double, storedBy: String?,
        lastUpdated: Int64, comment: String?, followUp: Bool
    ) {
        self.init(
            element: element, period: period, orgUnit: orgUnit, combo: combo, datum: .number(value),
            storedBy: storedBy, lastUpdated: lastUpdated, comment: comment, followUp: followUp)
    }

    /// The number, or NaN for a text value (whose text is in ``datum``).
    public var value: Double {
        if case .number(let v) = datum { return v }
        return .nan
    }

    /// The value as every format writes it: a number in its exact shortest form, a text as it is.
    public var written: String {
        switch datum {
        case .number(let v): NumberText.exact(v)
        case .text(let text): text
        }
    }
}

/// Export of stored raw values in CSV, DHIS2 dataValueSets JSON or ADX — what the importer reads back. The values
/// are read from a store by `DataValueExport.values(store:…)` in TallyTransfer.
public enum DataValueExport {
    /// Writes `values` in `format`, calling `write` with pieces of the text (UTF-8).
    ///
    /// - Parameters:
    ///   - mapping: Tally codes are written as their DHIS2 identifiers where the mapping has them.
    ///   - exported: the time written into an ADX file's `exported` attribute, seconds since 1970.
    ///   - registrations: the reports that stand completed (submitted), whose dates are written as `completeDate`
    ///     where DHIS2 writes it: on each ADX group of such a report (a group of one partner, a data set's attribute
    ///     option combo, carries that partner's registration); in `dhis2-json` and `dxf2-xml` on the data
    ///     value set, with its `dataSet`, `period` and `orgUnit`, when the values are those of one report (DHIS2
    ///     writes them only for a single data value set: one data set, period and org unit). CSV has no place for
    ///     it.
    ///
    /// - Throws: ``ExportError`` with code `noDataSet` for ADX when an element is in no data set: ADX names the data
    ///   set of every group. Nothing is written then.
    public static func write(
        _ values: [ExportedValue], format: InterchangeFormat, metadata: Metadata, mapping: IdentifierMapping? = nil,
        exported: Int64 = 0, registrations: [CompleteRegistration] = [], to write: (String) -> Void
    ) throws(ExportError) {
        let mapping = mapping ?? IdentifierMapping()
        let combos = ComboSplitter(metadata: metadata, mapping: mapping)
        switch format {
        case .csv: writeCSV(values, mapping, combos, write)
        case .dhis2JSON: writeJSON(values, mapping, combos, single(values, metadata, registrations), write)
        case .dxf2XML: writeXML(values, mapping, combos, single(values, metadata, registrations), write)
        case .adx:
            var seen: Set<String> = []
            let orphans = values.map(\.element).filter { element in
                seen.insert(element).inserted && !metadata.datasets.contains { $0.elements.contains(element) }
            }
            guard orphans.isEmpty else {
                throw ExportError(
                    .noDataSet,
                    Localized(
                        zh:
                            "ADX 要写明每个组的报表，而 \(orphans.joined(separator: "、")) 不在元数据的任何报表中；请把它们加入某个报表，或导出为 csv、dhis2-json 或 dxf2-xml",
                        en:
                            "ADX names the data set of every group, and \(orphans.joined(separator: ", ")) \(orphans.count == 1 ? "is" : "are") in no data set of the metadata; add \(orphans.count == 1 ? "it" : "them") to a data set, or export as csv, dhis2-json or dxf2-xml"
                    ))
            }
            let dates = Dictionary(
                registrations.map { ("\($0.dataSet)\t\($0.orgUnit)\t\($0.period)\t\($0.attributeCombo)", $0.date) },
                uniquingKeysWith: { a, _ in a })
            writeADX(values, metadata, mapping, exported, dates, write)
        }
    }

    /// The registration of the one report `values` belong to — one org unit, one period, every element in the
    /// registration's data set — or nil when they are not one completed report's. Only the report as a whole: a
    /// partner's registration is written on its ADX group and in `completeDataSetRegistrations`.
    static func single(
        _ values: [ExportedValue], _ metadata: Metadata, _ registrations: [CompleteRegistration]
    ) -> CompleteRegistration? {
        guard let first = values.first,
            values.allSatisfy({ $0.orgUnit == first.orgUnit && $0.period == first.period })
        else { return nil }
        let elements = Set(values.map(\.element))
        let matching = registrations.filter { r in
            r.attributeCombo.isEmpty && r.orgUnit == first.orgUnit && r.period == first.period.identifier
                && metadata.datasets.contains { $0.code == r.dataSet && elements.isSubset(of: $0.elements) }
        }
        return matching.count == 1 ? matching[0] : nil
    }

    /// ADX attributes naming the options of `combo` (options joined by `_`) in `categories`, one per category.
    static func categoryAttributes<C: Collection<String>>(
        _ categories: C, _ combo: String, _ mapping: IdentifierMapping, _ attr: (String, String) -> String
    ) -> String {
        let options = combo.split(separator: "_").map(String.init)
        return zip(categories, options).map { category, option in
            attr(mapping.dhis2(.category, category) ?? category, mapping.toDHIS2(.option, option))
        }.joined()
    }

    /// A stored combo written as DHIS2's two identifiers: the category option combo, and the attribute option combo
    /// for an element whose data set has attribute categories (`nil` otherwise, so that files without them keep
    /// their form).
    struct ComboSplitter {
        let metadata: Metadata
        let mapping: IdentifierMapping

        func identifiers(_ v: ExportedValue) -> (category: String?, attribute: String?) {
            guard let element = metadata.element(v.element), !element.attributeCategories.isEmpty else {
                return (comboID(v.combo, mapping), nil)
            }
            let (category, attribute) = metadata.split(combo: v.combo, of: element)
            return (comboID(category, mapping), comboID(attribute, mapping, .attributeCombo))
        }
    }

    /// A combo's DHIS2 identifier (`kind`: category option combos, or attribute option combos in their own scheme).
    static func comboID(
        _ combo: String, _ mapping: IdentifierMapping, _ kind: IdentifierMapping.Kind = .combo
    ) -> String? {
        if combo.isEmpty { return mapping.dhis2(kind, "default") ?? mapping.dhis2(kind, "") }
        return mapping.toDHIS2(kind, combo)
    }

    // MARK: CSV

    private static func writeCSV(
        _ values: [ExportedValue], _ mapping: IdentifierMapping, _ combos: ComboSplitter, _ write: (String) -> Void
    ) {
        write(
            "dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup\n"
        )
        var chunk = ""
        for v in values {
            let (category, attribute) = combos.identifiers(v)
            let fields = [
                mapping.toDHIS2(.element, v.element), v.period.identifier, mapping.toDHIS2(.orgUnit, v.orgUnit),
                category ?? "", attribute ?? "", v.written, v.storedBy ?? "",
                Timestamp.format(v.lastUpdated), v.comment ?? "", v.followUp ? "true" : "false",
            ]
            chunk += fields.map { Escape.csvField($0, quotingSurroundingSpaces: true) }.joined(separator: ",") + "\n"
            if chunk.utf8.count > 1 << 16 {
                write(chunk)
                chunk = ""
            }
        }
        write(chunk)
    }

    // MARK: JSON

    private static func writeJSON(
        _ values: [ExportedValue], _ mapping: IdentifierMapping, _ combos: ComboSplitter,
        _ report: CompleteRegistration?,
        _ write: (String) -> Void
    ) {
        if let report {
            let pairs = [
                ("dataSet", mapping.toDHIS2(.dataSet, report.dataSet)), ("completeDate", report.date),
                ("period", report.period), ("orgUnit", mapping.toDHIS2(.orgUnit, report.orgUnit)),
            ]
            write("{" + pairs.map { "\"\($0.0)\": \(Escape.json($0.1)), " }.joined() + "\"dataValues\": [")
        } else {
            write("{\"dataValues\": [")
        }
        var chunk = ""
        for (i, v) in values.enumerated() {
            var pairs = [
                ("dataElement", Escape.json(mapping.toDHIS2(.element, v.element))),
                ("period", Escape.json(v.period.identifier)),
                ("orgUnit", Escape.json(mapping.toDHIS2(.orgUnit, v.orgUnit))),
            ]
            let (category, attribute) = combos.identifiers(v)
            if let category { pairs.append(("categoryOptionCombo", Escape.json(category))) }
            if let attribute { pairs.append(("attributeOptionCombo", Escape.json(attribute))) }
            pairs.append(("value", Escape.json(v.written)))
            if let by = v.storedBy { pairs.append(("storedBy", Escape.json(by))) }
            pairs.append(("lastUpdated", Escape.json(Timestamp.format(v.lastUpdated))))
            if let comment = v.comment { pairs.append(("comment", Escape.json(comment))) }
            pairs.append(("followup", v.followUp ? "true" : "false"))
            chunk += (i == 0 ? "\n  {" : ",\n  {") + pairs.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}"
            if chunk.utf8.count > 1 << 16 {
                write(chunk)
                chunk = ""
            }
        }
        write(chunk + "\n]}\n")
    }

    // MARK: DXF2 XML

    private static func writeXML(
        _ values: [ExportedValue], _ mapping: IdentifierMapping, _ combos: ComboSplitter,
        _ report: CompleteRegistration?,
        _ write: (String) -> Void
    ) {
        func attr(_ name: String, _ value: String) -> String { " \(name)=\"\(Escape.xmlAttribute(value))\"" }
        var set = ""
        if let report {
            set += attr("dataSet", mapping.toDHIS2(.dataSet, report.dataSet)) + attr("completeDate", report.date)
            set += attr("period", report.period) + attr("orgUnit", mapping.toDHIS2(.orgUnit, report.orgUnit))
        }
        write(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<dataValueSet xmlns=\"http://dhis2.org/schema/dxf/2.0\"\(set)>\n"
        )
        var chunk = ""
        for v in values {
            chunk += "  <dataValue" + attr("dataElement", mapping.toDHIS2(.element, v.element))
            chunk += attr("period", v.period.identifier) + attr("orgUnit", mapping.toDHIS2(.orgUnit, v.orgUnit))
            let (category, attribute) = combos.identifiers(v)
            if let category { chunk += attr("categoryOptionCombo", category) }
            if let attribute { chunk += attr("attributeOptionCombo", attribute) }
            chunk += attr("value", v.written)
            if let by = v.storedBy { chunk += attr("storedBy", by) }
            chunk += attr("lastUpdated", Timestamp.format(v.lastUpdated))
            if let comment = v.comment { chunk += attr("comment", comment) }
            chunk += attr("followup", v.followUp ? "true" : "false") + "/>\n"
            if chunk.utf8.count > 1 << 16 {
                write(chunk)
                chunk = ""
            }
        }
        write(chunk + "</dataValueSet>\n")
    }

    // MARK: ADX

    private static func writeADX(
        _ values: [ExportedValue], _ metadata: Metadata, _ mapping: IdentifierMapping, _ exported: Int64,
        _ completeDates: [String: String], _ write: (String) -> Void
    ) {
        func attr(_ name: String, _ value: String) -> String { " \(name)=\"\(Escape.xmlAttribute(value))\"" }
        write(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<adx xmlns=\"urn:ihe:qrph:adx:2015\"\(attr("exported", Timestamp.format(exported)))>\n"
        )
        func dataSet(_ element: String, _ type: PeriodType) -> String? {
            let sets = metadata.datasets.filter { $0.elements.contains(element) }
            return (sets.first { $0.periodType == type } ?? sets.first)?.code
        }
        var groupKey: (String, Period, String?, String)?
        var chunk = ""
        for v in values {
            let set = dataSet(v.element, v.period.type)
            let element = metadata.element(v.element)
            let (combo, attribute) = element.map { metadata.split(combo: v.combo, of: $0) } ?? (v.combo, "")
            if groupKey == nil || groupKey!.0 != v.orgUnit || groupKey!.1 != v.period || groupKey!.2 != set
                || groupKey!.3 != attribute
            {
                if groupKey != nil { chunk += "  </group>\n" }
                groupKey = (v.orgUnit, v.period, set, attribute)
                chunk += "  <group" + attr("orgUnit", mapping.toDHIS2(.orgUnit, v.orgUnit))
                chunk += attr("period", v.period.isoInterval)
                // Every element is in a data set: write(…) checked it.
                chunk += attr("dataSet", mapping.toDHIS2(.dataSet, set ?? ""))
                // The attribute categories are the group's (DHIS2 writes them so), one option each.
                if let element, !attribute.isEmpty {
                    chunk += categoryAttributes(element.attributeCategories, attribute, mapping, attr)
                }
                // A group of one partner carries that partner's registration, as DHIS2 reads it back.
                if let date = completeDates["\(set ?? "")\t\(v.orgUnit)\t\(v.period.identifier)\t\(attribute)"] {
                    chunk += attr("completeDate", date)
                }
                chunk += ">\n"
            }
            chunk += "    <dataValue" + attr("dataElement", mapping.toDHIS2(.element, v.element))
            if let element, !element.disaggregationCategories.isEmpty, !combo.isEmpty {
                chunk += categoryAttributes(element.disaggregationCategories, combo, mapping, attr)
            } else if !combo.isEmpty {
                chunk += attr("categoryOptionCombo", mapping.toDHIS2(.combo, combo))
            }
            // A text value is its annotation, as DHIS2 reads and writes ADX (the value attribute is for numbers); its
            // comment has no place then.
            let annotation: String?
            switch v.datum {
            case .number(let number):
                chunk += attr("value", NumberText.exact(number))
                annotation = v.comment
            case .text(let text):
                annotation = text
            }
            if let by = v.storedBy { chunk += attr("storedBy", by) }
            chunk += attr("lastUpdated", Timestamp.format(v.lastUpdated))
            if v.followUp { chunk += attr("followup", "true") }
            if let annotation {
                chunk += "><annotation>\(Escape.xmlText(annotation))</annotation></dataValue>\n"
            } else {
                chunk += "/>\n"
            }
            if chunk.utf8.count > 1 << 16 {
                write(chunk)
                chunk = ""
            }
        }
        if groupKey != nil { chunk += "  </group>\n" }
        write(chunk + "</adx>\n")
    }
}

/// An export that cannot be made.
public struct ExportError: SentencedError, Equatable {
    /// What is wrong.
    public enum Code: String, Sendable {
        case unknownElement, unknownOrgUnit, badPeriod
        /// An element in no data set, exported as ADX, which names the data set of every group.
        case noDataSet
    }
    /// What is wrong.
    public let code: Code
    /// The sentence in every language.
    public let sentence: Localized<String>

    /// An error.
    public init(_ code: Code, _ sentence: Localized<String>) {
        self.code = code
        self.sentence = sentence
    }

    public var errorCode: String { "export.\(code.rawValue)" }

}
