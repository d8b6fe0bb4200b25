internal import TallyIO
internal import TallyText

/// A JSON value held in memory, read with Tally's own tokenizer (depth-limited, strings at most 1 MB).
enum JSONDocument: Equatable {
    case null
    case bool(Bool)
    /// A number as written.
    case number(String)
    case string(String)
    case array([JSONDocument])
    /// Members in file order.
    case object([(String, JSONDocument)])

    static func == (lhs: JSONDocument, rhs: JSONDocument) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a), .number(let b)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: false
        }
    }

    /// Reads a whole document.
    static func parse(_ input: TextInput) throws(JSONError) -> JSONDocument {
        let tokenizer = JSONTokenizer(input: input)
        guard let first = try tokenizer.next() else {
            throw JSONError(
                code: .syntax, line: 1, column: 1,
                detail: Localized(zh: "文件是空的；应为 JSON 对象", en: "the file is empty; expected a JSON object"))
        }
        let value = try parse(first, tokenizer)
        return value
    }

    private static func parse(_ token: JSONToken, _ tokenizer: JSONTokenizer) throws(JSONError) -> JSONDocument {
        switch token {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .number(let n): return .number(n)
        case .string(let s), .key(let s): return .string(s)
        case .beginArray:
            var items: [JSONDocument] = []
            while let next = try tokenizer.next() {
                if next == .endArray { return .array(items) }
                items.append(try parse(next, tokenizer))
            }
            return .array(items)
        case .beginObject:
            var members: [(String, JSONDocument)] = []
            while let next = try tokenizer.next() {
                if next == .endObject { return .object(members) }
                guard case .key(let key) = next, let valueToken = try tokenizer.next() else { break }
                members.append((key, try parse(valueToken, tokenizer)))
            }
            return .object(members)
        case .endArray, .endObject: return .null
        }
    }

    /// The member `key` of an object.
    subscript(key: String) -> JSONDocument? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }

    /// The elements of an array (empty otherwise).
    var items: [JSONDocument] {
        if case .array(let items) = self { return items }
        return []
    }

    /// A string member's text (numbers as written).
    func string(_ key: String) -> String? {
        switch self[key] {
        case .string(let s)?: s
        case .number(let n)?: n
        default: nil
        }
    }

    /// A number member.
    func number(_ key: String) -> Double? {
        switch self[key] {
        case .number(let n)?: Double(n)
        case .string(let s)?: Double(s)
        default: nil
        }
    }

    /// A boolean member.
    func bool(_ key: String) -> Bool? {
        if case .bool(let b)? = self[key] { return b }
        return nil
    }

    /// The `id` of a reference member such as `"parent": {"id": "…"}`.
    func reference(_ key: String) -> String? { self[key]?.string("id") }
}
