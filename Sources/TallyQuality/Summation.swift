/// Accurate summation shared by the statistics in this module.
enum Summation {
    /// `Σ xᵢ` by Neumaier's improved Kahan–Babuška algorithm: the rounding error of every addition is carried
    /// in a separate compensation term, so the result is as accurate as if summed in twice the precision.
    static func neumaier(_ values: some Sequence<Double>) -> Double {
        var sum = 0.0
        var compensation = 0.0
        for value in values {
            let next = sum + value
            compensation += abs(sum) >= abs(value) ? (sum - next) + value : (value - next) + sum
            sum = next
        }
        return sum + compensation
    }

    /// The arithmetic mean `Σ xᵢ / n`; nil for an empty collection.
    static func mean(_ values: some Collection<Double>) -> Double? {
        values.isEmpty ? nil : neumaier(values) / Double(values.count)
    }
}
