/// Campaign targets: decomposition down the org-unit tree, milestones and progress, ranks, praise and warning lists,
/// coverage thresholds. Pure functions over plain values.
public enum Targets {
    /// How close two shares or amounts must be to count as equal (one billionth).
    static let tolerance = 1e-9

    /// `value` as the whole number it is within rounding noise of — a billionth, or for large values a
    /// trillionth of the value — so that `250 × 0.6` is 150 and not 149.999…; otherwise `value` unchanged.
    static func snapped(_ value: Double) -> Double {
        let nearest = value.rounded()
        return abs(value - nearest) <= max(tolerance, abs(value) * 1e-12) ? nearest : value
    }

    /// What is due of `target` at a milestone asking for `share`: ⌊target × share⌋, where a product within a
    /// billionth of a whole number counts as that number, so that 250 × 0.6 is due 150 (not 149).
    public static func due(target: Int, share: Double) -> Int {
        let product = snapped(Double(target) * share)
        guard product.isFinite else { return share > 0 ? target : 0 }
        return Int(product.rounded(.down))
    }

    /// `achieved` as a percentage of `target`; nil when there is no target or it is 0.
    ///
    /// Equal ratios give exactly equal percentages (25 of 50 and 50 of 100 are both 50), so ranks can compare them.
    public static func percent(achieved: Double, target: Int?) -> Double? {
        guard let target, target != 0 else { return nil }
        return achieved / Double(target) * 100
    }

    /// Splits `total` into whole numbers in proportion to `weights`, adding up exactly to `total`.
    ///
    /// Largest-remainder (Hamilton) rounding: everyone gets the whole part of their quota, and what is left goes one
    /// each to the largest remainders, ties broken by the larger weight and then the lower position. A weight that is
    /// missing, zero, negative or not finite counts as 0, so such an entry gets nothing when others have weights;
    /// when no entry has a positive weight, the split is equal (7 in three: 3, 2, 2).
    ///
    /// - Parameters:
    ///   - total: the amount to split, 0 or more.
    ///   - weights: one weight per share.
    /// - Returns: one share per weight; empty when `weights` is empty.
    public static func apportion(_ total: Int, weights: [Double?]) -> [Int] {
        precondition(total >= 0, "apportion: total \(total) is negative")
        let count = weights.count
        guard count > 0 else { return [] }
        var clean = weights.map { weight -> Double in
            guard let weight, weight.isFinite, weight > 0 else { return 0 }
            return weight
        }
        let largest = clean.max() ?? 0
        if largest == 0 {
            clean = [Double](repeating: 1, count: count)
        } else {
            clean = clean.map { $0 / largest }  // keeps the sum finite for huge weights
        }
        let sum = clean.reduce(0, +)
        let quantum = max(tolerance, Double(total) * 1e-12)
        var shares = [Int]()
        var remainders = [Int]()  // in quanta, so that near-equal remainders tie exactly
        shares.reserveCapacity(count)
        remainders.reserveCapacity(count)
        for weight in clean {
            let quota = Double(total) * weight / sum
            let whole = min((quota + quantum).rounded(.down), Double(total))
            shares.append(Int(whole))
            remainders.append(Int((max(0, quota - whole) / quantum).rounded()))
        }
        let order = (0..<count).sorted { a, b in
            if remainders[a] != remainders[b] { return remainders[a] > remainders[b] }
            if clean[a] != clean[b] { return clean[a] > clean[b] }
            return a < b
        }
        var left = total - shares.reduce(0, +)
        var position = 0
        while left > 0 {
            shares[order[position % count]] += 1
            left -= 1
            position += 1
        }
        position = count - 1
        while left < 0 {  // only after rounding noise; take back from the smallest remainders
            let index = order[(position % count + count) % count]
            if shares[index] > 0 {
                shares[index] -= 1
                left += 1
            }
            position -= 1
        }
        return shares
    }
}
