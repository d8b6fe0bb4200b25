import TallyIO
import Testing

@Suite struct TargetFileTests {
    let units: Set<String> = ["C", "T1", "T2"]

    func read(_ csv: String) throws -> [TargetFile.Entry] {
        try TargetFile.read(bytes: Array(csv.utf8), name: "targets.csv", units: units)
    }

    @Test func readsTargets() throws {
        let entries = try read("\u{FEFF}OrgUnit,Target\r\nC,250\r\nT1, 100 \r\n")
        #expect(
            entries == [
                TargetFile.Entry(orgUnit: "C", target: 250, line: 2),
                TargetFile.Entry(orgUnit: "T1", target: 100, line: 3),
            ])
    }

    @Test(arguments: [
        ("orgunit,target\nX,5\n", "targets.csv, line 2, column 'orgunit': 'X' is not an org unit code"),
        ("orgunit,target\nC,-5\n", "targets.csv, line 2, column 'target': '-5' is negative; a target is 0 or more"),
        ("orgunit,target\nC,2.5\n", "targets.csv, line 2, column 'target': '2.5' is not a whole number"),
        (
            "orgunit,target\nC,5\nT1,1\nC,6\n",
            "targets.csv, line 4, column 'orgunit': 'C' already has a target on line 2"
        ),
        ("unit,goal\nC,5\n", "targets.csv, line 1: expected the header orgunit,target"),
        ("", "targets.csv, line 1: the file is empty"),
    ])
    func refused(_ csv: String, _ text: String) {
        #expect {
            _ = try read(csv)
        } throws: { error in
            (error as? TargetFileError)?.message.hasPrefix(text) == true
        }
    }
}
