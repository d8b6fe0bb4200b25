public import Foundation
public import TallyIO
public import TallyInterchange

/// The metadata and identifier mapping of the DHIS2 fixtures, so that rows get as far as they can.
public let dhis2FixtureContext: InterchangeContext = {
    let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../Tests/TallyInterchangeTests/Fixtures/dhis2").standardizedFileURL
    let yaml = try! String(contentsOf: fixtures.appendingPathComponent("metadata.yaml"), encoding: .utf8)
    let metadata = try! MetadataParser(file: "metadata.yaml").parse(yaml)
    let mapping = try! IdentifierMapping.read(path: fixtures.appendingPathComponent("mapping.csv").path)
    return InterchangeContext(metadata: metadata, mapping: mapping)
}()

/// Reads every row of `source`, checking each field's text; returns the number of rows, or nil when the source
/// refused the input (its error must say something).
public func readRows(_ source: some DataValueRowSource) -> Int? {
    var row = DataValueRow()
    var count = 0
    do {
        while try source.next(into: &row) {
            for i in 0..<row.record.count { _ = try? row.record.validatedString(i) }
            count += 1
        }
        return count
    } catch {
        precondition(!error.description.isEmpty)
        return nil
    }
}
