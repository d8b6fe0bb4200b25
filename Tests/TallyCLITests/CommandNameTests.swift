import ArgumentParser
import Testing

@testable import TallyCLI

/// Every command names itself in its configuration: a command without a name is named from its type by
/// `String(describing:)`, whose protocol-conformance scan over the whole binary cost about 1.7 ms of every run's
/// start-up (bench/RESULTS.md).
@Suite struct CommandNameTests {
    @Test func everyCommandHasAnExplicitName() {
        var unnamed: [String] = []
        var pending: [any ParsableCommand.Type] = [TallyCommand.self]
        var seen = 0
        while let command = pending.popLast() {
            seen += 1
            if command.configuration.commandName == nil { unnamed.append("\(command)") }
            pending += command.configuration.subcommands
        }
        #expect(seen > 20)
        #expect(unnamed.isEmpty, "commands without commandName: \(unnamed)")
    }

    /// A command with a `--lang` option writes its errors in that language too, so it must say which it was given.
    @Test func everyCommandWithALanguageSaysIt() {
        var silent: [String] = []
        var pending: [any ParsableCommand.Type] = [TallyCommand.self]
        var speaking = 0
        while let command = pending.popLast() {
            pending += command.configuration.subcommands
            let instance = command.init()
            guard Mirror(reflecting: instance).children.contains(where: { $0.label == "_lang" }) else { continue }
            speaking += 1
            if !(instance is any SpeaksLanguage) { silent.append("\(command)") }
        }
        #expect(speaking >= 11)
        #expect(silent.isEmpty, "commands with --lang that do not conform to SpeaksLanguage: \(silent)")
    }
}
