internal import ArgumentParser
internal import Tally
internal import TallyCore
internal import TallyIO
internal import TallyStore
internal import TallyText

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create a database from a metadata file and an org-unit file.",
        discussion: """
            Example:
              tally init --metadata tally.yaml --orgunits orgunits.csv
              TALLY_DB=postgres://tally:secret@127.0.0.1:5432/tally tally init --metadata tally.yaml --orgunits orgunits.csv
            The org-unit file has the header code,name,parent (parent empty for the top unit).
            An existing database is never replaced unless --force is given.
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The metadata file (YAML).", valueName: "file")) var metadata: String
    @Option(help: ArgumentHelp("The org-unit file (CSV: code,name,parent).", valueName: "file")) var orgunits: String
    @Option(help: ArgumentHelp("The org-unit file's encoding: utf-8 (default), gbk or gb18030.", valueName: "name"))
    var encoding: String = "utf-8"
    @Flag(help: "Replace an existing database.") var force = false
    @Option(help: ArgumentHelp("Language of the notices about the metadata: en or zh.", valueName: "lang"))
    var lang: Language = .en

    func validate() throws {
        try EncodingOption.check(encoding)
    }

    func run() throws {
        let workspace = try Workspace.create(
            path: database.path, metadataFile: metadata, orgUnitsFile: orgunits, force: force,
            orgUnitsEncoding: TextEncoding(name: encoding) ?? .utf8)
        let m = workspace.metadata
        print(
            "Created \(workspace.store.location): \(m.elements.count) elements, \(m.indicators.count) indicators, \(m.datasets.count) datasets, \(ImportSummary.grouped(workspace.tree.count)) org units in \(workspace.tree.depth) levels."
        )
        if workspace.store.location == database.path {
            print("Next: tally import FILE.csv --db \(database.path)")
        } else {
            print("Next: tally import FILE.csv, with the same --db or TALLY_DB")
        }
        MetadataCommand.printNotices(workspace, lang)
    }
}

/// The check of an `--encoding` option, shared by the commands that read CSV files.
enum EncodingOption {
    /// Throws a validation error naming the encodings Tally reads when `name` is not one.
    static func check(_ name: String) throws {
        if TextEncoding(name: name) == nil {
            throw usageError(
                zh: "“\(name)”不是 Tally 能读取的编码；应为以下之一：\(TextEncoding.names)",
                en: "'\(name)' is not an encoding Tally reads; expected one of: \(TextEncoding.names)")
        }
    }
}

struct MetadataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata",
        abstract: "Update the metadata (elements, indicators, datasets).",
        discussion: """
            Example:
              tally metadata apply tally.yaml
              tally metadata convert dhis2-metadata.json --out-metadata tally.yaml --out-orgunits orgunits.csv
            The file's form is described, with a complete commented example, in docs/metadata.md.
            """,
        subcommands: [Apply.self, MetadataConvertCommand.self]
    )

    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "apply",
            abstract: "Apply a metadata file to an existing database.",
            discussion: """
                Example:
                  tally metadata apply tally.yaml
                Refused when stored values use an element or category option that the file no longer has.
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The metadata file (YAML).", valueName: "file")) var file: String
        @Option(help: ArgumentHelp("Language of the notices about the metadata: en or zh.", valueName: "lang"))
        var lang: Language = .en

        func run() throws {
            let workspace = try Workspace.open(path: database.path).applyMetadata(file: file)
            let m = workspace.metadata
            print(
                "Applied \(file): \(m.elements.count) elements, \(m.indicators.count) indicators, \(m.datasets.count) datasets."
            )
            MetadataCommand.printNotices(workspace, lang)
        }
    }
}

extension MetadataCommand {
    /// Prints ``Workspace/metadataNotices`` after the summary of `tally init` or `tally metadata apply`.
    static func printNotices(_ workspace: Workspace, _ language: Language) {
        for notice in workspace.metadataNotices {
            print(Localized(zh: "注意：", en: "Note: ")(language) + notice(language))
        }
    }
}

struct OrgUnitsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orgunits",
        abstract: "Add or update org units.",
        discussion: """
            Example:
              tally orgunits import new-villages.csv
              tally orgunits geometry boundaries.geojson
            """,
        subcommands: [Import.self, Geometry.self]
    )

    struct Geometry: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "geometry",
            abstract: "Import org-unit boundaries from GeoJSON or DHIS2 metadata JSON, for the maps.",
            discussion: """
                Each feature names its unit by the property 'code' (or --code-key); in DHIS2 metadata each
                organisation unit's 'geometry' (DHIS2 2.32 and later) is read. Polygons and multipolygons only;
                DHIS2 units with a point or no geometry are counted as skipped. The boundaries are simplified
                together (Douglas–Peucker, 10 m tolerance, shared borders kept shared) and stored all or nothing,
                replacing the boundaries of the units named.
                Example:
                  tally orgunits geometry boundaries.geojson
                  tally orgunits geometry --lang zh dhis2-metadata.json
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The boundary file (.geojson or .json).", valueName: "file")) var file: String
        @Option(help: ArgumentHelp("The property or member holding the unit's code.", valueName: "key"))
        var codeKey = "code"
        @Option(help: ArgumentHelp("The summary's language: zh or en.", valueName: "lang")) var lang: Language = .en

        func run() throws {
            let result = try Workspace.open(path: database.path).importBoundaries(file: file, codeKey: codeKey)
            print(result.summary(lang))
        }
    }

    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract:
                "Add new org units and update names and parents from a CSV file or an Excel sheet (code,name,parent).",
            discussion: """
                Example:
                  tally orgunits import new-villages.csv
                  tally orgunits import --encoding gbk 新村居.csv
                  tally orgunits import --sheet 村居 units.xlsx
                """
        )

        @OptionGroup var database: DatabaseOptions
        @Argument(help: ArgumentHelp("The org-unit file (.csv or .xlsx).", valueName: "file")) var file: String
        @Option(help: ArgumentHelp("xlsx: the sheet to read (default: the first).", valueName: "name")) var sheet:
            String?
        @Option(help: ArgumentHelp("The CSV file's encoding: utf-8 (default), gbk or gb18030.", valueName: "name"))
        var encoding: String = "utf-8"

        func validate() throws {
            try EncodingOption.check(encoding)
        }

        func run() throws {
            let result = try Workspace.open(path: database.path).importOrgUnits(
                file: file, sheet: sheet, encoding: TextEncoding(name: encoding) ?? .utf8)
            print(
                "\(file): \(result.added) added, \(result.changed) changed; \(ImportSummary.grouped(result.workspace.tree.count)) org units in all."
            )
        }
    }
}
