internal import TallyCore
public import TallyIO
internal import TallyText

/// Rows from a DHIS2 dataValueSets JSON file, read as a stream.
///
/// ```json
/// {"dataSet": "pBOMPrpg1QX", "period": "201401", "orgUnit": "DiszpKrYNg8", "completeDate": "2014-02-03",
///  "dataValues": [{"dataElement": "f7n9E0hX8qk", "categoryOptionCombo": "bRowv6yZOF2", "value": "12",
///                  "storedBy": "admin", "lastUpdated": "2014-02-03T10:00:00", "comment": "", "followup": false}]}
/// ```
///
/// `period`, `orgUnit` and `attributeOptionCombo` of the set are the defaults of its values. A
/// `categoryOptionCombo` may be an object: `{"id": "bRowv6yZOF2"}`, or the element's categories and their options
/// (`{"sex": "male"}`, through the mapping's kinds `category` and `option`, as ADX names them); so may a value's or
/// the set's `attributeOptionCombo`: `{"partner": "partnerA"}`, its data set's attribute categories. Keys the format
/// does not have are refused, naming the keys it has; a value of the wrong JSON type is refused with the type
/// expected. Syntax errors name the line and column. Memory stays bounded: values are handed on one by one
/// (only values that need a set-level default written after the `dataValues` array wait for it).
public final class DataValueSetReader: DataValueRowSource {
    public var name: String { input.name }
    public let fieldNames = DataValueSetReader.dhis2FieldNames(comment: "comment")
    public var fieldKind: ImportIssue.FieldKind { .key }
    public var bytesRead: Int { input.bytesRead }
    public var fileSize: Int? { input.fileSize }

    /// DHIS2's names of a data value's fields, in the importer's column order; `comment` names the comment
    /// (`annotation` in ADX).
    static func dhis2FieldNames(comment: String) -> [String] {
        [
            "dataElement", "period", "orgUnit", "categoryOptionCombo", "attributeOptionCombo", "value", "storedBy",
            "lastUpdated", comment, "followup", "deleted",
        ]
    }

    /// Keys of the set accepted and not used by the reader: the identifier schemes (``IdentifierSchemes/fileKeys``,
    /// read before the import by ``identifierSchemeKeys(path:format:encoding:limits:)``), and the others.
    static let ignoredSetKeys: Set<String> = Set(IdentifierSchemes.fileKeys.map(\.key)).union([
        "dryRun", "importStrategy", "href", "strategy",
    ])
    /// Keys of a value accepted and not used by Tally.
    static let ignoredValueKeys: Set<String> = ["created"]

    private let input: TextInput
    private let context: InterchangeContext
    private let tokens: JSONTokenizer
    private var started = false
    private var inValues = false
    /// Whether the `dataValues` array has begun (the identifier-scheme keys must come before it).
    private var valuesRead = false
    /// The set's `attributeOptionCombo` given as attribute categories and their options, with its line.
    private var setAttributes: (pairs: [(String, String)], line: Int)?
    private var finished = false
    private var defaults: [Int: (String, Int)] = [:]
    private var pending: [([String?], [Int], Int)] = []
    /// The set's `dataSet` and `completeDate` with their lines, made a registration at the set's end.
    private var dataSet: (String, Int)?
    private var completeDate: (String, Int)?
    public private(set) var registrations: [CompleteRegistration] = []

    /// A reader of `input`.
    public init(input: TextInput, context: InterchangeContext) {
        self.input = input
        self.context = context
        tokens = JSONTokenizer(input: input)
    }

    private func token() throws(ImportIssue) -> JSONToken? {
        do {
            return try tokens.next()
        } catch {
            throw error.issue(file: name)
        }
    }

    private func syntax(_ detail: Localized<String>) -> ImportIssue {
        ImportIssue(.syntax, file: name, line: tokens.line, column: nil, detail: detail, position: tokens.column)
    }

