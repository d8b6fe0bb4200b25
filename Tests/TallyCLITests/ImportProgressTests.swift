import TallyText
import Testing

@testable import TallyCLI
@testable import TallyTransfer

/// The line `tally import` rewrites on a terminal while it reads, in both languages.
@Suite struct ImportProgressTests {
    /// 1,250,000 rows in 2.5 s: 500,000 rows a second; a quarter of a 400-byte file read in 2.5 s leaves 7.5 s.
    @Test func theLineSaysRowsRateAndTimeLeftInEitherLanguage() {
        let p = DataValueImporter.Progress(rows: 1_250_000, bytesRead: 100, fileSize: 400, seconds: 2.5)
        let line = ImportCommand.progressLine(file: "出生月报.csv", p)
        #expect(line.zh == "出生月报.csv：已读1,250,000行，每秒500,000行，约剩8秒")
        #expect(line.en == "出生月报.csv: 1,250,000 rows, 500,000 rows/s, about 8 s left")
        let unknownSize = DataValueImporter.Progress(rows: 65_536, bytesRead: 0, fileSize: nil, seconds: 0)
        let first = ImportCommand.progressLine(file: "a.csv", unknownSize)
        #expect(first.zh == "a.csv：已读65,536行，每秒65,536,000行")
        #expect(first.en == "a.csv: 65,536 rows, 65,536,000 rows/s")
    }
}
