import CFuzzer
import Foundation
import TallyCore
import TallyIO
import TallyInterchange

/// The entry point: hands the command line to libFuzzer's driver.
@_cdecl("FuzzWorkbook_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) }
}

/// The metadata of the DHIS2 fixtures, so that rows get as far as they can.
let context: InterchangeContext = {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Tests/TallyInterchangeTests/Fixtures/dhis2").standardizedFileURL
    let yaml = try! String(contentsOf: fixtures.appendingPathComponent("metadata.yaml"), encoding: .utf8)
    return InterchangeContext(metadata: try! MetadataParser(file: "metadata.yaml").parse(yaml))
}()

/// The workbook is read from a file: one per fuzzing process.
let path = FileManager.default.temporaryDirectory
    .appendingPathComponent("tally-fuzz-\(ProcessInfo.processInfo.processIdentifier).xlsx").path

/// Writes the input to a file and reads it as an `.xlsx` workbook: every sheet cell by cell, then the first
/// sheet as data values in both layouts. Errors must be `WorkbookError`s or `ImportIssue`s.
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes: data, count: size))
    defer { try? FileManager.default.removeItem(atPath: path) }
    do {
        let workbook = try Workbook(path: path)
        for sheet in workbook.sheets {
            let reader = try workbook.sheet(sheet.name)
            while let row = try reader.next() { _ = row.texts() }
        }
    } catch {
        precondition(!error.description.isEmpty)
    }
    for layout in WorkbookOptions.Layout.allCases {
        do {
            let source = try WorkbookRowSource(
                path: path, options: WorkbookOptions(layout: layout, period: "202510"), context: context)
            var row = DataValueRow()
            do {
                while try source.next(into: &row) {
                    for i in 0..<row.record.count { _ = try? row.record.validatedString(i) }
                }
            } catch {
                precondition(!error.description.isEmpty)
            }
        } catch {
            precondition(!error.description.isEmpty)
        }
    }
    return 0
}
