public import TallyCore
public import TallyIO

/// The data-value formats Tally reads and writes.
public enum InterchangeFormat: String, CaseIterable, Sendable {
    /// DHIS2's CSV (Tally's native CSV).
    case csv
    /// DHIS2 dataValueSets JSON: `{"dataValues": [{"dataElement": …}]}`.
    case dhis2JSON = "dhis2-json"
    /// ADX XML (`urn:ihe:qrph:adx:2015`): groups per org unit, period and data set, categories as attributes.
    case adx

    /// The format a file name suggests: `.csv`, `.json`, `.xml` or `.adx`; `nil` for anything else.
    public static func guess(path: String) -> InterchangeFormat? {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv") || lower.hasSuffix(".txt") { return .csv }
        if lower.hasSuffix(".json") { return .dhis2JSON }
        if lower.hasSuffix(".xml") || lower.hasSuffix(".adx") { return .adx }
        return nil
    }

    /// The names accepted on the command line, for messages.
    public static let names = "csv, dhis2-json, adx"
}

/// What the JSON and ADX readers need besides the file: the metadata (ADX categories, data sets) and the
/// identifier mapping.
public struct InterchangeContext: Sendable {
    /// The metadata.
    public var metadata: Metadata
    /// The identifier mapping (empty: identifiers are Tally codes).
    public var mapping: IdentifierMapping

    /// A context.
    public init(metadata: Metadata, mapping: IdentifierMapping? = nil) {
        self.metadata = metadata
        self.mapping = mapping ?? IdentifierMapping()
    }

    /// The issue for a `dataSet` identifier that is neither a data set nor mapped to one; `nil` when it is fine.
    func dataSetProblem(
        _ id: String, file: String, line: Int, name: String, kind: ImportIssue.FieldKind
    )
        -> ImportIssue?
    {
        let code = mapping.toTally(.dataSet, id)
        guard !metadata.datasets.contains(where: { $0.code == code }) else { return nil }
        let expected = metadata.datasets.map(\.code).joined(separator: ", ")
        if mapping.tally(.dataSet, id) != nil {
            return ImportIssue(
                .unknownDataSet, file: file, line: line, column: name,
                detail:
                    "'\(id)' is mapped to '\(code)' in \(mapping.file), but that is not a data set; expected one of: \(expected)",
                fieldKind: kind)
        }
        let inMapping = mapping.isEmpty ? "" : " nor in the mapping file \(mapping.file) (kind dataset)"
        return ImportIssue(
            mapping.isEmpty ? .unknownDataSet : .unmappedIdentifier, file: file, line: line, column: name,
            detail: "'\(id)' is not a data set\(inMapping); expected one of: \(expected)", fieldKind: kind)
    }
}

/// Opens `path` as a row source of `format`.
///
/// - Throws: ``ImportError`` when the file cannot be opened.
public func makeRowSource(
    path: String, format: InterchangeFormat, encoding: TextEncoding = .utf8, context: InterchangeContext
) throws -> any DataValueRowSource {
    do {
        switch format {
        case .csv:
            return try CSVRowSource(path: path, encoding: encoding)
        case .dhis2JSON:
            return DataValueSetReader(input: try TextInput(path: path, encoding: encoding), context: context)
        case .adx:
            return ADXReader(input: try TextInput(path: path, encoding: encoding), context: context)
        }
    } catch let issue as ImportIssue {
        throw ImportError(file: path, issues: [issue], total: 1)
    } catch let error as TextInputError {
        throw ImportError(
            file: path, issues: [ImportIssue(.unreadable, file: path, line: 0, column: nil, detail: error.message)],
            total: 1)
    }
}