    public func next(into row: inout DataValueRow) throws(ImportIssue) -> Bool {
        if !started {
            started = true
            guard let first = try token() else {
                throw syntax(
                    Localized(
                        zh: "文件是空的；应为 {\"dataValues\": [ … ]}",
                        en: "the file is empty; expected {\"dataValues\": [ … ]}"))
            }
            guard first == .beginObject else {
                throw syntax(
                    Localized(
                        zh: "应为 JSON 对象 {\"dataValues\": [ … ]}，实际为\(first.typeName.zh)",
                        en: "expected a JSON object {\"dataValues\": [ … ]}, found \(first.typeName.en)"))
            }
        }
        while true {
            if finished {
                guard !pending.isEmpty else { return false }
                let (fields, lines, line) = pending.removeFirst()
                emit(fields, lines, line, into: &row)
                return true
            }
            if inValues {
                guard let t = try token() else {
                    throw syntax(
                        Localized(zh: "文件在 dataValues 数组中间结束了", en: "the file ends inside the dataValues array"))
                }
                if t == .endArray {
                    inValues = false
                    continue
                }
                guard t == .beginObject else {
                    let line = tokens.line
                    try skip(t)
                    row.set([String?](repeating: nil, count: fieldNames.count), line: line, source: name)
                    row.issue = ImportIssue(
                        .wrongType, file: name, line: line, column: "dataValues",
                        detail: Localized(
                            zh: "每个数据值应为对象，实际为\(t.typeName.zh)",
                            en: "expected an object for each data value, found \(t.typeName.en)"),
                        fieldKind: .key)
                    return true
                }
                if try readValue(into: &row) { return true }
                continue
            }
            guard let t = try token() else {
                throw syntax(Localized(zh: "文件在闭合的“}”之前结束了", en: "the file ends before the closing '}'"))
            }
            switch t {
            case .endObject:
                finished = true
                try checkEnd()
                if let (set, _) = dataSet, let (date, line) = completeDate {
                    var attribute = defaults[4]?.0
                    if let (pairs, at) = setAttributes {
                        attribute = try context.attributeCombo(
                            dataSet: set, attributes: pairs, file: name, line: at, kind: .key)
                    }
                    registrations.append(
                        context.registration(
                            dataSet: set, orgUnit: defaults[2]?.0, period: defaults[1]?.0, date: date,
                            attributeCombo: attribute, line: line, field: "completeDate"))
                }
            case .key(let key):
                let line = tokens.line
                let value = try token()!
                switch key {
                case "dataValues":
                    guard value == .beginArray else {
                        try skip(value)
                        throw wrongType(key, line, Localized(zh: "数据值数组", en: "an array of data values"), value)
                    }
                    inValues = true
                    valuesRead = true
                case "attributeOptionCombo" where value == .beginObject:
                    // {"id": "HllvX50cXC0"}, or the attribute categories and their options, for every value.
                    let (pairs, problem) = try readPairs()
                    if let problem { throw wrongType(key, line, problem, .beginObject) }
                    if let id = Self.identifier(in: pairs) {
                        defaults[4] = (id, line)
                    } else if !pairs.isEmpty {
                        guard !valuesRead else {
                            throw keyIssue(
                                .attributeCombo, key, line,
                                Localized(
                                    zh:
                                        "列出属性分类的 attributeOptionCombo 写在 dataValues 之后；请把它移到 dataValues 之前，或在每个数据值中写出",
                                    en:
                                        "an attributeOptionCombo of attribute categories comes after dataValues; move it before dataValues or give it on each data value"
                                ))
                        }
                        setAttributes = (pairs, line)
                    }
                case "period", "orgUnit", "attributeOptionCombo":
                    guard case .string(let s) = value else {
                        try skip(value)
                        throw wrongType(key, line, Localized(zh: "字符串", en: "a string"), value)
                    }
                    defaults[fieldNames.firstIndex(of: key)!] = (s, line)
                case "dataSet":
                    guard case .string(let s) = value else {
                        try skip(value)
                        throw wrongType(key, line, Localized(zh: "字符串", en: "a string"), value)
                    }
                    if let problem = context.dataSetProblem(s, file: name, line: line, name: key, kind: .key) {
                        throw problem
                    }
                    dataSet = (s, line)
                case "completeDate", "completedDate":
                    guard case .string(let s) = value else {
                        try skip(value)
                        throw wrongType(key, line, Localized(zh: "日期字符串", en: "a date string"), value)
                    }
                    completeDate = (s, line)
                default:
                    if valuesRead, IdentifierSchemes.fileKeys.contains(where: { $0.key == key }) {
                        // The schemes are read before the first value (identifierSchemeKeys): one after the values
                        // would be dropped without a word.
                        try skip(value)
                        throw keyIssue(
                            .unknownKey, key, line,
                            Localized(
                                zh:
                                    "“\(key)”写在 dataValues 之后；Tally 在读数据值之前确定标识方案，请把它移到 dataValues 之前（DHIS2 也这样写），或在命令行用 --id-scheme 等选项给出",
                                en:
                                    "'\(key)' comes after dataValues; Tally settles the identifier schemes before it reads the values, so move it before dataValues (as DHIS2 writes it) or give it with --id-scheme and the like"
                            ))
                    }
                    if Self.ignoredSetKeys.contains(key) {
                        try skip(value)
                        continue
                    }
                    throw keyIssue(
                        .unknownKey, key, line,
                        Localized(
                            zh:
                                "数据值集没有键“\(key)”；应为：dataValues、dataSet、period、orgUnit、attributeOptionCombo、completeDate（或 completedDate）",
                            en:
                                "a data value set has no key '\(key)'; expected: dataValues, dataSet, period, orgUnit, attributeOptionCombo, completeDate (or completedDate)"
                        ))
                }
            default:
                throw syntax(
                    Localized(
                        zh: "数据值集中出现了意外的\(t.typeName.zh)", en: "unexpected \(t.typeName.en) in the data value set"))
            }
        }
    }

