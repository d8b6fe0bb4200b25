/// The classes of a choropleth: contiguous groups of the sorted values, each drawn in one colour.
///
/// A class is given by its smallest and largest member; a value belongs to the first class whose upper bound is at
/// least the value. Equal values always fall in one class, so there are fewer classes than asked for when the
/// values have fewer distinct members, or when ties span a quantile. NaN and infinite values are not classed.
///
/// - Quantiles (equal counts): with the `n` values sorted, class `i` (1-based) of `k` ends at the value at position
///   ⌈i·n/k⌉, so each class holds about `n/k` values (6 values in 3 classes: 2, 2 and 2; 10 in 4: 3, 2, 3, 2).
/// - Natural breaks (Jenks): the partition of the sorted values into `k` groups with the least sum of squared
///   deviations from the group means, found exactly by dynamic programming over the distinct values weighted by
///   their counts. The optimal first member of the last group never moves left as the values grow (Wang and Song,
///   "Ckmeans.1d.dp", 2011), so each of the `k` rows of the table is filled by divide and conquer in
///   O(m log m) for `m` distinct values — exact for any number of units; ties between equally good partitions
///   take the one whose last group starts leftmost.
public struct ChoroplethClasses: Hashable, Sendable {
    /// How the class bounds are chosen.
    public enum Method: String, Hashable, Sendable, CaseIterable {
        /// Equal counts of units per class.
        case quantiles
        /// Jenks natural breaks: the least squared deviation within classes.
        case naturalBreaks
    }

    /// One class.
    public struct Class: Hashable, Sendable {
        /// The smallest value in the class.
        public let lower: Double
        /// The largest value in the class.
        public let upper: Double
        /// How many values fall in it.
        public let count: Int
    }

    /// The numbers of classes a choropleth may ask for; the palette has a set of colours for each.
    public static let allowedCounts = 3...7

    /// How the bounds were chosen.
    public let method: Method
    /// The classes, lowest first; empty when there is no finite value.
    public let classes: [Class]

    /// The classes of `values` by `method`.
    ///
    /// - Parameters:
    ///   - values: The values; NaN and infinite ones are left out.
    ///   - count: The number of classes wanted, clamped to ``allowedCounts``.
    ///   - method: Quantiles or natural breaks.
    public init(values: [Double], count: Int, method: Method) {
        self.method = method
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else {
            classes = []
            return
        }
        let k = Swift.min(
            Swift.max(count, ChoroplethClasses.allowedCounts.lowerBound), ChoroplethClasses.allowedCounts.upperBound)
        // Distinct values and their counts.
        var distinct: [Double] = []
        var weights: [Int] = []
        for value in sorted {
            if distinct.last == value {
                weights[weights.count - 1] += 1
            } else {
                distinct.append(value)
                weights.append(1)
            }
        }
        let uppers: [Double]
        switch method {
        case .quantiles:
            let n = sorted.count
            uppers = (1...k).map { sorted[($0 * n + k - 1) / k - 1] }
        case .naturalBreaks:
            uppers = ChoroplethClasses.naturalBreakUppers(distinct: distinct, weights: weights, classes: k)
        }
        var result: [Class] = []
        var start = 0
        for upper in uppers where result.last?.upper != upper {
            var end = start
            var members = 0
            while end < distinct.count, distinct[end] <= upper {
                members += weights[end]
                end += 1
            }
            guard end > start else { continue }
            result.append(Class(lower: distinct[start], upper: distinct[end - 1], count: members))
            start = end
        }
        classes = result
    }

    /// The index of the class `value` falls in: the first whose upper bound is at least `value` (the last for a
    /// value above every bound); `nil` for NaN, infinity, or when there are no classes.
    public func classIndex(of value: Double) -> Int? {
        guard value.isFinite, !classes.isEmpty else { return nil }
        var low = 0
        var high = classes.count - 1
        while low < high {
            let mid = (low + high) / 2
            if classes[mid].upper >= value { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// The upper bound of each Jenks class over distinct sorted values with their counts.
    static func naturalBreakUppers(distinct: [Double], weights: [Int], classes k: Int) -> [Double] {
        let m = distinct.count
        guard m > k else { return distinct }
        // Prefix sums of weight, weighted value and weighted square, about the median for precision.
        let shift = distinct[m / 2]
        var w = [Double](repeating: 0, count: m + 1)
        var s = [Double](repeating: 0, count: m + 1)
        var q = [Double](repeating: 0, count: m + 1)
        for index in 0..<m {
            let weight = Double(weights[index])
            let x = distinct[index] - shift
            w[index + 1] = w[index] + weight
            s[index + 1] = s[index] + weight * x
            q[index + 1] = q[index] + weight * x * x
        }
        /// The weighted sum of squared deviations of distinct values `j...i` from their mean.
        func cost(_ j: Int, _ i: Int) -> Double {
            let weight = w[i + 1] - w[j]
            let sum = s[i + 1] - s[j]
            return Swift.max(q[i + 1] - q[j] - sum * sum / weight, 0)
        }
        // table[c][i]: the least cost of values 0...i in c + 1 classes; start[c][i]: where its last class begins.
        var previous = (0..<m).map { cost(0, $0) }
        var starts: [[Int]] = [[Int](repeating: 0, count: m)]
        for c in 1..<k {
            var row = [Double](repeating: .infinity, count: m)
            var start = [Int](repeating: 0, count: m)
            // Fill i in low...high knowing the best start lies in jLow...jHigh.
            var pending = [(c, m - 1, c, m - 1)]
            while let (low, high, jLow, jHigh) = pending.popLast() {
                guard low <= high else { continue }
                let mid = (low + high) / 2
                var best = Double.infinity
                var bestJ = Swift.max(jLow, c)
                for j in Swift.max(jLow, c)...Swift.min(mid, jHigh) {
                    let total = previous[j - 1] + cost(j, mid)
                    if total < best {
                        best = total
                        bestJ = j
                    }
                }
                row[mid] = best
                start[mid] = bestJ
                pending.append((low, mid - 1, jLow, bestJ))
                pending.append((mid + 1, high, bestJ, jHigh))
            }
            previous = row
            starts.append(start)
        }
        var uppers: [Double] = []
        var i = m - 1
        for c in stride(from: k - 1, through: 0, by: -1) {
            uppers.append(distinct[i])
            if c > 0 { i = starts[c][i] - 1 }
        }
        return uppers.reversed()
    }
}
