internal import TallyCore
public import TallyIO
internal import TallyText

/// DHIS2's complete registrations (`/api/completeDataSetRegistrations`) as a JSON file: no values, one
/// ``CompleteRegistration`` per entry, read as a stream.
///
/// ```json
/// {"completeDataSetRegistrations": [
///   {"dataSet": "monthly", "period": "202510", "organisationUnit": "A1", "attributeOptionCombo": "default",
///    "date": "2025-11-08", "storedBy": "li", "completed": true}]}
/// ```
///
/// `completed: false` takes a registration back. Keys the format does not have are refused, naming those it has.
/// An `attributeOptionCombo` other than the default registers one partner's report (a data set with attribute
/// categories); the workspace checks it is one of the data set's. At most ``maximumRegistrations`` entries.
public final class CompleteRegistrationsReader: DataValueRowSource {
    public var name: String { input.name }
    public let fieldNames = DataValueSetReader.dhis2FieldNames(comment: "comment")
    public var fieldKind: ImportIssue.FieldKind { .key }
    public var bytesRead: Int { input.bytesRead }
    public var fileSize: Int? { input.fileSize }
    public private(set) var registrations: [CompleteRegistration] = []

    /// The most entries a file may hold.
    public static let maximumRegistrations = 200_000
    /// The keys of an entry.
    static let keys = [
        "dataSet", "period", "organisationUnit", "attributeOptionCombo", "date", "storedBy", "completed",
    ]
    /// Keys of an entry accepted and not used.
    static let ignoredKeys: Set<String> = ["lastUpdated", "lastUpdatedBy", "created", "href", "completedBy"]

    private let input: TextInput
    private let context: InterchangeContext
    private let tokens: JSONTokenizer
    private var done = false

    /// A reader of `input`.
    public init(input: TextInput, context: InterchangeContext) {
        self.input = input
        self.context = context
        tokens = JSONTokenizer(input: input)
    }

    private func token() throws(ImportIssue) -> JSONToken {
        let t: JSONToken?
        do { t = try tokens.next() } catch { throw error.issue(file: name) }
        guard let t else { throw syntax(Localized(zh: "文件没有写完就结束了", en: "the file ends too early")) }
        return t
    }

    private func syntax(_ detail: Localized<String>) -> ImportIssue {
        ImportIssue(.syntax, file: name, line: tokens.line, column: nil, detail: detail, position: tokens.column)
    }

    private func issue(_ code: ImportIssue.Code, _ key: String, _ line: Int, _ detail: Localized<String>) -> ImportIssue
    {
        ImportIssue(code, file: name, line: line, column: key, detail: detail, fieldKind: .key)
    }

    /// Reads the whole file at the first call (it has no rows); every registration is then in ``registrations``.
    public func next(into row: inout DataValueRow) throws(ImportIssue) -> Bool {
        guard !done else { return false }
        done = true
        guard try token() == .beginObject else {
            throw syntax(
                Localized(
                    zh: "应为 JSON 对象 {\"completeDataSetRegistrations\": [ … ]}",
                    en: "expected a JSON object {\"completeDataSetRegistrations\": [ … ]}"))
        }
        var seen = false
        while true {
            let t = try token()
            if t == .endObject { break }
            guard case .key(let key) = t, key == "completeDataSetRegistrations", !seen else {
                throw syntax(
                    Localized(
                        zh: "应只有一个键 completeDataSetRegistrations", en: "expected one key, completeDataSetRegistrations")
                )
            }
            seen = true
            guard try token() == .beginArray else {
                throw issue(
                    .wrongType, key, tokens.line, Localized(zh: "应为上报登记的数组", en: "expected an array of registrations"))
            }
            while true {
                let entry = try token()
                if entry == .endArray { break }
                guard entry == .beginObject else {
                    throw issue(
                        .wrongType, key, tokens.line,
                        Localized(zh: "每个上报登记应为对象", en: "expected an object for each registration"))
                }
                guard registrations.count < Self.maximumRegistrations else {
                    throw issue(
                        .tooManyFields, key, tokens.line,
                        Localized(
                            zh: "一个文件最多 \(Self.maximumRegistrations) 个上报登记；请分成几个文件",
                            en: "a file holds at most \(Self.maximumRegistrations) registrations; split it"))
                }
                registrations.append(try readEntry())
            }
        }
        let extra: JSONToken?
        do { extra = try tokens.next() } catch { throw error.issue(file: name) }
        if let extra {
            throw syntax(
                Localized(zh: "结尾之后出现了\(extra.typeName.zh)", en: "unexpected \(extra.typeName.en) after the end"))
        }
        return false
    }

