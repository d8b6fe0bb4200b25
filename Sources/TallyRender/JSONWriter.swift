internal import TallyText

/// Writes JSON text by hand so that keys keep their order and numbers keep full precision.
public enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.text == rhs.text }

    /// An optional number: `null` when missing.
    public static func number(_ value: Double?) -> JSONValue { value.map(JSONValue.number) ?? .null }
    /// An optional integer: `null` when missing.
    public static func int(_ value: Int?) -> JSONValue { value.map { .number(Double($0)) } ?? .null }
    /// An optional string: `null` when missing.
    public static func string(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// Compact JSON text.
    public var text: String {
        var out = ""
        write(to: &out, indent: nil, depth: 0)
        return out
    }

    /// JSON text with one array element or object member per line.
    public var pretty: String {
        var out = ""
        write(to: &out, indent: "  ", depth: 0)
        return out
    }

    private func write(to out: inout String, indent: String?, depth: Int) {
        func newline(_ d: Int) {
            guard let indent else { return }
            out += "\n" + String(repeating: indent, count: d)
        }
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let v): out += v.isFinite ? NumberText.exact(v) : "null"
        case .string(let s): out += Escape.json(s)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                newline(depth + 1)
                item.write(to: &out, indent: indent, depth: depth + 1)
            }
            if !items.isEmpty { newline(depth) }
            out += "]"
        case .object(let members):
            // A top-level object puts each member on a line; nested objects (rows) stay on one line.
            let multiline = indent != nil && depth == 0
            out += "{"
            for (i, (key, value)) in members.enumerated() {
                if i > 0 { out += multiline || indent == nil ? "," : ", " }
                if multiline { newline(depth + 1) }
                out += Escape.json(key) + ":" + (indent == nil ? "" : " ")
                value.write(to: &out, indent: multiline ? indent : nil, depth: depth + 1)
            }
            if multiline && !members.isEmpty { newline(depth) }
            out += "}"
        }
    }
}
