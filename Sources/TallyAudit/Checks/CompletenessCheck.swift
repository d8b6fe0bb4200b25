/// Completeness of reporting (WHO DQR; DHIS2 reporting rates), per dataset: reports received ÷ reports
/// expected, judged for each audited unit; flagged below `completeness` (moderate), extreme 15 points lower.
/// Made by ``ReportingStep``.
public enum CompletenessCheck: ReportShareCheck {
    public typealias Payload = ReportShare<CompletenessCheck>
    public static let code = "completeness"
    public static let title = CheckTitle(
        zh: "报告完整性", en: "Completeness of reporting", table: "Completeness of reporting")
    public static let group = ScoreGroup.reporting
    public static let sent = (zh: "报送", en: "")
}