    private func checkEnd() throws(ImportIssue) {
        if let t = try token() {
            throw syntax(
                Localized(
                    zh: "数据值集结束后出现了意外的\(t.typeName.zh)",
                    en: "unexpected \(t.typeName.en) after the end of the data value set"))
        }
    }

    private func skip(_ t: JSONToken) throws(ImportIssue) {
        do {
            try tokens.skip(after: t)
        } catch {
            throw error.issue(file: name)
        }
    }

    /// A problem at a key of the set.
    private func keyIssue(
        _ code: ImportIssue.Code, _ key: String, _ line: Int, _ detail: Localized<String>
    )
        -> ImportIssue
    {
        ImportIssue(code, file: name, line: line, column: key, detail: detail, fieldKind: .key)
    }

    private func wrongType(_ key: String, _ line: Int, _ expected: Localized<String>, _ found: JSONToken) -> ImportIssue
    {
        ImportIssue(
            .wrongType, file: name, line: line, column: key,
            detail: Localized(
                zh: "应为\(expected.zh)，实际为\(found.typeName.zh)",
                en: "expected \(expected.en), found \(found.typeName.en)"),
            fieldKind: .key)
    }

    /// Reads one data value object (its `{` already read); returns false when it waits for set-level defaults.
    private func readValue(into row: inout DataValueRow) throws(ImportIssue) -> Bool {
        let line = tokens.line
        var fields = [String?](repeating: nil, count: fieldNames.count)
        var lines = [Int](repeating: 0, count: fieldNames.count)
        var issue: ImportIssue?
        var categories: (pairs: [(String, String)], line: Int)?
        var ownAttributes: (pairs: [(String, String)], line: Int)?
        while true {
            guard let t = try token() else {
                throw syntax(Localized(zh: "文件在数据值中间结束了", en: "the file ends inside a data value"))
            }
            if t == .endObject { break }
            guard case .key(let key) = t else { throw syntax(Localized(zh: "此处应为键", en: "expected a key")) }
            let keyLine = tokens.line
            let value = try token()!
            let column = fieldNames.firstIndex(of: key) ?? (key == "followUp" ? 9 : nil)
            guard let column else {
                try skip(value)
                if !Self.ignoredValueKeys.contains(key), issue == nil {
                    issue = ImportIssue(
                        .unknownKey, file: name, line: keyLine, column: key,
                        detail: Localized(
                            zh: "数据值没有键“\(key)”；应为：\(fieldNames.joined(separator: "、"))",
                            en: "a data value has no key '\(key)'; expected: \(fieldNames.joined(separator: ", "))"),
                        fieldKind: .key)
                }
                continue
            }
            lines[column] = keyLine
            switch value {
            case .beginObject where column == 3 || column == 4:
                // {"id": "…"} (or {"code": "…"}), or category → option pairs, as DHIS2 also accepts.
                let (pairs, problem) = try readPairs()
                if let problem {
                    if issue == nil { issue = wrongType(key, keyLine, problem, value) }
                } else if let id = Self.identifier(in: pairs) {
                    fields[column] = id
                } else if column == 3 {
                    categories = (pairs, keyLine)
                } else if !pairs.isEmpty {
                    ownAttributes = (pairs, keyLine)
                }
            case .string(let s): fields[column] = s
            case .number(let n) where column == 1 || column == 5: fields[column] = n
            case .bool(let b) where column == 9 || column == 10: fields[column] = b ? "true" : "false"
            case .null: fields[column] = nil
            default:
                try skip(value)
                if issue == nil {
                    let expected =
                        column == 5
                        ? Localized(zh: "字符串或数字", en: "a string or a number")
                        : column == 9 || column == 10
                            ? Localized(zh: "true 或 false", en: "true or false") : Localized(zh: "字符串", en: "a string")
                    issue = wrongType(key, keyLine, expected, value)
                }
            }
        }
        // The value's own attribute option combo, else the set's categories.
        let attributes = ownAttributes ?? (fields[4] == nil ? setAttributes : nil)
        if let place = categories ?? attributes, issue == nil {
            do {
                let (category, attribute) = try context.combo(
                    element: fields[0], categories: categories?.pairs ?? [], attributes: attributes?.pairs ?? [],
                    onlyAttributes: categories == nil, file: name, line: place.line, kind: .key)
                if categories != nil { fields[3] = category }
                if let attribute {
                    fields[4] = attribute
                    lines[4] = attributes?.line ?? place.line
                }
            } catch let problem {
                issue = problem
            }
        }
        if let issue {
            row.set(fields, line: line, fieldLines: lines, source: name)
            row.issue = issue
            return true
        }
        for c in [1, 2, 4] where fields[c] == nil {
            guard let (value, defaultLine) = defaults[c] else {
                if c == 4 { continue }
                // The default may still come after the dataValues array: wait for the end of the set.
                pending.append((fields, lines, line))
                return false
            }
            fields[c] = value
            lines[c] = defaultLine
        }
        emit(fields, lines, line, into: &row)
        return true
    }

