import Testing

@testable import TallyCharts

/// The classes as (lower, upper, count) triples.
func bounds(_ classes: ChoroplethClasses) -> [[Double]] {
    classes.classes.map { [$0.lower, $0.upper, Double($0.count)] }
}

/// The least within-class sum of squared deviations over every way to cut the sorted distinct values into `k`
/// contiguous groups (equal values kept together), by brute force.
func bruteForceJenks(_ values: [Double], _ k: Int) -> Double {
    let distinct = Array(Set(values)).sorted()
    let groups = Swift.min(k, distinct.count)
    func cost(_ members: [Double]) -> Double {
        let mean = members.reduce(0, +) / Double(members.count)
        return members.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    }
    var best = Double.infinity
    // Choose groups - 1 cut positions among distinct.count - 1 gaps.
    func search(_ start: Int, _ left: Int, _ cuts: [Int]) {
        if left == 0 {
            let edges = [0] + cuts + [distinct.count]
            var total = 0.0
            for index in 0..<(edges.count - 1) {
                let group = Set(distinct[edges[index]..<edges[index + 1]])
                total += cost(values.filter { group.contains($0) })
            }
            best = Swift.min(best, total)
            return
        }
        guard start < distinct.count else { return }
        for cut in start..<distinct.count { search(cut + 1, left - 1, cuts + [cut]) }
    }
    search(1, groups - 1, [])
    return best
}

/// The within-class sum of squared deviations of a classification of `values`.
func withinCost(_ classes: ChoroplethClasses, _ values: [Double]) -> Double {
    var groups = [[Double]](repeating: [], count: classes.classes.count)
    for value in values { groups[classes.classIndex(of: value)!].append(value) }
    return groups.reduce(0) { total, members in
        let mean = members.reduce(0, +) / Double(members.count)
        return total + members.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    }
}

/// A deterministic sequence for the tests.
struct TestRandom {
    var state: UInt64

    mutating func next() -> Double {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Double(state >> 11) / Double(1 << 53)
    }
}

