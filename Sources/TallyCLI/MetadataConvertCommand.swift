internal import ArgumentParser
internal import Foundation
internal import TallyCore
internal import TallyIO
internal import TallyInterchange

struct MetadataConvertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "Convert a DHIS2 metadata export (JSON) into a Tally metadata file, org-unit file and mapping.",
        discussion: """
            Example:
              tally metadata convert dhis2-metadata.json --out-metadata tally.yaml --out-orgunits orgunits.csv \\
                --mapping-out dhis2-ids.csv
              tally init --metadata tally.yaml --orgunits orgunits.csv
              tally import --mapping dhis2-ids.csv dataValueSets.json
            Translates organisationUnits, categories (with their options and combos), dataElements, indicators
            (#{uid.coc} expressions become #{code.option}; the indicator type's factor), validationRules and
            dataSets. Everything that cannot be translated — tracker elements, text values, program indicators,
            d2: functions, reporting rates, attribute categories — is listed, never dropped silently.
            See docs/interchange.md.
            """
    )

    @Argument(help: ArgumentHelp("The DHIS2 metadata file (JSON, from /api/metadata).", valueName: "file"))
    var file: String
    @Option(help: ArgumentHelp("Where to write the Tally metadata (YAML).", valueName: "file")) var outMetadata: String
    @Option(help: ArgumentHelp("Where to write the org units (CSV).", valueName: "file")) var outOrgunits: String?
    @Option(help: ArgumentHelp("Where to write the mapping of DHIS2 UIDs to Tally codes.", valueName: "file"))
    var mappingOut: String?

    func run() throws {
        let result = try DHIS2MetadataConverter.convert(path: file)
        try write(result.yaml, to: outMetadata)
        if let outOrgunits { try write(result.orgUnitsCSV, to: outOrgunits) }
        if let mappingOut { try write(result.mappingCSV, to: mappingOut) }
        let c = result.counts
        var written = [outMetadata]
        if let outOrgunits { written.append(outOrgunits) }
        if let mappingOut { written.append(mappingOut) }
        print(
            "Converted \(file): \(c["orgunits"] ?? 0) org units, \(c["categories"] ?? 0) categories, \(c["elements"] ?? 0) elements, \(c["indicators"] ?? 0) indicators, \(c["datasets"] ?? 0) datasets, \(c["validation_rules"] ?? 0) validation rules; wrote \(written.joined(separator: ", "))."
        )
        let skipped = result.notes.filter { $0.kind == .skipped }.count
        let approximated = result.notes.count - skipped
        if !result.notes.isEmpty {
            print("Not translated: \(skipped); translated with a difference: \(approximated):")
            for note in result.notes { print("  \(note)") }
        }
    }

    private func write(_ text: String, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw ValidationError("cannot write \(path)")
        }
    }
}
