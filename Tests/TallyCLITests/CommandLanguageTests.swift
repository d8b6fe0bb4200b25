import Foundation
import TallyText
import Testing

@testable import TallyCLI

/// A command's `--lang` reaches everything it writes: `tally metadata convert`'s summary and notes, and an error
/// ending a command (`错误：…` rather than `error: …`). Runs the built `tally`.
@Suite struct CommandLanguageTests {
    static let metadata = """
        {"organisationUnits": [{"id": "DistrictA01", "name": "A", "parent": {"id": "Province001"}}],
         "programs": [{"id": "ProgramUID1", "name": "Tracker"}]}
        """

    @Test(.enabled(if: ServeBrowserTests.tally != nil))
    func theConverterSpeaksTheLanguageChosen() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-lang-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("dhis2.json").path
        try Self.metadata.write(toFile: input, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("m.yaml").path
        let (status, chinese) = try ServeBrowserTests.run([
            "metadata", "convert", input, "--out-metadata", out, "--lang", "zh",
        ])
        #expect(status == 0, "\(chinese)")
        #expect(chinese.contains("已转换 \(input)：1个组织单位、0个分类、0个数据元素、0个指标、0个数据集、0条校验规则；已写入 \(out)。"))
        #expect(chinese.contains("未转换：1；近似转换：1："))
        #expect(chinese.contains("  近似转换：organisationUnits DistrictA01 'A'：其上级 Province001 不在文件中；它成为最上级单位"))
        #expect(chinese.contains("  未转换：programs：1个对象，Tally 没有与之对应的种类"))
        let (_, english) = try ServeBrowserTests.run(["metadata", "convert", input, "--out-metadata", out])
        #expect(english.contains("Not translated: 1; translated with a difference: 1:"))
        #expect(
            english.contains(
                "  approximated: organisationUnits DistrictA01 'A': its parent Province001 is not in the file; it is the top unit"
            ))
    }

    @Test(.enabled(if: ServeBrowserTests.tally != nil))
    func anErrorIsWrittenInTheLanguageChosen() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tally-lang-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let input = dir.appendingPathComponent("broken.json").path
        try "{\"organisationUnits\": [".write(toFile: input, atomically: true, encoding: .utf8)
        let out = dir.appendingPathComponent("m.yaml").path
        let (refused, chinese) = try ServeBrowserTests.run([
            "metadata", "convert", input, "--out-metadata", out, "--lang=zh",
        ])
        #expect(refused == 1)
        #expect(chinese.hasPrefix("错误：\(input)："), "\(chinese)")
        let (again, english) = try ServeBrowserTests.run(["metadata", "convert", input, "--out-metadata", out])
        #expect(again == 1)
        #expect(english.hasPrefix("error: \(input): "), "\(english)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// A usage error found while the arguments are read — a value out of range, options that do not go together —
    /// is written in the language of `--lang` too, with ArgumentParser's usage line; English without it.
    @Test(.enabled(if: ServeBrowserTests.tally != nil))
    func aUsageErrorIsWrittenInTheLanguageChosen() throws {
        let (status, chinese) = try ServeBrowserTests.run(["query", "--period", "202601", "--lang", "zh"])
        #expect(status == 2)
        #expect(chinese.contains("请给出 --element 或 --indicator"), "\(chinese)")
        #expect(chinese.contains("Usage: tally query"))
        let (_, level) = try ServeBrowserTests.run([
            "query", "--indicator", "cbr", "--period", "202601", "--level", "0", "--lang=zh",
        ])
        #expect(level.contains("--level 应为 1 或更大"), "\(level)")
        let (again, english) = try ServeBrowserTests.run(["query", "--period", "202601"])
        #expect(again == 2)
        #expect(english.contains("give --element or --indicator"), "\(english)")
        #expect(!english.contains("请给出"))
    }

    /// The language is the last `--lang` before a `--`, and English when the value names none.
    @Test func theCommandLineLanguageIsReadBeforeParsing() {
        #expect(CommandLineLanguage.named(in: ["query", "--lang", "zh"]) == .zh)
        #expect(CommandLineLanguage.named(in: ["query", "--lang=zh", "--period", "202601"]) == .zh)
        #expect(CommandLineLanguage.named(in: ["query", "--lang", "zh", "--lang", "en"]) == .en)
        #expect(CommandLineLanguage.named(in: ["query", "--lang", "klingon"]) == .en)
        #expect(CommandLineLanguage.named(in: ["query", "--lang"]) == .en)
        #expect(CommandLineLanguage.named(in: ["import", "--", "--lang", "zh"]) == .en)
        #expect(CommandLineLanguage.named(in: []) == .en)
    }

    /// Every usage error of the command line is written in both languages: no `ValidationError` with an English
    /// sentence alone is left in TallyCLI (`usageError(zh:en:)` makes them).
    @Test func everyUsageErrorHasBothLanguages() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Sources/TallyCLI"
        ).standardized
        var found: [String] = []
        for file in try FileManager.default.contentsOfDirectory(atPath: sources.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("ValidationError(\"") || line.hasSuffix("ValidationError(") {
                found.append("\(file):\(n + 1)")
            }
        }
        #expect(found.isEmpty, "English-only usage errors: \(found)")
    }
}
