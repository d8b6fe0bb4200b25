import Testing

@testable import TallyDemo

/// The random number generator and samplers.
@Suite struct DemoRandomTests {
    @Test func streamsAreDeterministicAndDistinct() {
        var a = DemoRandom(seed: 1, tag: 1, 2, 3)
        var b = DemoRandom(seed: 1, tag: 1, 2, 3)
        var c = DemoRandom(seed: 1, tag: 1, 3, 2)
        let x = (0..<8).map { _ in a.next() }
        #expect(x == (0..<8).map { _ in b.next() })
        #expect(x != (0..<8).map { _ in c.next() })
    }

    @Test(arguments: [0.3, 1.2, 8.5, 9.99, 10.0, 24.0, 150.0, 4_000.0])
    func poissonHasTheRightMoments(mean: Double) {
        var rng = DemoRandom(seed: 99, tag: 5, Int(mean * 100))
        let n = 40_000
        var sum = 0.0
        var squares = 0.0
        for _ in 0..<n {
            let k = Double(rng.poisson(mean))
            #expect(k >= 0)
            sum += k
            squares += k * k
        }
        let m = sum / Double(n)
        let variance = squares / Double(n) - m * m
        #expect(abs(m - mean) < 5 * (mean / Double(n)).squareRoot(), "mean \(m)")
        #expect(abs(variance / mean - 1) < 0.05, "variance \(variance)")
    }

    @Test func poissonProbabilityOfZeroIsExact() {
        var rng = DemoRandom(seed: 3)
        let n = 100_000
        let zeros = (0..<n).filter { _ in rng.poisson(1.0) == 0 }.count
        #expect(abs(Double(zeros) / Double(n) - 0.367_879) < 0.005)
    }

    @Test(arguments: [(10, 0.5), (3, 0.985), (40, 0.09), (200, 0.524), (1_000, 0.7), (5, 0.0), (5, 1.0)])
    func binomialHasTheRightMean(n: Int, p: Double) {
        var rng = DemoRandom(seed: 11, tag: 6, n)
        let draws = 20_000
        var sum = 0
        for _ in 0..<draws {
            let k = rng.binomial(n, p)
            #expect((0...n).contains(k))
            sum += k
        }
        let mean = Double(sum) / Double(draws)
        let sd = (Double(n) * p * (1 - p) / Double(draws)).squareRoot()
        #expect(abs(mean - Double(n) * p) <= 5 * sd + 1e-9, "mean \(mean)")
    }

    @Test func calendarRoundTrips() {
        #expect(DemoCalendar.day(year: 1970, month: 1, day: 1) == 0)
        #expect(DemoCalendar.weekday(DemoCalendar.day(year: 2025, month: 11, day: 8)) == 5)
        #expect(DemoCalendar.lastDay(year: 2024, month: 2) == DemoCalendar.day(year: 2024, month: 2, day: 29))
        for day in stride(from: 19_000, to: 21_000, by: 7) {
            let (y, m, d) = DemoCalendar.civil(day)
            #expect(DemoCalendar.day(year: y, month: m, day: d) == day)
        }
        let stamp = Int64(DemoCalendar.day(year: 2025, month: 11, day: 8)) * 86_400 + 9 * 3_600 + 30 * 60
        #expect(DemoCalendar.iso(stamp) == "2025-11-08T09:30:00Z")
    }

    @Test func apportionKeepsTheTotal() {
        let parts = DemoLayout.apportion(250, weights: [0.8, 1.1, 0.9, 1.3, 0.2])
        #expect(parts.reduce(0, +) == 250 && parts.allSatisfy { $0 >= 1 })
        #expect(DemoLayout.apportion(3, weights: [1, 1, 1, 1]) == [1, 1, 1, 1])
    }
}