    /// Reads the members of an object whose `{` was just read, which must all be strings: the pairs, or what
    /// was expected when a member is not a string.
    private func readPairs() throws(ImportIssue) -> ([(String, String)], Localized<String>?) {
        var pairs: [(String, String)] = []
        var problem: Localized<String>?
        while true {
            guard let t = try token() else {
                throw syntax(Localized(zh: "文件在对象中间结束了", en: "the file ends inside an object"))
            }
            if t == .endObject { return (pairs, problem) }
            guard case .key(let key) = t else { throw syntax(Localized(zh: "此处应为键", en: "expected a key")) }
            let value = try token()!
            guard case .string(let s) = value else {
                try skip(value)
                problem =
                    problem
                    ?? Localized(
                        zh: "由字符串组成的对象，如 {\"id\": \"HllvX50cXC0\"}",
                        en: "an object of strings such as {\"id\": \"HllvX50cXC0\"}")
                continue
            }
            pairs.append((key, s))
        }
    }

    /// The identifier of an object such as `{"id": "HllvX50cXC0"}` (or its `code`); `nil` for other objects.
    static func identifier(in pairs: [(String, String)]) -> String? {
        pairs.first { $0.0 == "id" }?.1 ?? pairs.first { $0.0 == "code" }?.1
    }

    private func emit(_ fields: [String?], _ lines: [Int], _ line: Int, into row: inout DataValueRow) {
        var fields = fields
        var lines = lines
        for c in [1, 2, 4] where fields[c] == nil {
            if let (value, defaultLine) = defaults[c] {
                fields[c] = value
                lines[c] = defaultLine
            }
        }
        row.set(fields, line: line, fieldLines: lines, source: name)
    }
}
