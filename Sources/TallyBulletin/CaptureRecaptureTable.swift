internal import TallyAudit
public import TallyCore
internal import TallyQuality
internal import TallyRender
internal import TallyText

/// The capture–recapture table of the bulletin and of the review: per unit the two lists, the events on both,
/// the estimated total with its interval, each list's completeness and the events on neither list.
enum CaptureRecaptureTable {
    /// The table (the first unit emphasized as the total) and the sentences under it: the first unit's estimate,
    /// the reasons a unit has none, and the assumptions.
    static func make(
        _ rows: [(unit: Int, counts: CaptureRecaptureCounts)], definition: CaptureRecaptureDefinition,
        tree: OrgUnitTree, metadata: Metadata, language: Language
    ) -> (table: Bulletin.Table, lines: [String]) {
        func name(_ reference: ElementReference) -> String {
            metadata.element(reference.element)?.name.text(language) ?? reference.description
        }
        let first = name(definition.first)
        let second = name(definition.second)
        let confidence = NumberFormat.fixed(metadata.quality.confidence * 100, decimals: 0)
        func count(_ v: Double) -> String { NumberFormat.fixed(v, decimals: 0) }
        func percent(_ v: Double) -> String { NumberFormat.fixed(v * 100, decimals: 1) + "%" }
        let threshold = definition.threshold
        var lines: [String] = []
        let tableRows = rows.enumerated().map { k, row -> [String] in
            let unitName = tree.units[row.unit].name(language)
            let counts = row.counts
            var cells = [
                k == 0 ? Label.parentRow.text(language, unitName) : unitName, count(counts.first), count(counts.second),
                count(counts.matched),
            ]
            switch counts.outcome {
            case .estimate(let r):
                let flag = { (share: Double) in share < threshold ? " !" : "" }
                cells += [
                    count(r.total), "\(count(r.logNormalInterval.low))–\(count(r.logNormalInterval.high))",
                    percent(r.firstCompleteness) + flag(r.firstCompleteness),
                    percent(r.secondCompleteness) + flag(r.secondCompleteness), count(r.missedByBoth),
                ]
                if k == 0 {
                    lines.append(
                        Label.crSummary.text(
                            language, unitName, count(r.total), confidence, count(r.logNormalInterval.low),
                            count(r.logNormalInterval.high), language.insideSentence(first),
                            percent(r.firstCompleteness), language.insideSentence(second),
                            percent(r.secondCompleteness), count(r.missedByBoth)))
                }
            case .undefined:
                cells += [Label.crUndefined.text(language), "–", "–", "–", "–"]
            case .impossible(let error):
                cells += ["–", "–", "–", "–", "–"]
                lines.append(Label.crImpossible.text(language, unitName, error.message(language)))
            }
            return cells
        }
        lines.append(
            Label.crNote.text(language, NumberFormat.fixed(threshold * 100, decimals: 0) + "%"))
        let table = Bulletin.Table(
            columns: [
                Label.unit.text(language), first, second, Label.crMatched.text(language),
                Label.crTotal.text(language), Label.crInterval.text(language, confidence),
                Label.crShare.text(language, first), Label.crShare.text(language, second),
                Label.crMissed.text(language),
            ],
            numeric: [false, true, true, true, true, true, true, true, true], rows: tableRows,
            emphasized: rows.isEmpty ? [] : [0],
            caption: definition.name?.text(language) ?? Label.captureRecapture.text(language))
        return (table, lines)
    }
}
