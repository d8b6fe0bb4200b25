public import TallyCore
public import TallyText

extension Workspace {
    /// What to tell whoever applies this metadata, without refusing it: each element aggregated with `average`
    /// that is the denominator of a rate.
    ///
    /// `average` is DHIS2's `AVERAGE` (a town's figure is the mean of its villages'); Tally's own `average` once
    /// meant what is now `average_sum_org_unit` (summed over units, averaged over time), and an office's file
    /// written before then, with `aggregation: average` for its population, would make every rate above a village
    /// wrong by the number of villages. Said when the metadata is applied (`tally init`, `tally metadata apply`),
    /// in both languages.
    public var metadataNotices: [Localized<String>] {
        var denominators: [String] = []
        for indicator in metadata.indicators {
            for reference in indicator.denominator.references where !denominators.contains(reference.element) {
                denominators.append(reference.element)
            }
        }
        return metadata.elements.filter { $0.aggregation == .average && denominators.contains($0.code) }.map {
            element in
            Localized(
                zh:
                    "数据项“\(element.name.text(.zh))”（\(element.code)）按 average 汇总，是比率的分母：上级单位的值是下级单位的平均数（DHIS2 的 AVERAGE），不是合计；人口数等在单位间相加、在时间上平均的数据项应写 aggregation: average_sum_org_unit",
                en:
                    "the element '\(element.name.text(.en))' (\(element.code)) is aggregated with average and is a rate's denominator: a unit's figure is the mean of the units below it (DHIS2's AVERAGE), not their sum; for a population or another figure added over units and averaged over time, write aggregation: average_sum_org_unit"
            )
        }
    }
}
