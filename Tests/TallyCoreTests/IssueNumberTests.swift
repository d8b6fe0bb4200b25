import TallyCore
import TallyText
import Testing

/// The bulletin's issue number: `{year}` and `{seq}` filled for each period, by hand; other braces refused.
@Suite struct IssueNumberTests {
    static let pattern = "云统〔{year}〕{seq}号"

    @Test(arguments: [
        ("202603", "云统〔2026〕3号"),  // March: the third month
        ("202512", "云统〔2025〕12号"),
        ("2025Q4", "云统〔2025〕4号"),  // the fourth quarter
        ("2025S2", "云统〔2025〕2号"),  // the second half
        ("2026", "云统〔2026〕1号"),  // a year is the first of its year
        ("2025Oct", "云统〔2025〕1号"),  // the reporting year from October 2025: the one beginning in 2025
        ("20260305", "云统〔2026〕64号"),  // 31 + 28 + 5
        ("2026W10", "云统〔2026〕10号"),  // a week by its ISO number
        ("2026W01", "云统〔2026〕1号"),  // though it begins on 29 December 2025
        ("202510..202601", "云统〔2026〕1号"),  // a range: its last month
        ("2025Q4..2026Q1", "云统〔2026〕1号"),
    ])
    func placeholdersAreFilledForThePeriod(_ period: String, _ expected: String) throws {
        #expect(IssueNumber.text(Self.pattern, period: try Period(period)) == expected)
    }

    @Test func aPatternWithoutPlaceholdersIsPrintedAsItIs() throws {
        #expect(IssueNumber.text("2025年第10期", period: try Period("202603")) == "2025年第10期")
        #expect(IssueNumber.text("第{seq}期（{seq}）", period: try Period("2025Q2")) == "第2期（2）")
        #expect(IssueNumber.problem(in: "2025年第10期") == nil)
        #expect(IssueNumber.problem(in: Self.pattern) == nil)
    }

    @Test func otherBracesAreRefusedNamingThem() {
        #expect(IssueNumber.problem(in: "云统〔{yaer}〕{seq}号")?.en.contains("'{yaer' is not a placeholder") == true)
        #expect(IssueNumber.problem(in: "第{seq期")?.zh.contains("“{seq期”不是可用的占位符") == true)
        #expect(IssueNumber.problem(in: "{}") != nil)
        #expect(IssueNumber.problem(in: "") != nil)
        #expect(
            IssueNumber.problem(in: String(repeating: "号", count: 41))?.en == "is too long (41 characters); at most 40")
    }
}
