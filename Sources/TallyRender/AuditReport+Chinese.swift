internal import TallyCore
internal import TallyEngine
internal import TallyText

extension AuditReport {
    /// The Chinese sentence of a finding: periods as `2025年10月`, dates as `2025年12月5日`, names in Chinese.
    func chineseSentence(_ f: Finding) -> String {
        let unit = qualifiedName(f.unit, .zh)
        let name = metadata.element(f.element)?.name.text("zh") ?? f.element
        let period = LocalizedFormat.period(f.period, .zh)
        let value = f.value ?? 0
        let dataset =
            f.dataset.flatMap { code in metadata.datasets.first { $0.code == code }?.name.text("zh") } ?? f.dataset
            ?? ""
        func date(_ day: Day?) -> String { day.map { LocalizedFormat.date($0, .zh) } ?? "?" }
        switch f.check {
        case .expectedVsReported:
            let rate = metadata.element(f.element)?.referenceRate.map { NumberFormat.fixed($0, decimals: 1) } ?? "?"
            let confidence = NumberFormat.fixed(metadata.quality.confidence * 100, decimals: 0)
            let range = "报告数的\(confidence)%区间为\(count(f.low ?? 0))–\(count(f.high ?? 0))"
            let expected = f.expected ?? 0
            let gap =
                f.rateGap.map {
                    "报告的率比参考值\($0 < 0 ? "低" : "高")\(NumberFormat.fixed(abs($0), decimals: 1))个千分点。"
                } ?? ""
            if expected > value {
                return
                    "\(unit)\(period)报告\(name)\(count(value))，按人口和参考率（\(rate)‰）应约为\(count(expected))（\(range)），可能漏报约\(count(expected - value))。\(gap)"
            }
            return
                "\(unit)\(period)报告\(name)\(count(value))，按人口和参考率（\(rate)‰）仅应约为\(count(expected))（\(range)），请核查是否重复统计或人口数有误。\(gap)"
        case .verification:
            let verified = f.expected ?? 0
            let range =
                "正常范围\(NumberFormat.fixed(f.low ?? 0, decimals: 2))–\(NumberFormat.fixed(f.high ?? 0, decimals: 2))"
            if verified == 0 {
                return "\(unit)\(period)报告\(name)\(count(value))，但核实数为0。"
            }
            let factor = NumberFormat.fixed(f.score ?? 0, decimals: 2)
            if verified < value {
                return
                    "\(unit)\(period)报告\(name)\(count(value))，核实仅\(count(verified))（核实系数\(factor)，\(range)），报告数高于可核实数。"
            }
            return
                "\(unit)\(period)报告\(name)\(count(value))，核实\(count(verified))（核实系数\(factor)，\(range)），核实数多于报告数，存在漏报。"
        case .completeness, .timeliness:
            let share = NumberFormat.fixed((f.score ?? 0) * 100, decimals: 1)
            let threshold = NumberFormat.fixed((f.low ?? 0) * 100, decimals: 0)
            let how = f.check == .timeliness ? "按时报送" : "报送"
            return
                "\(unit)\(period)\(dataset)应报\(count(f.expected ?? 0))份，\(how)\(count(value))份，占\(share)%，低于要求的\(threshold)%。"
        case .outlier where f.score == nil:
            let bound =
                value < (f.low ?? -.infinity)
                ? "低于最小合理值\(count(f.low ?? 0))" : "高于最大合理值\(count(f.high ?? 0))"
            return "\(unit)\(period)报告\(name)\(count(value))，\(bound)，请核查是否录入错误。"
        case .outlier:
            let low = NumberFormat.fixed(max(f.low ?? 0, 0), decimals: 0)
            let high = NumberFormat.fixed(f.high ?? 0, decimals: 0)
            let z = NumberFormat.fixed(abs(f.score ?? 0), decimals: 1)
            let side = (f.score ?? 0) > 0 ? "高于" : "低于"
            return
                "\(unit)\(period)报告\(name)\(count(value))，其常见值为\(low)–\(high)（中位数\(count(f.expected ?? 0))），\(side)均值\(z)个标准差，请核查是否录入错误。"
        case .elementCompleteness:
            let share = NumberFormat.fixed((f.score ?? 0) * 100, decimals: 1)
            let threshold = NumberFormat.fixed((f.low ?? 0) * 100, decimals: 0)
            return
                "\(unit)\(period)\(name)应有数值\(count(f.expected ?? 0))个，实有\(count(value))个（\(share)%，低于要求的\(threshold)%；其中\(f.zeros ?? 0)个为0）。"
        case .validation:
            let rule = f.rule.flatMap { code in metadata.validationRules.first { $0.code == code } }
            let ruleName = rule?.name.text("zh") ?? f.rule ?? ""
            let left = NumberFormat.fixed(value, decimals: value == value.rounded() ? 0 : 2)
            let right = NumberFormat.fixed(
                f.expected ?? 0, decimals: (f.expected ?? 0) == (f.expected ?? 0).rounded() ? 0 : 2)
            return "\(unit)\(period)不符合校验规则“\(ruleName)”：\(left)对\(right)。"
        case .consistency:
            let own = NumberFormat.fixed(value, decimals: 2)
            let parent = NumberFormat.fixed(f.expected ?? 0, decimals: 2)
            let off = NumberFormat.fixed(abs((f.score ?? 1) - 1) * 100, decimals: 0)
            return
                "\(unit)\(period)\(name)为往年同期均值的\(own)倍，上级单位为\(parent)倍，变化偏离\(off)%。"
        case .score:
            return
                "\(unit)通过适用检查\(count(f.expected ?? 0))项中的\(count(value))项（\(NumberFormat.fixed((f.score ?? 0) * 100, decimals: 0))%）。"
        case .missingReport:
            let periods = f.periods.map { LocalizedFormat.period($0, .zh) }.joined(separator: "、")
            return "\(unit)未报送\(periods)的\(dataset)。"
        case .lateReport:
            let stored = f.stored.map { date(Timestamp.day($0)) } ?? "?"
            return
                "\(unit)\(period)的\(dataset)于\(stored)首次录入，比规定日期（\(date(f.due))）晚\(count(f.value ?? 0))天。"
        }
    }
}
