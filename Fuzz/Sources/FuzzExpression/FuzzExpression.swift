import CFuzzer
import TallyCore

/// The entry point: hands the command line to libFuzzer's driver.
@_cdecl("FuzzExpression_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) }
}

/// Parses the input as an indicator expression; an expression that parses must print in a canonical form
/// that parses back to the same tree.
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    guard let expression = try? Expression(parsing: text) else { return 0 }
    let canonical = expression.description
    let again: Expression
    do {
        again = try Expression(parsing: canonical)
    } catch {
        fatalError("'\(text)' printed as '\(canonical)', which does not parse: \(error)")
    }
    precondition(again == expression, "'\(text)' → '\(canonical)' → '\(again)'")
    _ = expression.references
    _ = expression.evaluate { _ in 1 }
    return 0
}
