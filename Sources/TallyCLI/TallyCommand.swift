public import ArgumentParser
internal import Foundation
internal import TallyCore
public import TallyText

/// The `tally` command: hierarchical statistics from town and village counts.
public struct TallyCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "tally",
        abstract:
            "Hierarchical statistics reporting: collect counts from towns and villages, roll them up, compare, rank.",
        discussion: """
            Start with the demo, then query it:
              tally demo
              tally query --db tally-demo/tally.sqlite --indicator cbr --period 202510..202601 --children --compare last-year
            """,
        subcommands: [
            DemoCommand.self, InitCommand.self, MetadataCommand.self, OrgUnitsCommand.self, ImportCommand.self,
            ExportCommand.self, QueryCommand.self, CheckCommand.self, TargetsCommand.self, ReportCommand.self,
            RollupCommand.self, ServeCommand.self, UserCommand.self, BackupCommand.self, RestoreCommand.self,
            VerifyCommand.self, ReportStatusCommand.self,
        ]
    )

    public init() {}

    /// Runs the command line with Tally's exit codes: 0 ok, 1 bad input or data, 2 usage.
    public static func runMain(_ arguments: [String]? = nil) -> Int32 {
        let language = CommandLineLanguage.named(in: arguments ?? Array(CommandLine.arguments.dropFirst()))
        return CommandLineLanguage.$current.withValue(language) { run(arguments, language: language) }
    }

    private static func run(_ arguments: [String]?, language: Language) -> Int32 {
        var language = language
        do {
            var command = try parseAsRoot(arguments)
            if let speaking = command as? any SpeaksLanguage { language = speaking.lang }
            try command.run()
            return 0
        } catch let error as any TallyError {
            Console.error(Localized(zh: "错误：", en: "error: ")(language) + error.message(language))
            return 1
        } catch let code as ExitCode {
            return code.rawValue
        } catch {
            let exit = exitCode(for: error)
            let text = fullMessage(for: error)
            if exit == .success {
                if !text.isEmpty { print(text) }
                return 0
            }
            if error is ValidationError || exit == .validationFailure {
                Console.error(text)
                return 2
            }
            // Parse errors from ArgumentParser are usage errors; anything else is a failure.
            if String(describing: type(of: error)).contains("CommandError")
                || String(describing: type(of: error)).contains("ParserError")
            {
                Console.error(text)
                return 2
            }
            Console.error("error: \(text.isEmpty ? "\(error)" : text)")
            return 1
        }
    }
}

/// The language of the command line's `--lang`, read before the arguments are parsed: a usage error found while
/// parsing (a value out of range, two options that do not go together) is written in it too. English without one.
enum CommandLineLanguage {
    /// The language of the command being run.
    @TaskLocal static var current = Language.en

    /// The value of the last `--lang X` or `--lang=X` among `arguments` (before a `--`), when it names a language.
    static func named(in arguments: [String]) -> Language {
        var found = Language.en
        var k = 0
        while k < arguments.count, arguments[k] != "--" {
            let argument = arguments[k]
            if argument == "--lang", k + 1 < arguments.count {
                found = Language(rawValue: arguments[k + 1]) ?? found
                k += 1
            } else if argument.hasPrefix("--lang=") {
                found = Language(rawValue: String(argument.dropFirst("--lang=".count))) ?? found
            }
            k += 1
        }
        return found
    }
}

/// A usage error in the language of the command line (``CommandLineLanguage``): ArgumentParser writes it with the
/// command's usage, as it writes its own.
func usageError(zh: String, en: String) -> ValidationError {
    ValidationError(Localized(zh: zh, en: en)(CommandLineLanguage.current))
}

/// A command with `--lang`: its errors are written in that language too (the others' in English).
protocol SpeaksLanguage {
    /// The language chosen with `--lang`, or the command's default.
    var lang: Language { get }
}

extension CheckCommand: SpeaksLanguage {}
extension ExportCommand: SpeaksLanguage {}
extension ImportCommand: SpeaksLanguage {}
extension InitCommand: SpeaksLanguage {}
extension MetadataCommand.Apply: SpeaksLanguage {}
extension MetadataConvertCommand: SpeaksLanguage {}
extension OrgUnitsCommand.Geometry: SpeaksLanguage {}
extension QueryCommand: SpeaksLanguage {}
extension ReportCommand: SpeaksLanguage {}
extension ReportStatusCommand: SpeaksLanguage {}
extension TargetsCommand: SpeaksLanguage {}

/// Options every database command takes.
struct DatabaseOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The database: a SQLite file or a postgres://user:password@host:port/database URL (default: $TALLY_DB or ./tally.sqlite).",
            valueName: "path"))
    var db: String?

    var path: String {
        if let db { return db }
        if let env = ProcessInfo.processInfo.environment["TALLY_DB"], !env.isEmpty { return env }
        return "tally.sqlite"
    }
}

/// Writing to the terminal.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func progress(_ text: String) {
        FileHandle.standardError.write(Data(("\r" + text + "\u{1B}[K").utf8))
    }

    static var stderrIsTerminal: Bool { isatty(2) == 1 }

    /// Prints `text` to standard output, or writes it to `path` when one is given.
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            print(text, terminator: "")
            return
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw usageError(zh: "无法写入 \(path)", en: "cannot write \(path)")
        }
    }

    static var user: String {
        ProcessInfo.processInfo.environment["TALLY_USER"] ?? ProcessInfo.processInfo.environment["USER"] ?? "tally"
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970) }
}

/// `--lang zh`, `--lang en` (also `zh-Hans`, `en-GB`): the language text read once, where the option is parsed.
extension Language: ExpressibleByArgument {
    public init?(argument: String) {
        self.init(code: argument)
    }

    public static var allValueStrings: [String] { allCases.map(\.rawValue) }
}
