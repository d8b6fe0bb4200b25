import TallyCore
import TallyIO

enum TallyIOHelpers {
    static func readUnits(_ csv: String) throws -> OrgUnitTree {
        try OrgUnitFile.read(bytes: Array(csv.utf8), name: "units.csv").tree
    }
}
