internal import TallyCore
public import TallyIO
internal import TallyText

/// Rows from an ADX file (`urn:ihe:qrph:adx:2015`), read as a stream.
///
/// ```xml
/// <adx xmlns="urn:ihe:qrph:adx:2015">
///   <group orgUnit="360121100201" period="2025-10-01/P1M" dataSet="monthly">
///     <dataValue dataElement="births" sex="male" value="12"><annotation>checked</annotation></dataValue>
///   </group>
/// </adx>
/// ```
///
/// Periods are ISO intervals (``Period/init(isoInterval:)``); a DHIS2 identifier such as `202510` is accepted
/// too. The other attributes of a `dataValue` are its categories: the attribute names are category codes
/// (or their DHIS2 codes in the mapping, kind `category`) and the values option codes (kind `option`), or UIDs or
/// names in the categories' and options' own identifier schemes (``InterchangeContext/code(_:_:at:_:)``); they
/// make the category option combo in the order of the element's categories. A `categoryOptionCombo`
/// attribute is used instead when present. `lastUpdated`, `storedBy`, `followup` and `deleted` attributes
/// and an `annotation` child (the comment) are read; `created` is ignored. The annotation of a `text` or
/// `long_text` element is its value when it has one, as DHIS2 writes and reads it. Group attributes other than
/// `orgUnit`, `period`, `dataSet`, `completeDate`, `dataSetComplete`, `comment` and `exported` are attribute
/// categories (`mechanism="PEPFAR"`), which must be those of the element's data set (`attributes:`); a group's
/// `attributeOptionCombo` names its attribute option combo instead.
public final class ADXReader: DataValueRowSource {
    public var name: String { input.name }
    public let fieldNames = DataValueSetReader.dhis2FieldNames(comment: "annotation")
    public var fieldKind: ImportIssue.FieldKind { .attribute }
    public var bytesRead: Int { input.bytesRead }
    public var fileSize: Int? { input.fileSize }

    /// Group attributes that are not categories: `dataSetComplete` is the completion mark of DHIS2's ADX samples.
    static let groupAttributes: Set<String> = [
        "orgUnit", "period", "dataSet", "completeDate", "comment", "exported", "dataSetComplete",
    ]
    static let valueAttributes: Set<String> = [
        "dataElement", "value", "categoryOptionCombo", "lastUpdated", "created", "storedBy", "followup", "followUp",
        "deleted",
    ]

    private let input: TextInput
    private let context: InterchangeContext
    private let xml: XMLTokenizer
    private var group: Group?
    /// The value being read (its start tag read, not yet its end tag).
    private var value: Value?
    /// The child element of a value being read (`annotation`, `lastUpdated`, `created`).
    private var child: String?
    public private(set) var registrations: [CompleteRegistration] = []

    private struct Group {
        var orgUnit: String?
        var period: String?
        /// Its attribute categories and their options (a funding mechanism, a partner), as attributes.
        var categories: [(String, String)] = []
        /// Its `attributeOptionCombo`, the other way to name them.
        var attributeCombo: String?
        var line: Int
        var issue: ImportIssue?
        var reported = false
    }

    private struct Value {
        var fields: [String?]
        var line: Int
        var issue: ImportIssue?
    }

    /// A reader of `input`.
    public init(input: TextInput, context: InterchangeContext) {
        self.input = input
        self.context = context
        xml = XMLTokenizer(input: input)
    }

    public func next(into row: inout DataValueRow) throws(ImportIssue) -> Bool {
        while true {
            guard let e = try xml.next(reporting: name) else { return false }
            switch e {
            case .start(let qname, let attributes, let selfClosing):
                let element = XMLTokenizer.localName(qname)
                if try xml.isRoot(qname, expected: "adx", label: "<adx> (ADX)", other: "<dataValueSet> (DXF2)") {
                    if selfClosing { return false }
                    continue
                }
                if value != nil {
                    guard ["annotation", "lastUpdated", "created", "storedBy"].contains(element), !selfClosing else {
                        if selfClosing { continue }
                        throw xml.issue(
                            .unknownKey, nil,
                            Localized(
                                zh: "<dataValue> 中有 <\(qname)>；应为 <annotation>（备注）、<lastUpdated> 或 <created>",
                                en:
                                    "<\(qname)> inside <dataValue>; expected <annotation> (the comment), <lastUpdated> or <created>"
                            )
                        )
                    }
                    child = element
                    continue
                }
                switch element {
                case "group":
                    guard group == nil else {
                        throw xml.issue(
                            .syntax, nil, Localized(zh: "<group> 中又有 <group>", en: "<group> inside <group>"))
                    }
                    startGroup(attributes)
                    if selfClosing { group = nil }
                case "dataValue":
                    guard let g = group else {
                        throw xml.issue(
                            .unknownKey, nil,
                            Localized(
                                zh: "<dataValue> 不在 <group> 中；ADX 的数据值都属于某个组",
                                en: "<dataValue> outside a <group>; ADX values belong to a group"))
                    }
                    value = startValue(attributes, in: g)
                    if selfClosing {
                        if emit(into: &row) { return true }
                    }
                default:
                    throw xml.issue(
                        .unknownKey, nil,
                        Localized(
                            zh: "<\(qname)> 不是 ADX 元素；应为 <group> 和 <dataValue>（可含 <annotation>）",
                            en: "<\(qname)> is not an ADX element; expected <group> and <dataValue> (with <annotation>)"
                        ))
                }
            case .end(let qname):
                let element = XMLTokenizer.localName(qname)
                if child != nil {
                    child = nil
                    continue
                }
                switch element {
                case "dataValue":
                    if emit(into: &row) { return true }
                case "group":
                    group = nil
                default:
                    continue
                }
            case .text(let text):
                guard let c = child, value != nil else {
                    throw xml.issue(
                        .syntax, nil,
                        Localized(
                            zh: "意外的文字“\(text.prefix(40))”；ADX 的数值写在属性中",
                            en: "unexpected text '\(text.prefix(40))'; ADX keeps values in attributes"))
                }
                switch c {
                case "annotation": value!.fields[8] = (value!.fields[8] ?? "") + text
                case "lastUpdated": value!.fields[7] = text.trimmingSpaces
                case "storedBy": value!.fields[6] = text.trimmingSpaces
                default: break
                }
            }
        }
    }

