import CFuzzer
import Foundation
import FuzzInterchangeSupport
import TallyCore
import TallyIO
import TallyInterchange

/// The entry point: hands the command line to libFuzzer's driver.
@_cdecl("FuzzDataValueSet_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) }
}

/// Reads every row of `bytes`; returns the number of rows, or nil when the reader refused the input.
func rows(_ bytes: [UInt8]) -> Int? {
    readRows(DataValueSetReader(input: TextInput(bytes: bytes, name: "fuzz.json"), context: dhis2FixtureContext))
}

/// Reads the input as a dataValueSets JSON file; errors must be `ImportIssue`s. The same input nested
/// 100 arrays deep must be refused.
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = rows(bytes)
    let deep = [UInt8](repeating: UInt8(ascii: "["), count: 100) + bytes
    precondition(rows(deep) == nil, "accepted nesting 100 deep")
    return 0
}
