public import TallyCore
public import TallyIO
public import TallyInterchange
public import TallyText
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
        recordRegistrations(into: importer, user: nil, name: user, time: time)
        let source = try makeRowSource(
            path: file, format: format, encoding: encoding,
            context: InterchangeContext(metadata: metadata, mapping: mapping))
        return try importChecked(importer, source, user: user, time: time, dryRun: dryRun, progress: progress)
    }

    /// Runs an import of the command line with the validation rules: the import records the values of the rules'
    /// elements and the rules are checked on the values as they would be after it (``importRuleBreaks(_:)``). In a
    /// dry run a rule of `high` importance broken is a problem at the rows involved; the breaks are the summary's
    /// warnings. A real import is checked by a dry run first only when the metadata has a rule of `high` importance
    /// (``importFile(_:format:encoding:workbook:mapping:user:time:dryRun:progress:)``: the file is read twice);
    /// otherwise it is read once and its warnings are found after it. A file with more values of the rules'
    /// elements than the importer holds (``DataValueImporter/recordsValuesLimit``) is not checked, and its summary
    /// says so.
    func importChecked<Source: DataValueRowSource>(
        _ importer: DataValueImporter, _ source: Source, user: String, time: Int64, dryRun: Bool,
        progress: ((DataValueImporter.Progress) -> Void)?
    ) throws -> ImportSummary {
        guard !metadata.validationRules.isEmpty else {
            return try importer.importRows(
                from: source, into: store, user: user, time: time, dryRun: dryRun, progress: progress)
        }
        importer.recordsValuesOf = ruleElementIDs
        var summary = try importer.importRows(
            from: source, into: store, user: user, time: time, dryRun: dryRun, progress: progress)
        guard importer.stagedValuesComplete else {
            // Too many values to hold for the check: said, not silently skipped.
            summary.rulesUncheckedAbove = importer.recordsValuesLimit
            return summary
        }
        let breaks = try importRuleBreaks(importer.stagedValues)
        if dryRun, let refusal = ruleRefusal(breaks, file: source.name, sheet: importer.stagedSheet) { throw refusal }
        summary.warnings = breaks.map(\.sentence)
        return summary
    }

    /// Whether a real import must be checked by a dry run first: only a rule of `high` importance refuses a file.
    var rulesRefuseImports: Bool { metadata.validationRules.contains { $0.importance == .high } }

    /// Writes the stored raw values of the subtree of `orgUnit` (the top unit when `nil`) for the given periods
    /// (all when empty) and elements (all when empty) in `format`, with the completion dates of the reports that
    /// stand submitted, approved or accepted as `completeDate` where DHIS2 writes it (``DataValueExport/write(_:format:metadata:mapping:exported:registrations:to:)``).
    ///
    /// Identifiers are Tally's codes, or the mapping file's, or those of `schemes` (names in `language`; see
    /// ``identifierMapping(schemes:mapping:language:)``).
    ///
    /// - Returns: the number of values written.
    /// - Throws: ``IdentifierSchemeError`` before anything is written when a value's element, unit or combo (or the
    ///   data set a format names) has no identifier in the schemes.
    @discardableResult
    public func export(
        format: InterchangeFormat, orgUnit: String?, periods: [Period] = [], elements: [String] = [],
        mapping: IdentifierMapping? = nil, schemes: IdentifierSchemes = IdentifierSchemes(),
        language: Language = .en, exported: Int64 = 0, to write: (String) -> Void
    ) throws -> Int {
        let unit = try self.unit(orgUnit)
        let values = try DataValueExport.values(
            store: store, metadata: metadata, tree: tree, catalog: catalog, orgUnit: unit, periods: periods,
            elements: elements)
        let mapping = try identifierMapping(schemes: schemes, mapping: mapping, language: language)
        try checkIdentifiers(values, mapping: mapping, dataSets: format != .csv, categories: format == .adx)
        let registrations = format == .csv ? [] : try completeRegistrations(orgUnit: orgUnit, periods: periods)
        try DataValueExport.write(
            values, format: format, metadata: metadata, mapping: mapping, exported: exported,
            registrations: registrations, to: write)
        return values.count
    }
}