    /// One entry (its `{` read).
    private func readEntry() throws(ImportIssue) -> CompleteRegistration {
        let line = tokens.line
        var fields: [String: String] = [:]
        var completed = true
        while true {
            let t = try token()
            if t == .endObject { break }
            guard case .key(let key) = t else { throw syntax(Localized(zh: "应为键", en: "expected a key")) }
            let keyLine = tokens.line
            let value = try token()
            if Self.ignoredKeys.contains(key) {
                do { try tokens.skip(after: value) } catch { throw error.issue(file: name) }
                continue
            }
            guard Self.keys.contains(key) else {
                throw issue(
                    .unknownKey, key, keyLine,
                    Localized(
                        zh: "上报登记没有键“\(key)”；应为：\(Self.keys.joined(separator: "、"))",
                        en: "a registration has no key '\(key)'; expected: \(Self.keys.joined(separator: ", "))"))
            }
            switch (key, value) {
            case ("completed", .bool(let flag)): completed = flag
            case ("completed", _):
                throw issue(.wrongType, key, keyLine, Localized(zh: "应为 true 或 false", en: "expected true or false"))
            case (_, .string(let text)): fields[key] = text
            case (_, .null): break
            default:
                throw issue(.wrongType, key, keyLine, Localized(zh: "应为字符串", en: "expected a string"))
            }
        }
        guard let dataSet = fields["dataSet"] else {
            throw issue(
                .missingField, "dataSet", line, Localized(zh: "上报登记没有 dataSet", en: "the registration has no dataSet"))
        }
        if let problem = context.dataSetProblem(dataSet, file: name, line: line, name: "dataSet", kind: .key) {
            throw problem
        }
        return context.registration(
            dataSet: dataSet, orgUnit: fields["organisationUnit"], period: fields["period"], date: fields["date"] ?? "",
            storedBy: fields["storedBy"], attributeCombo: fields["attributeOptionCombo"], completed: completed,
            line: line, field: "dataSet")
    }
}

/// Whether a JSON data file is a `completeDataSetRegistrations` file: its first key says so.
func isRegistrationsFile(_ file: DataFile, encoding: TextEncoding) -> Bool {
    guard let input = try? file.input(encoding: encoding) else { return false }
    let tokens = JSONTokenizer(input: input, maxString: 1 << 16)
    guard (try? tokens.next()) == .beginObject else { return false }
    return (try? tokens.next()) == .key("completeDataSetRegistrations")
}

/// Writes complete registrations as DHIS2's `completeDataSetRegistrations` JSON, which
/// ``CompleteRegistrationsReader`` reads back.
public enum CompleteRegistrationsWriter {
    /// Writes `registrations`, their codes as the mapping's DHIS2 identifiers where it has them.
    public static func write(
        _ registrations: [CompleteRegistration], mapping: IdentifierMapping? = nil, to write: (String) -> Void
    ) {
        let mapping = mapping ?? IdentifierMapping()
        write("{\"completeDataSetRegistrations\": [")
        for (i, r) in registrations.enumerated() {
            var pairs = [
                ("dataSet", Escape.json(mapping.toDHIS2(.dataSet, r.dataSet))),
                ("period", Escape.json(r.period)),
                ("organisationUnit", Escape.json(mapping.toDHIS2(.orgUnit, r.orgUnit))),
                ("date", Escape.json(r.date)),
            ]
            if !r.attributeCombo.isEmpty {
                pairs.append(("attributeOptionCombo", Escape.json(mapping.toDHIS2(.attributeCombo, r.attributeCombo))))
            }
            if let by = r.storedBy { pairs.append(("storedBy", Escape.json(by))) }
            pairs.append(("completed", r.completed ? "true" : "false"))
            write((i == 0 ? "\n  {" : ",\n  {") + pairs.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
        }
        write("\n]}\n")
    }
}
