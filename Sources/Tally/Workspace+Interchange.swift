public import TallyCore
public import TallyIO
public import TallyInterchange
public import TallyTransfer

extension Workspace {
    /// Imports a data file in any format through the same checks, one transaction per file.
    ///
    /// - Parameters:
    ///   - file: the file.
    ///   - format: the format; guessed from the extension (`.csv`, `.json`, `.xml`, `.adx`, also compressed as
    ///     `.json.gz` or `.csv.zip`) when `nil`. XML files are read by their root element.
    ///   - encoding: the file's text encoding.
    ///   - mapping: DHIS2 identifiers and their Tally codes.
    ///   - dryRun: check everything and count what would change, but write nothing.
    /// - Throws: ``ImportError`` listing the problems; nothing is written then.
    public func importData(
        file: String, format: InterchangeFormat? = nil, encoding: TextEncoding = .utf8,
        mapping: IdentifierMapping? = nil, user: String, time: Int64, dryRun: Bool = false,
        progress: ((DataValueImporter.Progress) -> Void)? = nil
    ) throws -> ImportSummary {
        let importer = self.importer
        importer.mapping = mapping
        let source = try makeRowSource(
            path: file, format: format, encoding: encoding,
            context: InterchangeContext(metadata: metadata, mapping: mapping))
        return try importer.importRows(
            from: source, into: store, user: user, time: time, dryRun: dryRun, progress: progress)
    }

    /// Writes the stored raw values of the subtree of `orgUnit` (the top unit when `nil`) for the given periods
    /// (all when empty) and elements (all when empty) in `format`.
    ///
    /// - Returns: the number of values written.
    @discardableResult
    public func export(
        format: InterchangeFormat, orgUnit: String?, periods: [Period] = [], elements: [String] = [],
        mapping: IdentifierMapping? = nil, exported: Int64 = 0, to write: (String) -> Void
    ) throws -> Int {
        let unit = try self.unit(orgUnit)
        let values = try DataValueExport.values(
            store: store, metadata: metadata, tree: tree, catalog: catalog, orgUnit: unit, periods: periods,
            elements: elements)
        try DataValueExport.write(
            values, format: format, metadata: metadata, mapping: mapping, exported: exported, to: write)
        return values.count
    }
}
