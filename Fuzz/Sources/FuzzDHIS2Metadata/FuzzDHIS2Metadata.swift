import CFuzzer
import TallyCore
import TallyIO
import TallyInterchange

/// The entry point: hands the command line to libFuzzer's driver.
@_cdecl("FuzzDHIS2Metadata_main")
public func main(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var argc = argc
    var argv = argv
    return LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) }
}

/// Converts the input as DHIS2 metadata JSON; errors must be `MetadataConversionError`s. What a conversion
/// writes must be read back: the metadata file by the metadata parser, the org units by the org-unit reader,
/// the mapping by the mapping reader — each giving a result or a Tally error, never a crash.
func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    do {
        let conversion = try DHIS2MetadataConverter.convert(bytes: bytes, name: "fuzz.json")
        _ = try? MetadataParser(file: "converted.yaml").parse(conversion.yaml)
        _ = try? OrgUnitFile.read(bytes: Array(conversion.orgUnitsCSV.utf8), name: "orgunits.csv")
        for note in conversion.notes { _ = note.description }
    } catch {
        precondition(!error.message.isEmpty)
    }
    return 0
}
