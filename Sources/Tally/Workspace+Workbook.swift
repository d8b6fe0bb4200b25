public import TallyCore
public import TallyIO
public import TallyInterchange
internal import TallyStore
public import TallyText
public import TallyTransfer

extension Workspace {
    /// Imports the data values of a sheet of an Excel workbook through the same checks as every format, in one
    /// transaction.
    ///
    /// - Parameters:
    ///   - file: the `.xlsx` file.
    ///   - options: the sheet, the layout (long: the CSV's columns; wide: one row per org unit), the period of a
    ///     wide sheet and its column titles, and the limits against hostile workbooks.
    ///   - mapping: DHIS2 identifiers and their Tally codes.
    ///   - dryRun: check everything and count what would change, but write nothing.
    /// - Throws: ``WorkbookError`` when the workbook is unsafe or the sheet missing; ``ImportError`` listing the
    ///   problems of its rows (nothing is written then).
    public func importWorkbook(
        file: String, options: WorkbookOptions = WorkbookOptions(), mapping: IdentifierMapping? = nil, user: String,
        time: Int64, dryRun: Bool = false, progress: ((DataValueImporter.Progress) -> Void)? = nil
    ) throws -> ImportSummary {
        let importer = self.importer
        importer.mapping = mapping
        if options.layout == .wide { importer.unitNames = unitNames(under: nil) }
        let source = try WorkbookRowSource(
            path: file, options: options, context: InterchangeContext(metadata: metadata, mapping: mapping))
        return try importChecked(importer, source, user: user, time: time, dryRun: dryRun, progress: progress)
    }

    /// Imports a CSV file in the wide layout (units down, elements across, as a wide sheet), read in `encoding`,
    /// through the same reader as a wide sheet (``importWorkbook(file:options:mapping:user:time:dryRun:progress:)``):
    /// units by code or by name, totals rows left out and said so.
    public func importWideCSV(
        file: String, encoding: TextEncoding = .utf8, options: WorkbookOptions, mapping: IdentifierMapping? = nil,
        user: String, time: Int64, dryRun: Bool = false, progress: ((DataValueImporter.Progress) -> Void)? = nil
    ) throws -> ImportSummary {
        let importer = self.importer
        importer.mapping = mapping
        importer.unitNames = unitNames(under: nil)
        let source = try WorkbookRowSource(
            csvPath: file, encoding: encoding, options: options,
            context: InterchangeContext(metadata: metadata, mapping: mapping))
        return try importChecked(importer, source, user: user, time: time, dryRun: dryRun, progress: progress)
    }

    /// The names of the units of the subtree of `orgUnit` (a tree index; the whole tree when `nil`), in every
    /// language, canonical (trimmed, NFC), for a wide sheet whose unit column names units by name: a name two units
    /// of the subtree share is ambiguous there, a unit outside it is not found.
    func unitNames(under orgUnit: Int?) -> UnitNames {
        var units: [String: [UnitNames.Unit]] = [:]
        let reach: [Int] = orgUnit.map { Array(tree.subtree($0)) } ?? Array(tree.units.indices)
        for i in reach {
            let unit = tree.units[i]
            guard let id = catalog.orgUnits[unit.code] else { continue }
            let parent = tree.parent[i] >= 0 ? tree.units[Int(tree.parent[i])].name : ""
            let entry = UnitNames.Unit(id: id, code: unit.code, parent: parent)
            for name in Set([unit.name] + unit.translations.values) {
                guard let key = Canonical.canonicalOrNil(name, as: .name), !key.isEmpty else { continue }
                if units[key]?.contains(entry) != true { units[key, default: []].append(entry) }
            }
        }
        // The reach as a message names it: its top unit, or the tree's one root.
        let roots = tree.units.indices.filter { tree.parent[$0] < 0 }
        let top = orgUnit ?? (roots.count == 1 ? roots[0] : nil)
        let within =
            top.map { Localized(verbatim: "\(tree.units[$0].name) (\(tree.units[$0].code))") }
            ?? Localized(zh: "单位树", en: "the tree")
        return UnitNames(units: units, within: within)
    }

    /// Writes the stored raw values of the subtree of `orgUnit` for the given periods and elements to a workbook
    /// of one sheet in the CSV export's columns.
    ///
    /// - Returns: the number of values written.
    @discardableResult
    public func exportWorkbook(
        path: String, orgUnit: String?, periods: [Period] = [], elements: [String] = [],
        mapping: IdentifierMapping? = nil, schemes: IdentifierSchemes = IdentifierSchemes(), language: Language = .en
    ) throws -> Int {
        let unit = try self.unit(orgUnit)
        let values = try DataValueExport.values(
            store: store, metadata: metadata, tree: tree, catalog: catalog, orgUnit: unit, periods: periods,
            elements: elements)
        let mapping = try identifierMapping(schemes: schemes, mapping: mapping, language: language)
        try checkIdentifiers(values, mapping: mapping, dataSets: false)
        try WorkbookWriter.write([DataValueExport.sheet(values, mapping: mapping, metadata: metadata)], to: path)
        return values.count
    }

    /// Reads org units from a sheet `code,name,parent[,name_en…]` of a workbook (the first sheet by default).
    ///
    /// - Throws: ``WorkbookError`` or ``OrgUnitError`` naming the sheet and row.
    public static func readOrgUnits(
        workbook path: String, sheet: String? = nil, existing: [OrgUnit] = []
    ) throws -> (units: [OrgUnit], tree: OrgUnitTree) {
        let rows = try Workbook(path: path).textRows(sheet: sheet)
        return try OrgUnitFile.read(rows: rows, name: path, existing: existing)
    }
}
