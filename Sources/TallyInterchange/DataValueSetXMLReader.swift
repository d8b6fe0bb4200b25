internal import TallyCore
public import TallyIO
internal import TallyText

/// Rows from a DHIS2 data value set in XML (DXF2, `http://dhis2.org/schema/dxf/2.0`), read as a stream.
///
/// ```xml
/// <dataValueSet xmlns="http://dhis2.org/schema/dxf/2.0" dataSet="pBOMPrpg1QX" period="201401"
///               orgUnit="DiszpKrYNg8" completeDate="2014-02-03">
///   <dataValue dataElement="f7n9E0hX8qk" categoryOptionCombo="bRowv6yZOF2" value="12" storedBy="admin"
///              lastUpdated="2014-02-03T10:00:00" comment="" followup="false"/>
/// </dataValueSet>
/// ```
///
/// The same fields as the JSON form (``DataValueSetReader``), as attributes: `period`, `orgUnit` and
/// `attributeOptionCombo` of the set are the defaults of its values; `timestamp` is DHIS2's older name for
/// `lastUpdated`; a `comment` may also be a child element. Attributes and elements the format does not have are
/// refused, naming the ones it has.
public final class DataValueSetXMLReader: DataValueRowSource {
    public var name: String { input.name }
    public let fieldNames = DataValueSetReader.dhis2FieldNames(comment: "comment")
    public var fieldKind: ImportIssue.FieldKind { .attribute }
    public var bytesRead: Int { input.bytesRead }
    public var fileSize: Int? { input.fileSize }

    /// Attributes of the set accepted and not used by the reader (the identifier schemes among them are read before
    /// the import: ``identifierSchemeKeys(path:format:encoding:limits:)``).
    static let ignoredSetAttributes: Set<String> = DataValueSetReader.ignoredSetKeys.union(["exportDate"])
    /// Attributes of a value accepted and not used by Tally.
    static let ignoredValueAttributes: Set<String> = ["created"]

    private let input: TextInput
    private let context: InterchangeContext
    private let xml: XMLTokenizer
    /// The set's defaults for `period`, `orgUnit` and `attributeOptionCombo`, by column.
    private var defaults: [Int: String] = [:]
    /// The value being read, when it has child elements.
    private var open: (fields: [String?], line: Int, issue: ImportIssue?)?
    /// The child element of the open value (only `comment`).
    private var child: String?
    public private(set) var registrations: [CompleteRegistration] = []

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
                if try xml.isRoot(
                    qname, expected: "dataValueSet", label: "<dataValueSet> (DXF2)", other: "<adx> (ADX)")
                {
                    try readSet(attributes)
                    if selfClosing { return false }
                    continue
                }
                if open != nil {
                    guard element == "comment", child == nil, !selfClosing else {
                        if selfClosing && element == "comment" { continue }
                        throw xml.issue(
                            .unknownKey, nil,
                            Localized(
                                zh: "<dataValue> 中有 <\(qname)>；只能有 <comment>",
                                en: "<\(qname)> inside <dataValue>; expected only <comment>"))
                    }
                    child = element
                    continue
                }
                guard element == "dataValue" else {
                    throw xml.issue(
                        .unknownKey, nil,
                        Localized(
                            zh: "<\(qname)> 不是数据值集的元素；应为 <dataValue>",
                            en: "<\(qname)> is not an element of a data value set; expected <dataValue>"))
                }
                let value = readValue(attributes)
                if selfClosing {
                    emit(value, into: &row)
                    return true
                }
                open = value
            case .end(let qname):
                let element = XMLTokenizer.localName(qname)
                if child != nil {
                    child = nil
                    continue
                }
                if element == "dataValue", let value = open {
                    open = nil
                    emit(value, into: &row)
                    return true
                }
            case .text(let text):
                guard child == "comment", open != nil else {
                    throw xml.issue(
                        .syntax, nil,
                        Localized(
                            zh: "意外的文字“\(text.prefix(40))”；数据值集的数值写在属性中",
                            en: "unexpected text '\(text.prefix(40))'; a data value set keeps values in attributes"))
                }
                open!.fields[8] = (open!.fields[8] ?? "") + text
            }
        }
    }

    /// Reads the set's attributes: the defaults, the data set (checked), the ignored ones.
    private func readSet(_ attributes: [XMLAttribute]) throws(ImportIssue) {
        var dataSet: String?
        var completeDate: String?
        for a in attributes where !XMLTokenizer.isNamespaceDeclaration(a.name) {
            switch a.name {
            case "period", "orgUnit", "attributeOptionCombo":
                defaults[fieldNames.firstIndex(of: a.name)!] = a.value
            case "completeDate", "completedDate":
                completeDate = a.value
            case "dataSet":
                if let problem = context.dataSetProblem(
                    a.value, file: name, line: xml.line, name: a.name, kind: .attribute)
                {
                    throw problem
                }
                dataSet = a.value
            default:
                guard Self.ignoredSetAttributes.contains(a.name) else {
                    throw xml.issue(
                        .unknownKey, a.name,
                        Localized(
                            zh: "数据值集没有属性“\(a.name)”；应为：dataSet、period、orgUnit、attributeOptionCombo、completeDate",
                            en:
                                "a data value set has no attribute '\(a.name)'; expected: dataSet, period, orgUnit, attributeOptionCombo, completeDate"
                        )
                    )
                }
            }
        }
        if let dataSet, let completeDate {
            registrations.append(
                context.registration(
                    dataSet: dataSet, orgUnit: defaults[2], period: defaults[1], date: completeDate,
                    attributeCombo: defaults[4], line: xml.line, field: "completeDate"))
        }
    }

    /// The fields of one `<dataValue>`, with the set's defaults; an unknown attribute is the value's issue.
    private func readValue(_ attributes: [XMLAttribute]) -> (fields: [String?], line: Int, issue: ImportIssue?) {
        var fields = [String?](repeating: nil, count: fieldNames.count)
        var problem: ImportIssue?
        for a in attributes where !XMLTokenizer.isNamespaceDeclaration(a.name) {
            let column =
                fieldNames.firstIndex(of: a.name)
                ?? (a.name == "followUp" ? 9 : a.name == "timestamp" ? 7 : nil)
            guard let column else {
                if !Self.ignoredValueAttributes.contains(a.name), problem == nil {
                    problem = xml.issue(
                        .unknownKey, a.name,
                        Localized(
                            zh: "数据值没有属性“\(a.name)”；应为：\(fieldNames.joined(separator: "、"))",
                            en:
                                "a data value has no attribute '\(a.name)'; expected: \(fieldNames.joined(separator: ", "))"
                        ))
                }
                continue
            }
            fields[column] = a.value
        }
        for (column, value) in defaults where fields[column] == nil { fields[column] = value }
        return (fields, xml.line, problem)
    }

    private func emit(_ value: (fields: [String?], line: Int, issue: ImportIssue?), into row: inout DataValueRow) {
        row.set(value.fields, line: value.line, source: name)
        row.issue = value.issue
    }
}
