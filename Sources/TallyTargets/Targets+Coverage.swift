extension Targets {
    /// Whether `value` reaches `threshold` (such as a coverage of 95%); nil when there is no value.
    ///
    /// A value within a billionth below the threshold passes, so that 19 ÷ 20 × 100 computed as 94.999 999 999 99
    /// still reaches 95.
    public static func passes(value: Double?, threshold: Double) -> Bool? {
        guard let value else { return nil }
        return value >= threshold - tolerance * max(1, abs(threshold))
    }

    /// The units whose value falls below `threshold`, lowest value first, ties in index order; units without a
    /// value are left out.
    public static func below(values: [Double?], threshold: Double) -> [Int] {
        values.indices
            .filter { passes(value: values[$0], threshold: threshold) == false }
            .sorted { a, b in values[a]! != values[b]! ? values[a]! < values[b]! : a < b }
    }
}
