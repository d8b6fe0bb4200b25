internal import ArgumentParser
internal import TallyCore
internal import TallyIO

/// `--id-scheme` and its per-kind overrides, as DHIS2's `idScheme`, `dataElementIdScheme`, `orgUnitIdScheme`,
/// `categoryOptionComboIdScheme`, `attributeOptionComboIdScheme`, `dataSetIdScheme`, `categoryIdScheme` and
/// `categoryOptionIdScheme` parameters:
/// which identifiers a file uses.
struct IdSchemeOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The identifiers of elements, org units, combos and data sets: code (default), name, uid (with --mapping) or attribute:ID.",
            valueName: "scheme"))
    var idScheme: String?
    @Option(help: ArgumentHelp("The identifiers of data elements (overrides --id-scheme).", valueName: "scheme"))
    var dataElementIdScheme: String?
    @Option(help: ArgumentHelp("The identifiers of org units (overrides --id-scheme).", valueName: "scheme"))
    var orgUnitIdScheme: String?
    @Option(
        help: ArgumentHelp("The identifiers of category option combos (overrides --id-scheme).", valueName: "scheme"))
    var categoryOptionComboIdScheme: String?
    @Option(
        help: ArgumentHelp(
            "The identifiers of attribute option combos (overrides --id-scheme; not set by --category-option-combo-id-scheme).",
            valueName: "scheme"))
    var attributeOptionComboIdScheme: String?
    @Option(help: ArgumentHelp("The identifiers of data sets (overrides --id-scheme).", valueName: "scheme"))
    var dataSetIdScheme: String?
    @Option(
        help: ArgumentHelp(
            "The identifiers of categories: ADX's category attribute names (not set by --id-scheme).",
            valueName: "scheme"))
    var categoryIdScheme: String?
    @Option(
        help: ArgumentHelp(
            "The identifiers of category options: ADX's category attribute values (not set by --id-scheme).",
            valueName: "scheme"))
    var categoryOptionIdScheme: String?

    /// The schemes the options name.
    func schemes() throws(IdentifierSchemeError) -> IdentifierSchemes {
        try IdentifierSchemes(
            idScheme: idScheme, dataElement: dataElementIdScheme, orgUnit: orgUnitIdScheme,
            categoryOptionCombo: categoryOptionComboIdScheme, dataSet: dataSetIdScheme, category: categoryIdScheme,
            categoryOption: categoryOptionIdScheme, attributeOptionCombo: attributeOptionComboIdScheme)
    }

    func validate() throws {
        do {
            _ = try schemes()
        } catch {
            throw ValidationError(error.message(CommandLineLanguage.current))
        }
    }
}
