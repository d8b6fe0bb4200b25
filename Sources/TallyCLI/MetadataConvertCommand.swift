internal import ArgumentParser
internal import Foundation
internal import TallyCore
internal import TallyIO
internal import TallyInterchange
internal import TallyText

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
    @Option(help: ArgumentHelp("The summary's and the notes' language: en or zh.", valueName: "lang"))
    var lang: Language = .en

    func run() throws {
        let result = try DHIS2MetadataConverter.convert(path: file)
        try Console.write(result.yaml, to: outMetadata)
        if let outOrgunits { try Console.write(result.orgUnitsCSV, to: outOrgunits) }
        if let mappingOut { try Console.write(result.mappingCSV, to: mappingOut) }
        let c = result.counts
        var written = [outMetadata]
        if let outOrgunits { written.append(outOrgunits) }
        if let mappingOut { written.append(mappingOut) }
        let counts = (
            c["orgunits"] ?? 0, c["categories"] ?? 0, c["elements"] ?? 0, c["indicators"] ?? 0, c["datasets"] ?? 0,
            c["validation_rules"] ?? 0
        )
        print(
            Localized(
                zh:
                    "已转换 \(file)：\(counts.0)个组织单位、\(counts.1)个分类、\(counts.2)个数据元素、\(counts.3)个指标、\(counts.4)个数据集、\(counts.5)条校验规则；已写入 \(written.joined(separator: "、"))。",
                en:
                    "Converted \(file): \(counts.0) org units, \(counts.1) categories, \(counts.2) elements, \(counts.3) indicators, \(counts.4) datasets, \(counts.5) validation rules; wrote \(written.joined(separator: ", "))."
            )(lang))
        let skipped = result.notes.filter { $0.kind == .skipped }.count
        let approximated = result.notes.count - skipped
        if !result.notes.isEmpty {
            print(
                Localized(
                    zh: "未转换：\(skipped)；近似转换：\(approximated)：",
                    en: "Not translated: \(skipped); translated with a difference: \(approximated):")(lang))
            for note in result.notes { print("  " + note.text(lang)) }
        }
    }
}