extension Workspace {
    /// Imports a data file in any format Tally reads through the same checks, one transaction per file: an Excel
    /// workbook when `format` is ``DataFormat/workbook`` or, without a format, the file ends in `.xlsx`
    /// (``importWorkbook(file:options:mapping:user:time:dryRun:progress:)``); otherwise CSV, DHIS2 JSON or XML, or
    /// ADX, also compressed (``importData(file:format:encoding:mapping:user:time:dryRun:progress:)``). Identifiers
    /// are read in `schemes` (``identifierMapping(schemes:mapping:language:)``): a name in any language; a data value
    /// set's own `idScheme`, `dataElementIdScheme`, … keys choose the kinds `schemes` leaves to the default. The
    /// validation rules are checked on the values as they would be after the import (``importChecked``): a rule of
    /// `high` importance broken refuses the file, the others are the summary's ``ImportSummary/warnings``.
    ///
    /// - Throws: ``ImportError`` listing the problems, `WorkbookError` for an unsafe workbook,
    ///   ``IdentifierSchemeError`` for a scheme whose identifiers Tally does not hold; nothing is written then.
    public func importFile(
        _ file: String, format: DataFormat? = nil, encoding: TextEncoding = .utf8,
        workbook options: WorkbookOptions = WorkbookOptions(), mapping: IdentifierMapping? = nil,
        schemes: IdentifierSchemes = IdentifierSchemes(), user: String, time: Int64, dryRun: Bool = false,
        progress: ((DataValueImporter.Progress) -> Void)? = nil
    ) throws -> ImportSummary {
        if !dryRun && rulesRefuseImports {
            // The rules are checked on a dry run first: a rule of high importance broken imports nothing.
            _ = try importFile(
                file, format: format, encoding: encoding, workbook: options, mapping: mapping, schemes: schemes,
                user: user, time: time, dryRun: true)
        }
        var schemes = schemes
        if case .interchange(let chosen)? = format {
            schemes = try self.schemes(schemes, ofFile: file, named: file, format: chosen, encoding: encoding)
        } else if format == nil && !file.lowercased().hasSuffix(".xlsx") {
            schemes = try self.schemes(schemes, ofFile: file, named: file, format: nil, encoding: encoding)
        }
        let mapping = try identifierMapping(schemes: schemes, mapping: mapping)
        let isCSV = format == .interchange(.csv) || format == nil && file.lowercased().hasSuffix(".csv")
        if isCSV && options.layout == .wide {
            return try importWideCSV(
                file: file, encoding: encoding, options: options, mapping: mapping, user: user, time: time,
                dryRun: dryRun, progress: progress)
        }
        switch format {
        case .workbook?:
            return try importWorkbook(
                file: file, options: options, mapping: mapping, user: user, time: time, dryRun: dryRun,
                progress: progress)
        case nil where file.lowercased().hasSuffix(".xlsx"):
            return try importWorkbook(
                file: file, options: options, mapping: mapping, user: user, time: time, dryRun: dryRun,
                progress: progress)
        case .interchange(let chosen)?:
            return try importData(
                file: file, format: chosen, encoding: encoding, mapping: mapping, user: user, time: time,
                dryRun: dryRun, progress: progress)
        case nil:
            return try importData(
                file: file, encoding: encoding, mapping: mapping, user: user, time: time, dryRun: dryRun,
                progress: progress)
        }
    }
}

/// A format of data-value files: one of DHIS2's interchange formats, or an Excel workbook.
public enum DataFormat: Sendable, Equatable {
    /// CSV, DHIS2 dataValueSets JSON, DXF2 XML or ADX.
    case interchange(InterchangeFormat)
    /// An Excel workbook (`.xlsx`).
    case workbook

    /// The format of a name as the command line gives it (`csv`, `dhis2-json`, `dxf2-xml`, `adx`, `xlsx`, in any
    /// case); `nil` for anything else.
    public init?(name: String) {
        let lower = name.lowercased()
        if lower == "xlsx" {
            self = .workbook
        } else if let format = InterchangeFormat(rawValue: lower) {
            self = .interchange(format)
        } else {
            return nil
        }
    }
}
