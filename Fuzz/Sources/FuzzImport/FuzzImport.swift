import CFuzzer
import TallyCore
import TallyIO
import TallyStore
import TallyStoreSQLite
import TallyTransfer

/// A small county in an in-memory database, made once.
nonisolated(unsafe) let setup: (store: SQLiteStore, importer: DataValueImporter) = {
    let yaml = """
        categories:
          sex: {name: Sex, options: {male: Male, female: Female}}
        elements:
          births: {name: Live births, categories: [sex]}
          population: {name: Population, aggregation: average}
          rate: {name: A rate, type: number, negative: true}
        datasets:
          monthly: {name: Monthly, period: monthly, elements: [births]}
        """
    let metadata = try! MetadataParser(file: "fuzz.yaml").parse(yaml)
    let store = try! SQLiteStore(path: ":memory:")
    let combos = Set(metadata.elements.flatMap { metadata.combos(of: $0).map(\.code) })
    try! store.applyMetadata(document: yaml, elements: metadata.elements.map(\.code), combos: combos.sorted())
    _ = try! store.saveOrgUnits([
        OrgUnit(code: "C", name: "County", parentCode: nil), OrgUnit(code: "a1", name: "Village", parentCode: "C"),
        OrgUnit(code: "b1", name: "Other", parentCode: "C"),
    ])
    let importer = DataValueImporter(metadata: metadata, catalog: try! store.catalog())
    return (store, importer)
}()

/// The entry point: hands the command line to libFuzzer's driver.
@_cdecl("FuzzImport_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) }
}

/// Imports the input as a data-value file (a dry run, so the database stays the same between inputs).
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let summary = try setup.importer.importBytes(
            bytes, name: "fuzz.csv", into: setup.store, user: "fuzz", time: 1_760_000_000, dryRun: true)
        precondition(
            summary.new + summary.changed + summary.unchanged + summary.deleted + summary.absent == summary.rows)
    } catch let error as ImportError {
        precondition(!error.issues.isEmpty && error.total >= error.issues.count)
        _ = error.message
    } catch {
        fatalError("an error that is not an ImportError: \(error)")
    }
    return 0
}
