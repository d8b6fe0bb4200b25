/// The text of a number for machines and for files that are read back: exact, never rounded.
public enum NumberText {
    /// `value` in full precision: a whole number without a fraction (`212`, not `212.0`), any other in the shortest
    /// form that reads back as the same `Double` (`0.1`, `117.3913043478261`, `1e-05`).
    public static func exact(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }
}
