/// Digits grouped in thousands with commas, as every figure Tally prints to people is written.
public enum Thousands {
    /// `1234567` as `1,234,567`; negative numbers keep their sign.
    public static func grouped(_ n: Int) -> String {
        n < 0 ? "-" + group(String(n.magnitude)) : group(String(n.magnitude))
    }

    /// A string of digits with a comma before every group of three from the right: `1234567` → `1,234,567`.
    public static func group(_ digits: String) -> String {
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }
}
