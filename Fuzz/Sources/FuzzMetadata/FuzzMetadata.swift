import CFuzzer
import TallyCore
import TallyIO

/// The entry point: hands the command line to libFuzzer's driver.
@_cdecl("FuzzMetadata_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) }
}

/// Parses the input as a metadata file; any outcome but a `MetadataError` or a result is a finding.
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let metadata = try MetadataParser(file: "fuzz.yaml").parse(text)
        for element in metadata.elements { _ = metadata.combos(of: element) }
    } catch {
        _ = error.message
    }
    return 0
}
