import CFuzzer
import TallyCore

/// The entry point: hands the command line to libFuzzer's driver.
@_cdecl("FuzzISOPeriod_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) }
}

/// Parses the input as an ISO 8601 interval (ADX's periods); a period that parses must print as an interval
/// that parses back to the same period and prints the same again. A Tally identifier that parses must print
/// as an interval that parses back to a period of the same days.
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let period = try? Period(isoInterval: text) {
        let interval = period.isoInterval
        let again: Period
        do {
            again = try Period(isoInterval: interval)
        } catch {
            fatalError("'\(text)' parsed as \(period.identifier), whose interval \(interval) does not parse: \(error)")
        }
        precondition(again == period, "'\(text)' → \(interval) → \(again.identifier), not \(period.identifier)")
        precondition(again.isoInterval == interval, "'\(text)' → \(interval) → \(again.isoInterval)")
        _ = period.days
    }
    if let period = try? Period(text) {
        let interval = period.isoInterval
        let again: Period
        do {
            again = try Period(isoInterval: interval)
        } catch {
            fatalError("'\(text)' parsed as \(period.identifier), whose interval \(interval) does not parse: \(error)")
        }
        precondition(
            again.start == period.start && again.end == period.end,
            "'\(text)' → \(interval) → \(again.identifier): other days than \(period.identifier)")
    }
    return 0
}
