import CFuzzer
import TallyIO

#if canImport(Glibc)
    import Glibc
#endif

/// One read of an input: every record's line and fields, and the error that ended it.
struct Outcome: Equatable {
    var records: [(line: Int, fields: [[UInt8]])] = []
    var error: CSVError?

    static func == (a: Outcome, b: Outcome) -> Bool {
        a.records.count == b.records.count && a.error?.code == b.error?.code && a.error?.line == b.error?.line
            && a.error?.column == b.error?.column
            && zip(a.records, b.records).allSatisfy { $0.line == $1.line && $0.fields == $1.fields }
    }
}

func readAll(_ reader: inout CSVReader) -> Outcome {
    var outcome = Outcome()
    var record = CSVRecord()
    do {
        while try reader.next(into: &record) {
            let fields = (0..<record.count).map { i in record.withBytes(i) { Array($0) } }
            for i in 0..<record.count { _ = try? record.validatedString(i) }
            outcome.records.append((record.line, fields))
        }
    } catch {
        outcome.error = error
    }
    return outcome
}

let path = "/dev/shm/tally-fuzz-csv-\(getpid()).csv"

/// The entry point: hands the command line to libFuzzer's driver.
@_cdecl("FuzzCSV_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) }
}

/// Reads the input from memory in one piece and from a file in small chunks (1–64 bytes, from the first
/// byte): both reads must give the same records and the same error, so chunk boundaries change nothing.
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    let chunk = Int(data[0] & 63) + 1
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    var memory = CSVReader(bytes: bytes)
    let fromMemory = readAll(&memory)
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    precondition(fd >= 0, "cannot write \(path)")
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
    var file = try! CSVReader(path: path, chunkSize: chunk)
    let fromFile = readAll(&file)
    precondition(
        fromMemory == fromFile,
        "chunk \(chunk): \(fromMemory.records.count) records / \(String(describing: fromMemory.error)) in memory, "
            + "\(fromFile.records.count) / \(String(describing: fromFile.error)) from the file")
    return 0
}
