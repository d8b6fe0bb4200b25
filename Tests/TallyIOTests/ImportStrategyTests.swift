import Foundation
import TallyCore
import TallyIO
import TallyStore
import TallyText
import TallyTransfer
import Testing

/// DHIS2's import strategies and the partial import, through the importer (the stores' rules are in the shared
/// store suite).
@Suite struct ImportStrategyTests {
    static let header = "dataelement,period,orgunit,categoryoptioncombo,value\n"
    static let base = header + "births,202510,360121100201,male,5\nbirths,202510,360121100202,male,7\n"

    func fixture() throws -> ImportFixture {
        let f = try ImportFixture()
        try f.run(Self.base, name: "base.csv")
        return f
    }

    func run(_ f: ImportFixture, _ csv: String, strategy: ImportStrategy, partial: Bool = false) throws -> ImportSummary
    {
        let importer = try f.importer
        importer.strategy = strategy
        importer.partial = partial
        return try importer.importBytes(
            Array(csv.utf8), name: "data.csv", into: f.store, user: "tester", time: 1_800_000_000)
    }

    @Test func updateChangesOnlyStoredValues() throws {
        let f = try fixture()
        let s = try run(
            f, Self.header + "births,202510,360121100201,male,6\nbirths,202511,360121100201,male,1\n",
            strategy: .update)
        #expect((s.changed, s.new, s.ignored) == (1, 0, 1))
        #expect(s.line.contains("1 ignored (values not stored yet; the strategy update only updates)"))
        #expect(s.ignoredPhrase.zh.contains("策略 update 只更新已有的"))
        #expect(try f.snapshot() == ["births.male@360121100201/202510=6.0", "births.male@360121100202/202510=7.0"])
    }

    @Test func createAddsOnlyNewValues() throws {
        let f = try fixture()
        let s = try run(
            f, Self.header + "births,202510,360121100201,male,6\nbirths,202511,360121100201,male,1\n",
            strategy: .create)
        #expect((s.changed, s.new, s.ignored) == (0, 1, 1))
        #expect(
            try f.snapshot() == [
                "births.male@360121100201/202510=5.0", "births.male@360121100201/202511=1.0",
                "births.male@360121100202/202510=7.0",
            ])
    }

    @Test func deleteRemovesWhatTheFileNamesWhateverTheValue() throws {
        let f = try fixture()
        let s = try run(
            f, Self.header + "births,202510,360121100201,male,99\nbirths,202512,360121100201,male,\n",
            strategy: .delete)
        #expect((s.deleted, s.absent) == (1, 1))
        #expect(try f.snapshot() == ["births.male@360121100202/202510=7.0"])
    }

    @Test func aRowMarkedDeletedNeedsAStrategyThatRemoves() throws {
        let f = try fixture()
        let csv =
            "dataelement,period,orgunit,categoryoptioncombo,value,deleted\nbirths,202510,360121100201,male,5,true\n"
        #expect(throws: ImportError.self) { try run(f, csv, strategy: .update) }
        do {
            _ = try run(f, csv, strategy: .create)
        } catch let error as ImportError {
            #expect(error.issues.first?.code == .badFlag)
            #expect(error.message(.en).contains("removals need the strategy delete or create-and-update"))
            #expect(error.message(.zh).contains("删除要用策略 delete 或 create-and-update"))
        }
        #expect(try run(f, csv, strategy: .createAndUpdate).deleted == 1)
    }

    @Test func aPartialImportWritesTheGoodRowsAndListsTheBadOnes() throws {
        let f = try fixture()
        let csv =
            Self.header
            + "births,202511,360121100201,male,1\nbirths,202511,nosuch,male,2\nbirths,202511,360121100202,male,x\n"
            + "births,202511,360121100201,male,4\n"
        // Without --partial nothing is written.
        #expect(throws: ImportError.self) { try run(f, csv, strategy: .createAndUpdate) }
        #expect(try f.snapshot().count == 2)
        let s = try run(f, csv, strategy: .createAndUpdate, partial: true)
        // Line 2 is written; lines 3 and 4 are refused; line 5 gives line 2's value again (the first stays).
        #expect((s.new, s.refused) == (1, 3))
        #expect(s.refusedIssues.map(\.line) == [3, 4, 5])
        #expect(s.refusedIssues.map(\.code) == [.unknownOrgUnit, .notNumeric, .duplicate])
        #expect(s.line.contains("3 refused (a partial import; the problems follow)"))
        #expect(s.refusedLines(.zh).count == 3)
        #expect(try f.snapshot().contains("births.male@360121100201/202511=1.0"))
    }

    @Test func namesAsDHIS2WritesThem() {
        #expect(ImportStrategy(name: "CREATE_AND_UPDATE") == .createAndUpdate)
        #expect(ImportStrategy(name: "NEW_AND_UPDATES") == .createAndUpdate)
        #expect(ImportStrategy(name: "UPDATES") == .update)
        #expect(ImportStrategy(name: "deletes") == .delete)
        #expect(ImportStrategy(name: "create") == .create)
        #expect(ImportStrategy(name: "merge") == nil)
    }
}
