internal import TallyCore
public import TallyText

/// Formats numbers for display. Computation keeps full precision; only display rounds, half away from
/// zero, on the shortest decimal form of the number (so 2.675 shows as 2.68 with two decimals).
public enum NumberFormat {
    /// A count as the tables show it (a rate's numerator or denominator): a whole number without decimals, else
    /// with two; "–" when missing.
    public static func count(_ value: Double?) -> String {
        guard let value else { return "–" }
        return fixed(value, decimals: value == value.rounded() ? 0 : 2)
    }

    /// `value` with exactly `decimals` decimals, rounded half away from zero, with thousands separators
    /// when `grouping` is true.
    public static func fixed(_ value: Double, decimals: Int, grouping: Bool = true) -> String {
        guard value.isFinite else { return "" }
        let (digits, exponent, negative) = decimalDigits(value)
        // value × 10^decimals = digits × 10^shift; round that to a whole number n (its digits).
        let shift = exponent + decimals
        var n: [Int]
        if shift >= 0 {
            n = digits + Array(repeating: 0, count: shift)
        } else {
            let keep = digits.count + shift
            n = keep > 0 ? Array(digits[0..<keep]) : [0]
            if keep >= 0 && digits[keep] >= 5 {
                var i = n.count - 1
                while i >= 0 && n[i] == 9 {
                    n[i] = 0
                    i -= 1
                }
                if i >= 0 { n[i] += 1 } else { n.insert(1, at: 0) }
            }
        }
        while n.count <= decimals { n.insert(0, at: 0) }
        while n.count > decimals + 1 && n.first == 0 { n.removeFirst() }
        let text = n.map(String.init).joined()
        var integer = String(text.prefix(text.count - decimals))
        let fraction = String(text.suffix(decimals))
        if grouping { integer = group(integer) }
        let sign = negative && n.contains(where: { $0 != 0 }) ? "-" : ""
        return decimals == 0 ? sign + integer : sign + integer + "." + fraction
    }

    /// A signed change such as `+12`, `-2.1` (`0` for no change), rounded like ``fixed(_:decimals:grouping:)``.
    public static func signed(_ value: Double, decimals: Int, grouping: Bool = true) -> String {
        let text = fixed(value, decimals: decimals, grouping: grouping)
        if text.hasPrefix("-") { return "−" + text.dropFirst() }
        return text.allSatisfy({ $0 == "0" || $0 == "." || $0 == "," }) ? text : "+" + text
    }

    /// `1234567` as `1,234,567`.
    public static func group(_ digits: String) -> String { Thousands.group(digits) }

    /// A full-precision form for machines: integers without `.0`, others as the shortest round-trip form
    /// (``NumberText/exact(_:)`` of TallyText, the one rule for every writer).
    public static func exact(_ value: Double) -> String { NumberText.exact(value) }

    /// The shortest decimal digits of a finite double: value = digits × 10^exponent.
    static func decimalDigits(_ value: Double) -> (digits: [Int], exponent: Int, negative: Bool) {
        let negative = value < 0 || (value == 0 && value.sign == .minus)
        let text = "\(abs(value))"  // e.g. "2.675", "1e-05", "1.2345e+20"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            mantissa = text[..<e]
        }
        var digits: [Int] = []
        var fraction = 0
        var seenPoint = false
        for c in mantissa {
            if c == "." {
                seenPoint = true
            } else if let d = c.wholeNumberValue {
                digits.append(d)
                if seenPoint { fraction += 1 }
            }
        }
        exponent -= fraction
        while digits.count > 1 && digits.first == 0 { digits.removeFirst() }
        return (digits, exponent, negative)
    }
}
