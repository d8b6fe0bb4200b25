internal import ArgumentParser
internal import Foundation
internal import Tally
internal import TallyCore
internal import TallyEngine
internal import TallyRender

struct RollupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rollup",
        abstract: "Roll every element up for every org unit over every period of some types.",
        discussion: """
            Example:
              tally rollup --types monthly,quarterly,financial_oct --out rollup.csv
            Without --out, prints how many figures were computed, their sum and the time taken.
            The CSV has the columns element, combo, orgunit, period, value (combo empty = total).
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("Period types, comma-separated.", valueName: "types"))
    var types = "monthly,quarterly,financial_oct"
    @Option(help: ArgumentHelp("Write every figure to this CSV file.", valueName: "file")) var out: String?

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let workspace = try Workspace.open(path: database.path)
        var periodTypes: [PeriodType] = []
        for name in types.split(separator: ",") {
            guard let type = PeriodType.named(String(name).trimmingCharacters(in: .whitespaces)) else {
                throw usageError(
                    zh: "“\(name)”不是期间类型；应为以下之一：\(PeriodType.allCases.map(\.rawValue).joined(separator: ", "))",
                    en:
                        "'\(name)' is not a period type; expected one of: \(PeriodType.allCases.map(\.rawValue).joined(separator: ", "))"
                )
            }
            periodTypes.append(type)
        }
        let cube = try workspace.rollup(types: periodTypes)
        let seconds =
            Double((clock.now - started).components.seconds) + Double((clock.now - started).components.attoseconds)
            / 1e18
        if let out {
            try Self.write(cube, workspace: workspace, to: out)
            print("Wrote \(NumberFormat.group(String(cube.filledCells))) figures to \(out).")
        } else {
            print(
                "\(NumberFormat.group(String(cube.filledCells))) figures (\(cube.series.count) series × \(cube.periods.count) periods × \(NumberFormat.group(String(cube.unitCount))) units); sum \(NumberFormat.exact(cube.total)); \(String(format: "%.3f", seconds)) s"
            )
        }
    }

    static func write(_ cube: Cube, workspace: Workspace, to path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil),
            let handle = FileHandle(forWritingAtPath: path)
        else {
            throw usageError(zh: "无法写入 \(path)", en: "cannot write \(path)")
        }
        defer { try? handle.close() }
        var buffer = "element,combo,orgunit,period,value\n"
        for (s, series) in cube.series.enumerated() {
            for (p, period) in cube.periods.enumerated() {
                for u in 0..<cube.unitCount {
                    guard let v = cube.value(series: s, period: p, unit: u) else { continue }
                    buffer += CSVWriter.line([
                        series.element, series.combo, workspace.tree.units[u].code, period.identifier,
                        NumberFormat.exact(v),
                    ])
                    if buffer.utf8.count > 1 << 20 {
                        handle.write(Data(buffer.utf8))
                        buffer = ""
                    }
                }
            }
        }
        handle.write(Data(buffer.utf8))
    }
}
