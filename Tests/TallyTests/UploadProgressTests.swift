import Tally
import TallyText
import TallyTransfer
import Testing

/// What the import page shows while the server reads an upload: rows read, rows a second and the time left over
/// every reading the step still makes, in both languages.
@Suite struct UploadProgressTests {
    /// 1,250,000 rows in 2.5 s: 500,000 rows a second. A quarter of a 400-byte file in 2.5 s: a whole reading takes
    /// 10 s, so 7.5 s are left of this one and 10 s of the next: 17.5, about 18.
    @Test func theFirstOfTwoReadingsCountsTheSecondInTheTimeLeft() {
        let reading = DataValueImporter.Progress(rows: 1_250_000, bytesRead: 100, fileSize: 400, seconds: 2.5)
        let progress = UploadProgress(reading: 1, of: 2, reading)
        #expect(progress.secondsLeft == 18)
        #expect(progress.fraction == 0.125)
        let message = progress.message(file: "出生月报.csv")
        #expect(message.zh == "第1遍（共2遍）：出生月报.csv：已读1,250,000行，每秒500,000行，约剩18秒")
        #expect(message.en == "Reading 1 of 2: 出生月报.csv: 1,250,000 rows, 500,000 rows/s, about 18 s left")
    }

    /// One reading: the line `tally import` prints on a terminal; the share read is the share of the file.
    @Test func aSingleReadingSaysWhatTheCommandLineSays() {
        let reading = DataValueImporter.Progress(rows: 1_250_000, bytesRead: 100, fileSize: 400, seconds: 2.5)
        let progress = UploadProgress(reading: 1, of: 1, reading)
        #expect(progress.fraction == 0.25)
        #expect(progress.message(file: "a.csv").zh == "a.csv：已读1,250,000行，每秒500,000行，约剩8秒")
        #expect(progress.message(file: "a.csv").en == "a.csv: 1,250,000 rows, 500,000 rows/s, about 8 s left")
        #expect(progress.message(file: "a.csv").zh == reading.line(file: "a.csv").zh)
    }

    /// Before the first rows, and for a file whose size is not known (a workbook's sheet): no rate, no time left.
    @Test func aReadingJustBegunOrOfUnknownSizeSaysLess() {
        let begun = UploadProgress(
            reading: 2, of: 2, DataValueImporter.Progress(rows: 0, bytesRead: 0, fileSize: nil, seconds: 0))
        #expect(begun.message(file: "a.csv").zh == "第2遍（共2遍）：a.csv：正在读取……")
        #expect(begun.message(file: "a.csv").en == "Reading 2 of 2: a.csv: reading…")
        #expect(begun.secondsLeft == nil)
        #expect(begun.fraction == nil)
        let sheet = UploadProgress(
            reading: 1, of: 1, DataValueImporter.Progress(rows: 131_072, bytesRead: 0, fileSize: nil, seconds: 2))
        #expect(sheet.message(file: "乡镇.xlsx").zh == "乡镇.xlsx：已读131,072行，每秒65,536行")
        #expect(sheet.message(file: "乡镇.xlsx").en == "乡镇.xlsx: 131,072 rows, 65,536 rows/s")
    }
}
