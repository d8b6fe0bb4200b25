import ArgumentParser
import TallyCLI
import Testing

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
}
