import TallyRender
import Testing

@Suite struct NumberFormatTests {
    @Test(arguments: [
        (2.675, 2, "2.68"), (2.665, 2, "2.67"), (1.005, 2, "1.01"), (0.5, 0, "1"), (1.5, 0, "2"), (2.5, 0, "3"),
        (-2.5, 0, "-3"), (-0.5, 0, "-1"), (-0.001, 2, "0.00"), (0, 1, "0.0"), (1234567.891, 2, "1,234,567.89"),
        (999.995, 2, "1,000.00"), (0.0000001, 2, "0.00"), (1e20, 0, "100,000,000,000,000,000,000"), (9.83, 1, "9.8"),
        (117.39130434782609, 1, "117.4"), (0.05, 1, "0.1"), (12, 0, "12"), (123.456, 0, "123"),
    ])
    func fixed(_ value: Double, _ decimals: Int, _ expected: String) {
        #expect(NumberFormat.fixed(value, decimals: decimals) == expected)
    }

    @Test func withoutGrouping() {
        #expect(NumberFormat.fixed(1234567.5, decimals: 0, grouping: false) == "1234568")
    }

    @Test func signed() {
        #expect(NumberFormat.signed(-58, decimals: 0) == "−58")
        #expect(NumberFormat.signed(2.14, decimals: 1) == "+2.1")
        #expect(NumberFormat.signed(0, decimals: 1) == "0.0")
        #expect(NumberFormat.signed(-0.004, decimals: 2) == "0.00")
        #expect(NumberFormat.signed(1500, decimals: 0) == "+1,500")
    }

    @Test func exact() {
        #expect(NumberFormat.exact(212) == "212")
        #expect(NumberFormat.exact(-3) == "-3")
        #expect(NumberFormat.exact(2700.0 / 23) == "117.3913043478261")
        #expect(NumberFormat.exact(0.1) == "0.1")
    }
}
