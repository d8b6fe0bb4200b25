import CFuzzer
import TallyCore

/// The entry point: hands the command line to libFuzzer's driver.
@_cdecl("FuzzPeriod_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) }
}

/// Parses the input as a period identifier; a period that parses must print as an identifier that parses
/// back to the same period.
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let period = try? Period(text) else { return 0 }
    let again: Period
    do {
        again = try Period(period.identifier)
    } catch {
        fatalError("'\(text)' parsed as \(period.identifier), which does not parse: \(error)")
    }
    precondition(again == period, "'\(text)' → \(period.identifier) → \(again.identifier)")
    _ = period.days
    return 0
}