    private func startGroup(_ attributes: [XMLAttribute]) {
        var g = Group(line: xml.line)
        var dataSet: String?
        var completeDate: String?
        for a in attributes where !XMLTokenizer.isNamespaceDeclaration(a.name) {
            switch a.name {
            case "orgUnit": g.orgUnit = a.value
            case "completeDate": completeDate = a.value
            case "period":
                do {
                    g.period = try Period(isoInterval: a.value).identifier
                } catch let isoError {
                    if let p = try? Period(a.value), p.count == 1 {
                        g.period = p.identifier
                    } else {
                        g.issue = xml.issue(.malformedPeriod, "period", isoError.messages)
                    }
                }
            case "dataSet":
                if let problem = context.dataSetProblem(
                    a.value, file: name, line: xml.line, name: "dataSet", kind: .attribute)
                {
                    g.issue = g.issue ?? problem
                }
                dataSet = a.value
            case "attributeOptionCombo":
                g.attributeCombo = a.value
            default:
                if !Self.groupAttributes.contains(a.name) { g.categories.append((a.name, a.value)) }
            }
        }
        if let first = g.categories.first, g.attributeCombo != nil, g.issue == nil {
            g.issue = xml.issue(
                .attributeCombo, first.0,
                Localized(
                    zh: "该组既有 attributeOptionCombo 又有属性分类 \(first.0)；只能给其中一个",
                    en:
                        "the group has both an attributeOptionCombo and the attribute category \(first.0); give one or the other"
                ))
        }
        if g.orgUnit == nil, g.issue == nil {
            g.issue = xml.issue(
                .missingField, "orgUnit",
                Localized(
                    zh: "该组没有 orgUnit；ADX 的组要写明单位", en: "the group has no orgUnit; ADX groups name their org unit"))
        }
        if g.period == nil, g.issue == nil {
            g.issue = xml.issue(
                .missingField, "period",
                Localized(
                    zh: "该组没有 period；应为如 period=\"2025-10-01/P1M\"",
                    en: "the group has no period; expected e.g. period=\"2025-10-01/P1M\""))
        }
        if g.issue == nil, let dataSet, let completeDate {
            do {
                let attribute =
                    try context.attributeCombo(
                        dataSet: dataSet, attributes: g.categories, file: name, line: g.line, kind: .attribute)
                    ?? g.attributeCombo
                registrations.append(
                    context.registration(
                        dataSet: dataSet, orgUnit: g.orgUnit, period: g.period, date: completeDate,
                        attributeCombo: attribute, line: g.line, field: "completeDate"))
            } catch {
                g.issue = error
            }
        }
        group = g
    }

    private func startValue(_ attributes: [XMLAttribute], in g: Group) -> Value {
        var v = Value(fields: [String?](repeating: nil, count: fieldNames.count), line: xml.line)
        v.fields[1] = g.period
        v.fields[2] = g.orgUnit
        v.fields[4] = g.attributeCombo
        var categories: [(String, String)] = []
        for a in attributes where !XMLTokenizer.isNamespaceDeclaration(a.name) {
            switch a.name {
            case "dataElement": v.fields[0] = a.value
            case "value": v.fields[5] = a.value
            case "categoryOptionCombo": v.fields[3] = a.value
            case "lastUpdated": v.fields[7] = a.value
            case "storedBy": v.fields[6] = a.value
            case "followup", "followUp": v.fields[9] = a.value
            case "deleted": v.fields[10] = a.value
            case "created": break
            default: categories.append((a.name, a.value))
            }
        }
        let given = v.fields[3] != nil
        if !given || !g.categories.isEmpty {
            do {
                let (category, attribute) = try context.combo(
                    element: v.fields[0], categories: categories, attributes: g.categories,
                    onlyAttributes: given, file: name, line: xml.line, kind: .attribute)
                if !given { v.fields[3] = category }
                if let attribute { v.fields[4] = attribute }
            } catch {
                v.issue = error
            }
        }
        if given, let extra = categories.first {
            v.issue = xml.issue(
                .unknownKey, extra.0,
                Localized(
                    zh: "该数据值既有 categoryOptionCombo 又有分类属性 \(extra.0)；只能给其中一个",
                    en:
                        "the data value has both a categoryOptionCombo and the category attribute \(extra.0); give one or the other"
                )
            )
        }
        return v
    }

    /// Hands the finished value to `row`; false when it is skipped (the rest of a refused group).
    private func emit(into row: inout DataValueRow) -> Bool {
        guard var v = value else { return false }
        value = nil
        // A text element's value is its annotation (DHIS2's rule: the value attribute holds numbers).
        if let id = v.fields[0], let annotation = v.fields[8],
            context.metadata.element(context.mapping.toTally(.element, id))?.valueType.isText == true
        {
            v.fields[5] = annotation
            v.fields[8] = nil
        }
        if let issue = group?.issue {
            if group!.reported { return false }
            group!.reported = true
            row.set(v.fields, line: v.line, source: name)
            row.issue = issue
            return true
        }
        row.set(v.fields, line: v.line, source: name)
        row.issue = v.issue
        return true
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
