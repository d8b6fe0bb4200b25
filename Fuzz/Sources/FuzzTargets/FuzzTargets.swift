import CFuzzer
import TallyCore
import TallyIO

/// The entry point: hands the command line to libFuzzer's driver.
@_cdecl("FuzzTargets_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) }
}

/// Reads the input as a campaign targets file.
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let entries = try TargetFile.read(bytes: bytes, name: "fuzz.csv", units: ["C", "A", "a1", "B"])
        for entry in entries { precondition(entry.target >= 0, "a negative target was accepted") }
    } catch let error as any TallyError {
        _ = error.message
    } catch {
        fatalError("an error that is not a TallyError: \(error)")
    }
    return 0
}
