import CFuzzer
import TallyCore
import TallyIO

/// Existing units the input may name as parents.
let existing = [
    OrgUnit(code: "C", name: "County", parentCode: nil), OrgUnit(code: "A", name: "Town", parentCode: "C"),
]

/// The entry point: hands the command line to libFuzzer's driver.
@_cdecl("FuzzOrgUnits_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) }
}

/// Reads the input as an org-unit file, on its own and over existing units.
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for units in [[], existing] {
        do {
            let (read, tree) = try OrgUnitFile.read(bytes: bytes, name: "fuzz.csv", existing: units)
            precondition(tree.units.count >= read.count, "the tree lost units")
        } catch let error as any TallyError {
            _ = error.message
        } catch {
            fatalError("an error that is not a TallyError: \(error)")
        }
    }
    return 0
}
