import CFuzzer
import Foundation
import FuzzInterchangeSupport
import TallyCore
import TallyIO
import TallyInterchange

/// The entry point: hands the command line to libFuzzer's driver.
@_cdecl("FuzzADX_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) }
}

/// Reads every row of `bytes`; returns the number of rows, or nil when the reader refused the input.
func rows(_ bytes: [UInt8]) -> Int? {
    readRows(ADXReader(input: TextInput(bytes: bytes, name: "fuzz.xml"), context: dhis2FixtureContext))
}

let doctype = Array("<!DOCTYPE adx [<!ENTITY a \"aaaaaaaaaa\">]>\n".utf8)
let deep = Array(String(repeating: "<a>", count: 100).utf8)

/// Reads the input as an ADX file; errors must be `ImportIssue`s. The same input after a DOCTYPE, or inside
/// 100 nested elements, must be refused without a row.
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    _ = rows(bytes)
    precondition(rows(doctype + bytes) == nil, "accepted a DOCTYPE")
    precondition(rows(deep + bytes) == nil, "accepted nesting 100 deep")
    return 0
}