@Suite struct ChoroplethClassesTests {
    @Test func quantilesHoldEqualCounts() {
        let values = (1...10).map(Double.init)
        // ⌈10·i/4⌉ = 3, 5, 8, 10.
        #expect(
            bounds(ChoroplethClasses(values: values.shuffled(), count: 4, method: .quantiles)) == [
                [1, 3, 3], [4, 5, 2], [6, 8, 3], [9, 10, 2],
            ])
        // 6 values in 3 classes: 2, 2, 2.
        #expect(
            bounds(ChoroplethClasses(values: [9, 1, 4, 2, 7, 3], count: 3, method: .quantiles)) == [
                [1, 2, 2], [3, 4, 2], [7, 9, 2],
            ])
        // 7 in 5: ⌈7i/5⌉ = 2, 3, 5, 6, 7.
        #expect(
            bounds(ChoroplethClasses(values: [10, 20, 30, 40, 50, 60, 70], count: 5, method: .quantiles)) == [
                [10, 20, 2], [30, 30, 1], [40, 50, 2], [60, 60, 1], [70, 70, 1],
            ])
    }

    @Test func tiesStayInOneClass() {
        // Positions 2 and 4 both hold 1, so the first two classes merge.
        let classes = ChoroplethClasses(values: [1, 1, 1, 1, 2, 3], count: 3, method: .quantiles)
        #expect(bounds(classes) == [[1, 1, 4], [2, 3, 2]])
        let jenks = ChoroplethClasses(values: [5, 5, 5, 5, 1, 9], count: 3, method: .naturalBreaks)
        #expect(bounds(jenks) == [[1, 1, 1], [5, 5, 4], [9, 9, 1]])
        let more = ChoroplethClasses(values: [5, 5, 5, 5, 1, 9], count: 5, method: .naturalBreaks)
        #expect(bounds(more) == [[1, 1, 1], [5, 5, 4], [9, 9, 1]])
    }

    @Test func oneValueAndNoValue() {
        for method in ChoroplethClasses.Method.allCases {
            #expect(bounds(ChoroplethClasses(values: [7], count: 5, method: method)) == [[7, 7, 1]])
            #expect(bounds(ChoroplethClasses(values: [3, 3, 3], count: 4, method: method)) == [[3, 3, 3]])
            let none = ChoroplethClasses(values: [], count: 5, method: method)
            #expect(none.classes.isEmpty && none.classIndex(of: 1) == nil)
            let nonFinite = ChoroplethClasses(values: [.nan, .infinity, -.infinity], count: 5, method: method)
            #expect(nonFinite.classes.isEmpty)
            #expect(ChoroplethClasses(values: [1, .nan, 2], count: 5, method: method).classes.map(\.count) == [1, 1])
        }
    }

    @Test func classIndexFindsTheFirstClassReachingTheValue() {
        let classes = ChoroplethClasses(values: (1...10).map(Double.init), count: 4, method: .quantiles)
        #expect(classes.classIndex(of: 1) == 0 && classes.classIndex(of: 3) == 0)
        #expect(classes.classIndex(of: 3.5) == 1 && classes.classIndex(of: 4) == 1)
        #expect(classes.classIndex(of: 10) == 3 && classes.classIndex(of: 99) == 3)
        #expect(classes.classIndex(of: -5) == 0 && classes.classIndex(of: .nan) == nil)
    }

    @Test func countIsClampedToThreeToSeven() {
        let values = (1...20).map(Double.init)
        #expect(ChoroplethClasses(values: values, count: 1, method: .quantiles).classes.count == 3)
        #expect(ChoroplethClasses(values: values, count: 12, method: .naturalBreaks).classes.count == 7)
    }

    @Test func naturalBreaksByHand() {
        let clusters = ChoroplethClasses(values: [31, 1, 2, 3, 10, 11, 12, 30], count: 3, method: .naturalBreaks)
        #expect(bounds(clusters) == [[1, 3, 3], [10, 12, 3], [30, 31, 2]])
        // Of [2, 4, 5, 9, 10.5] in 4 classes, merging 4 and 5 costs 0.5, 9 and 10.5 1.125, 2 and 4 2.
        let four = ChoroplethClasses(values: [2, 4, 5, 9, 10.5], count: 4, method: .naturalBreaks)
        #expect(bounds(four) == [[2, 2, 1], [4, 5, 2], [9, 9, 1], [10.5, 10.5, 1]])
        // Birth rates (‰) of twelve towns: three groups around 6, 9 and 12.
        let rates = [5.8, 6.1, 6.3, 8.7, 9.0, 9.2, 9.4, 11.8, 12.1, 12.6, 6.0, 8.9]
        let three = ChoroplethClasses(values: rates, count: 3, method: .naturalBreaks)
        #expect(bounds(three) == [[5.8, 6.3, 4], [8.7, 9.4, 5], [11.8, 12.6, 3]])
    }

    @Test func naturalBreaksAreOptimalAgainstBruteForce() {
        var random = TestRandom(state: 42)
        for round in 0..<60 {
            let n = 4 + round % 8
            // Some ties: values on a coarse grid.
            let values = (0..<n).map { _ in (random.next() * 40).rounded() / 2 }
            for k in 3...5 {
                let classes = ChoroplethClasses(values: values, count: k, method: .naturalBreaks)
                let expected = bruteForceJenks(values, k)
                #expect(
                    abs(withinCost(classes, values) - expected) <= 1e-9 * Swift.max(1, expected), "\(values) k=\(k)")
                #expect(classes.classes.count == Swift.min(k, Set(values).count))
                #expect(classes.classes.reduce(0) { $0 + $1.count } == n)
            }
        }
    }

    @Test func naturalBreaksMatchAPlainDynamicProgramOnManyValues() {
        // The textbook O(k·n²) table over all 300 values, filled without the divide and conquer.
        var random = TestRandom(state: 7)
        let values = (0..<300).map { _ in (random.next() * random.next() * 1000).rounded() / 10 }
        let sorted = values.sorted()
        let n = sorted.count
        func cost(_ j: Int, _ i: Int) -> Double {
            let slice = sorted[j...i]
            let mean = slice.reduce(0, +) / Double(slice.count)
            return slice.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        }
        var costs = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for j in 0..<n {
            var sum = 0.0
            var squares = 0.0
            for i in j..<n {
                sum += sorted[i]
                squares += sorted[i] * sorted[i]
                costs[j][i] = Swift.max(squares - sum * sum / Double(i - j + 1), 0)
            }
        }
        #expect(abs(costs[3][40] - cost(3, 40)) < 1e-6)
        for k in [4, 7] {
            var table = (0..<n).map { costs[0][$0] }
            for c in 1..<k {
                var row = [Double](repeating: .infinity, count: n)
                for i in c..<n {
                    for j in c...i { row[i] = Swift.min(row[i], table[j - 1] + costs[j][i]) }
                }
                table = row
            }
            let classes = ChoroplethClasses(values: values, count: k, method: .naturalBreaks)
            #expect(abs(withinCost(classes, values) - table[n - 1]) <= 1e-6 * table[n - 1], "k=\(k)")
        }
    }
}
