import TallyAudit
import TallyCore
import TallyEngine
import TallyQuality
import Testing

/// One village's monthly counts over three years (2023-10 … 2026-09), a typing error (40 → 400) in 202605,
/// and a verified counterpart with the same error, which the outlier check leaves to verification.
@Suite struct OutlierTests {
    static let tree = try! OrgUnitTree([
        OrgUnit(code: "C", name: "县", parentCode: nil), OrgUnit(code: "v", name: "村", parentCode: "C"),
    ])
    static let metadata = Metadata(
        categories: [],
        elements: [
            DataElement(code: "checks", name: "Checks", verifiedBy: "checks_v"),
            DataElement(code: "checks_v", name: "Checks (verified)"),
        ],
        indicators: [],
        datasets: [
            DataSet(
                code: "m", name: "Monthly", periodType: .monthly, level: 2, dueDays: 10,
                elements: ["checks", "checks_v"])
        ])
    /// 36 values cycling 38, 40, 42, 39, 41, 40 (mean 40), with 400 in place of 40 in 202605.
    static let months: [(String, Double)] = (0..<36).map { i in
        let month = (9 + i) % 12 + 1
        let year = 2023 + (9 + i) / 12
        let id = "\(year)\(month < 10 ? "0" : "")\(month)"
        return (id, id == "202605" ? 400 : [38, 40, 42, 39, 41, 40][i % 6])
    }

    static var audit: QualityAudit {
        var s = InMemoryValueSource()
        for (id, v) in months {
            s.add("checks", unit: 1, period: try! Period(id), value: v)
            s.add("checks_v", unit: 1, period: try! Period(id), value: v)
        }
        return QualityAudit(aggregator: Aggregator(metadata: metadata, tree: tree, source: s))
    }

    @Test func typingErrorIsExtreme() throws {
        let r = try Self.audit.run(orgUnit: 0, period: try Period("2025Oct"))
        let outliers = r.findings(of: OutlierCheck.self)
        #expect(outliers.count == 1)
        let (f, found) = try #require(outliers.first)
        #expect(
            f.period.identifier == "202605" && found.value == 400 && found.element == "checks" && f.severity == .extreme
        )
        guard case .unusual(let median, let usual, let z?, _) = found.reason else {
            Issue.record("not an unusual value: \(found.reason)")
            return
        }
        let reference = Self.months.filter { $0.0 != "202605" }.map(\.1)
        #expect(z == OutlierScore.zScore(400, reference: reference))
        #expect(median == 40)  // the median of the reference
        #expect(
            usual
                == OutlierScore.summary(400, reference: reference)?.expectedRange.map {
                    NumberRange(low: $0.low, high: $0.high)
                })
        // By hand: the reference (35 values) has mean 40 − 1/35 … and SD about 1.4, so z ≈ 255.
        #expect(z > 200)
    }

    @Test func ordinarySpreadIsNotFlagged() throws {
        // The audit of the year before holds no typing error: no outliers at all.
        let r = try Self.audit.run(orgUnit: 0, period: try Period("2024Oct"))
        #expect(r.findings(of: OutlierCheck.self).isEmpty)
    }

    @Test func poissonTail() {
        // P(X ≥ 12 | 2) = scipy.stats.poisson.sf(11, 2) = 1.3646151596151931e-06; P(X ≤ 0 | 2) = e^−2.
        #expect(abs(QualityAudit.poissonTailForTesting(12, mean: 2) / 1.3646151596151931e-06 - 1) < 1e-9)
        #expect(abs(QualityAudit.poissonTailForTesting(0, mean: 2) - 0.1353352832366127) < 1e-12)
    }
}

@Suite struct BoundsTests {
    @Test func valuesOutsideTheBoundsAreExtreme() throws {
        var element = DataElement(code: "w", name: "Weighings")
        element.minimum = 1
        element.maximum = 100
        let metadata = Metadata(
            categories: [], elements: [element], indicators: [],
            datasets: [
                DataSet(code: "m", name: "Monthly", periodType: .monthly, level: 2, dueDays: 10, elements: ["w"])
            ])
        var s = InMemoryValueSource()
        for (id, v) in [("202501", 50.0), ("202502", 0), ("202503", 120), ("202504", 60)] {
            s.add("w", unit: 1, period: try Period(id), value: v)
        }
        let audit = QualityAudit(aggregator: Aggregator(metadata: metadata, tree: OutlierTests.tree, source: s))
        let findings = try audit.run(orgUnit: 0, period: try Period("2025")).findings(of: OutlierCheck.self)
        #expect(findings.map(\.finding.period.identifier).sorted() == ["202502", "202503"])
        #expect(findings.allSatisfy { $0.finding.severity == .extreme })
        let reasons = findings.sorted { $0.finding.period < $1.finding.period }.map(\.payload.reason)
        #expect(reasons == [.belowMinimum(minimum: 1, maximum: 100), .aboveMaximum(minimum: 1, maximum: 100)])
    }
}
