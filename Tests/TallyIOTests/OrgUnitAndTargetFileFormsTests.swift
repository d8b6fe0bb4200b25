import Foundation
import TallyCore
import TallyIO
import Testing

/// Org-unit and target files as offices keep them: in GBK, in UTF-16, and org-unit lists that would make
/// several top units (refused: Tally adds every figure up to one top unit, and `export`, `query` and `check` start
/// from it).
@Suite struct OrgUnitAndTargetFileFormsTests {
    /// Writes `bytes` to a fresh file.
    static func file(_ name: String, _ bytes: [UInt8]) throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-io-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent(name).path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func severalTopUnitsAreRefusedNamingThem() throws {
        let csv = "code,name,parent\nC,云溪县,\nA,青石镇,C\nX,白沙乡,P\nP,邻县,\n"
        do {
            _ = try OrgUnitFile.read(bytes: Array(csv.utf8), name: "units.csv")
            Issue.record("a list of two top units should be refused")
        } catch let error as OrgUnitError {
            #expect(error.code == .severalTopUnits)
            #expect(
                error.message
                    == "2 units have no parent, so they would be 2 top units: C (云溪县, units.csv, line 2), P (邻县, units.csv, line 5); Tally adds every figure up to one top unit, so give all of them but the top one a parent (add the unit above them, such as the county or province, and name it as their parent)"
            )
        }
        // Adding a unit without a parent to a stored tree makes a second top unit too.
        let stored = [OrgUnit(code: "C", name: "云溪县", parentCode: nil)]
        #expect(throws: OrgUnitError.self) {
            _ = try OrgUnitFile.read(bytes: Array("code,name,parent\nZ,新县,\n".utf8), name: "new.csv", existing: stored)
        }
        // One top unit, given a parent in a later file, is fine.
        let (units, tree) = try OrgUnitFile.read(
            bytes: Array("code,name,parent\nP,市,\nC,云溪县,P\n".utf8), name: "up.csv", existing: stored)
        #expect(units.count == 2 && tree.roots == [0] && tree.units[0].code == "P")
    }

    @Test func gbkOrgUnitAndTargetFiles() throws {
        let units = try #require(TextEncoding.gbk.encode("code,name,parent\nC,云溪县,\nA,青石镇,C\n"))
        let path = try Self.file("村居.csv", units)
        // As UTF-8 the names are not text, and the message says how to read them.
        do {
            _ = try OrgUnitFile.read(path: path)
            Issue.record("GBK read as UTF-8 should be refused")
        } catch let error as OrgUnitError {
            #expect(error.message.contains("--encoding gbk"))
        }
        let (read, _) = try OrgUnitFile.read(path: path, encoding: .gbk)
        #expect(read.map(\.name) == ["云溪县", "青石镇"])
        let targets = try #require(TextEncoding.gb18030.encode("orgunit,target\nA,120\n"))
        let targetPath = try Self.file("目标.csv", targets)
        let entries = try TargetFile.read(path: targetPath, units: ["C", "A"], encoding: .gb18030)
        #expect(entries.map(\.target) == [120])
    }

    @Test func utf16FilesAreNamedAsSuch() throws {
        let text = "code,name,parent\nC,云溪县,\n"
        let le: [UInt8] = [0xFF, 0xFE] + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        do {
            _ = try OrgUnitFile.read(path: try Self.file("u.csv", le))
            Issue.record("UTF-16 should be refused")
        } catch let error as OrgUnitError {
            #expect(error.message.contains("the file is UTF-16 (little-endian) text"))
        }
        let missing = "/nonexistent/targets.csv"
        do {
            _ = try TargetFile.read(path: missing, units: [])
        } catch let error as TargetFileError {
            #expect(!error.message.contains("line 0"))
            #expect(error.message.hasPrefix("\(missing): the file cannot be opened"))
        }
    }
}
