/// Timeliness of reporting (WHO DQR), per dataset: reports whose first value was stored by the end of the due
/// day ÷ reports expected, judged for each audited unit; flagged below `timeliness` (moderate), extreme 15
/// points lower. Made by ``ReportingStep``.
public enum TimelinessCheck: ReportShareCheck {
    public typealias Payload = ReportShare<TimelinessCheck>
    public static let code = "timeliness"
    public static let title = CheckTitle(zh: "报告及时性", en: "Timeliness of reporting", table: "Timeliness of reporting")
    public static let group = ScoreGroup.timeliness
    public static let sent = (zh: "按时报送", en: " on time")
}
