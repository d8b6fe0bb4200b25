import CFuzzer
import Foundation
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

/// The metadata and identifier mapping of the DHIS2 fixtures, so that rows get as far as they can.
let context: InterchangeContext = {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Tests/TallyInterchangeTests/Fixtures/dhis2").standardizedFileURL
    let yaml = try! String(contentsOf: fixtures.appendingPathComponent("metadata.yaml"), encoding: .utf8)
    let metadata = try! MetadataParser(file: "metadata.yaml").parse(yaml)
    let mapping = try! IdentifierMapping.read(path: fixtures.appendingPathComponent("mapping.csv").path)
    return InterchangeContext(metadata: metadata, mapping: mapping)
}()

/// Reads every row of `bytes`; returns the number of rows, or nil when the reader refused the input.
func rows(_ bytes: [UInt8]) -> Int? {
    let reader = DataValueSetReader(input: TextInput(bytes: bytes, name: "fuzz.json"), context: context)
    var row = DataValueRow()
    var count = 0
    do {
        while try reader.next(into: &row) {
            for i in 0..<row.record.count { _ = try? row.record.validatedString(i) }
            count += 1
        }
        return count
    } catch {
        precondition(!error.description.isEmpty)
        return nil
    }
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
