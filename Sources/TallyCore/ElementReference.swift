/// A reference to the values of a data element inside an expression: `#{births}` for the total over
/// every category option combo, `#{births.male}` or `#{births.male_lt1}` for the combos that contain
/// all the listed options.
public struct ElementReference: Hashable, Sendable, CustomStringConvertible {
    /// The data element code, such as `births`.
    public var element: String
    /// The selected option codes, such as `["male", "lt1"]`; empty for the total over all combos.
    public var options: [String]

    /// A reference to `element`, restricted to the combos that contain every option in `options`.
    public init(element: String, options: [String] = []) {
        self.element = element
        self.options = options
    }

    /// The reference as written between `#{` and `}`: `births`, `births.male` or `births.male_lt1`.
    public var description: String {
        options.isEmpty ? element : element + "." + options.joined(separator: "_")
    }

    /// The reference written as `text` (the part between `#{` and `}`), or nil when it is malformed.
    ///
    /// The element code matches `[A-Za-z][A-Za-z0-9_]*`; everything after the first `.` is the combo,
    /// split on `_` into option codes that each match `[A-Za-z0-9]+`.
    static func validated(_ text: some StringProtocol) -> ElementReference? {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let element = parts[0]
        guard let first = element.first, first.isASCII, first.isLetter,
            element.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
        else { return nil }
        guard parts.count == 2 else { return ElementReference(element: String(element)) }
        let options = parts[1].split(separator: "_", omittingEmptySubsequences: false)
        for option in options {
            guard !option.isEmpty, option.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
                return nil
            }
        }
        return ElementReference(element: String(element), options: options.map { String($0) })
    }
}
