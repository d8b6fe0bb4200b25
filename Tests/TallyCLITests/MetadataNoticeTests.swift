import Foundation
import Tally
import TallyCore
import TallyStore
import TallyText
import Testing

/// Metadata whose rate denominator is aggregated with `average` (DHIS2's AVERAGE, a mean over units) is applied
/// with a notice in both languages, since Tally's `average` once meant `average_sum_org_unit`.
@Suite(.serialized) struct MetadataNoticeTests {
    @Test func anAveragedDenominatorIsNoted() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        // The fixture's population is average_sum_org_unit: nothing to say.
        #expect(try Workspace.open(path: s.db).metadataNotices.isEmpty)
        let yaml = try String(contentsOfFile: s.path("tally.yaml"), encoding: .utf8)
        try s.write("averaged.yaml", yaml.replacingOccurrences(of: "average_sum_org_unit", with: "average"))
        #expect(s.run(["metadata", "apply", "--db", s.db, "--lang", "zh", s.path("averaged.yaml")]) == 0)
        let notices = try Workspace.open(path: s.db).metadataNotices
        #expect(notices.count == 1)
        #expect(
            notices.first?(.en)
                == "the element 'Population' (population) is aggregated with average and is a rate's denominator: a unit's figure is the mean of the units below it (DHIS2's AVERAGE), not their sum; for a population or another figure added over units and averaged over time, write aggregation: average_sum_org_unit"
        )
        #expect(notices.first?(.zh).hasPrefix("数据项“人口数”（population）按 average 汇总，是比率的分母") == true)
    }
}

/// A stored value's combo must be one of its own element's combos in new metadata: adding a data set's attribute
/// categories to an element that holds values without categories would leave them under a combo nothing reads.
@Suite(.serialized) struct MetadataKeepsValuesTests {
    @Test func attributesOverStoredValuesAreRefused() throws {
        let s = try Scratch()
        defer { try? FileManager.default.removeItem(at: s.dir) }
        #expect(s.initialize() == 0)
        #expect(s.run(["import", "--db", s.db, s.path("data.csv")]) == 0)
        let yaml = try String(contentsOfFile: s.path("tally.yaml"), encoding: .utf8)
        let partner = "\n  partner: {name: Partner, options: {pa: Partner A, pb: Partner B}}\nelements:\n"
        let withPartner = yaml.replacingOccurrences(of: "\nelements:\n", with: partner)
            .replacingOccurrences(of: "elements: [population]}", with: "elements: [population], attributes: [partner]}")
        #expect(withPartner.contains("attributes: [partner]"))
        try s.write("partner.yaml", withPartner)
        let w = try Workspace.open(path: s.db)
        #expect(throws: StoreError.self) { try w.applyMetadata(file: s.path("partner.yaml")) }
        #expect(try Workspace.open(path: s.db).metadata.category("partner") == nil)
    }
}
