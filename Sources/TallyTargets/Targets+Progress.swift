extension Targets {
    /// Where a unit with `target` stands on `asOf`, having achieved `achieved` since the campaign started.
    ///
    /// A milestone counts as passed on its own day. An amount within a billionth of a whole number counts as that
    /// number, so a pace that lands exactly on the target is not at risk. After the end, the pace is taken over the
    /// whole window.
    ///
    /// - Parameters:
    ///   - target: the unit's target, 0 or more.
    ///   - achieved: what the unit has achieved from the start to `asOf`; must be finite.
    ///   - asOf: the day of the reading, on or after the start (it may be after the end).
    ///   - campaign: the window and its milestones.
    /// - Throws: ``TargetError`` with code `negativeTarget` or `asOfBeforeStart`.
    public static func progress(
        target: Int, achieved: Double, asOf: CampaignDate, campaign: Campaign
    ) throws(TargetError) -> TargetProgress {
        precondition(achieved.isFinite, "progress: achieved \(achieved) is not a number")
        guard target >= 0 else { throw .negativeTarget(target) }
        guard asOf >= campaign.start else { throw .asOfBeforeStart(asOf: asOf, start: campaign.start) }

        let amount = snapped(achieved)
        let lastMilestone = campaign.milestones.last { $0.date <= asOf }
        let nextMilestone = campaign.milestones.first { $0.date > asOf }
        let dueNow = lastMilestone.map { due(target: target, share: $0.share) } ?? 0
        let nextDue = nextMilestone.map { due(target: target, share: $0.share) }
        let completed = amount >= Double(target)

        let status: TargetProgress.Status
        if amount >= Double(nextDue ?? target) {
            status = .ahead
        } else if amount >= Double(dueNow) {
            status = .onTrack
        } else {
            status = .behind
        }

        let windowDays = campaign.windowDays
        let elapsedDays = min(asOf - campaign.start + 1, windowDays)
        let pace = achieved / Double(elapsedDays)
        let projectedTotal = pace * Double(windowDays)
        var projectedDate: CampaignDate?
        if achieved > 0, target > 0 {
            let days = snapped(Double(target) / pace).rounded(.up)
            if days.isFinite, days <= 36_524_250 { projectedDate = campaign.start + (Int(days) - 1) }
        }

        return TargetProgress(
            target: target, achieved: achieved, asOf: asOf, percent: percent(achieved: achieved, target: target),
            dueNow: dueNow, lastMilestone: lastMilestone, nextMilestone: nextMilestone, nextDue: nextDue,
            gap: Double(nextDue ?? target) - achieved, status: status, elapsedDays: elapsedDays,
            windowDays: windowDays, projectedTotal: projectedTotal,
            atRisk: !completed && snapped(projectedTotal) < Double(target), projectedDate: projectedDate,
            completed: completed)
    }
}
