import Foundation
import Tally
import TallyAudit
import TallyCore
import TallyServerTesting
import Testing

/// A data set's text elements (a remark, the month's narrative) are not indicator data: the quality audit's
/// completeness of indicator data, and the review's, judge the numbers alone, so a remark left blank is no finding.
@Suite struct TextCompletenessTests {
    @Test(arguments: TestBackend.available)
    func aBlankRemarkIsNoMissingValue(_ backend: TestBackend) throws {
        // Town TA: A1 sent its numbers and a remark, A2 its numbers alone; town TB sent nothing.
        let data = """
            dataelement,period,orgunit,categoryoptioncombo,value
            births,202602,A1,male,3
            births,202602,A1,female,2
            visits,202602,A1,,5
            remark,202602,A1,,路已修好
            births,202602,A2,male,1
            births,202602,A2,female,1
            visits,202602,A2,,4

            """
        let county = try County.make(backend, metadata: FixtureCounty.textMetadata, data: data)
        defer { county.remove() }
        let w = county.workspace
        let audit = try w.audit(orgUnit: 0, period: try Period("202602"), asOf: Day(year: 2026, month: 3, day: 20))
        let findings = audit.findings.filter { $0.payload is ElementCompletenessCheck.Payload }
        // TB's numbers are missing, so the county has half of them; TA has all its numbers (and one remark of two,
        // and no narrative: neither judged).
        let found = findings.compactMap { finding in
            (finding.payload as? ElementCompletenessCheck.Payload).map {
                "\(w.tree.units[finding.unit].code) \($0.element) \($0.present)/\($0.expected)"
            }
        }
        #expect(found.sorted() == ["C births 4/8", "C visits 2/4", "TB births 0/4", "TB visits 0/2"])
    }
}
