extension DemoCounty {
    /// Counts for the demo county's 250 villages; scaled with the number of villages.
    static let missingCount = 6
    static let lateCount = 15
    static let outlierCount = 3

    /// Picks the problem towns and village-months and records them in the flags and in ``problems``.
    mutating func seedProblems(townCodes: [String], townNames: [String]) {
        let allMonths = Self.monthlyPeriods
        let lastYear = (Self.months - 12)..<Self.months
        for t in townCodes.indices where townCodes.count >= 5 {
            if t % 12 == 3 {
                townFlags[t] |= Self.underReportingFlag
                problems.underReportingTowns.append(
                    DemoProblems.TownProblem(
                        town: townCodes[t], name: townNames[t], elements: [.births],
                        factor: Self.underReportingFactor, periods: allMonths))
            } else if t % 12 == 4 {
                townFlags[t] |= Self.overReportingFlag
                problems.overReportingTowns.append(
                    DemoProblems.TownProblem(
                        town: townCodes[t], name: townNames[t], elements: [.ancVisits, .childChecks],
                        factor: Self.overReportingFactor, periods: lastYear.map { allMonths[$0] }))
            }
        }

        // Cell problems go to distinct villages of clean towns, in a seeded order.
        var rng = DemoRandom(seed: seed, tag: 9)
        var candidates = villageCodes.indices.filter { townFlags[villageTown[$0]] == 0 }
        if candidates.isEmpty { candidates = Array(villageCodes.indices) }
        guard !candidates.isEmpty else { return }
        for i in stride(from: candidates.count - 1, to: 0, by: -1) {
            candidates.swapAt(i, rng.int(0...i))
        }
        var next = 0
        func scaled(_ n: Int) -> Int {
            max(1, Int((Double(n) * Double(villageCodes.count) / 250).rounded()))
        }
        /// The k-th of n months spread evenly over `range`, jittered.
        func spread(_ k: Int, _ n: Int, _ range: Range<Int>) -> Int {
            range.lowerBound + min(Int((Double(k) + rng.uniform()) * Double(range.count) / Double(n)), range.count - 1)
        }
        /// A free month of village `v` at or after `m` in `range` (cyclically).
        func free(_ v: Int, _ m: Int, _ range: Range<Int>) -> Int? {
            for step in 0..<range.count {
                let month = range.lowerBound + (m - range.lowerBound + step) % range.count
                if cellFlags[v * Self.months + month] == 0 { return month }
            }
            return nil
        }
        func takeVillage() -> Int {
            defer { next += 1 }
            return candidates[next % candidates.count]
        }

        let missing = scaled(Self.missingCount)
        for k in 0..<missing {
            let v = takeVillage()
            guard let m = free(v, spread(k, missing, lastYear), lastYear) else { continue }
            cellFlags[v * Self.months + m] |= Self.missingFlag
        }
        let late = scaled(Self.lateCount)
        for k in 0..<late {
            let v = takeVillage()
            guard let m = free(v, spread(k, late, 0..<Self.months), 0..<Self.months) else { continue }
            cellFlags[v * Self.months + m] |= Self.lateFlag
        }
        // Outliers need a count large enough that ten times it stands out: villages expecting ≥ 9 checks.
        let outliers = scaled(Self.outlierCount)
        var placed = 0
        var tries = 0
        while placed < outliers && tries < candidates.count {
            tries += 1
            let v = takeVillage()
            let month = spread(placed, outliers, lastYear)
            guard let m = free(v, month, lastYear) else { continue }
            let intended = report(village: v, month: m).checks
            guard intended >= 5 || tries > candidates.count / 2 else { continue }
            cellFlags[v * Self.months + m] |= Self.outlierFlag
            placed += 1
        }

        // Describe them in data order (period, then village).
        for m in 0..<Self.months {
            for v in villageCodes.indices {
                let flags = cellFlags[v * Self.months + m]
                guard flags != 0 else { continue }
                let cell = DemoProblems.Cell(orgUnit: villageCodes[v], period: allMonths[m])
                if flags & Self.missingFlag != 0 { problems.missingReports.append(cell) }
                if flags & Self.lateFlag != 0 {
                    let time = entryTime(village: v, month: m, late: true)
                    let (year, month) = Self.calendarMonth(m)
                    let days = Int(time / 86_400) - DemoCalendar.lastDay(year: year, month: month)
                    problems.lateReports.append(
                        DemoProblems.LateReport(cell: cell, lastUpdated: time, daysAfterPeriodEnd: days))
                }
                if flags & Self.outlierFlag != 0 {
                    let value = report(village: v, month: m).checks
                    problems.outliers.append(
                        DemoProblems.Outlier(
                            cell: cell, element: .childChecks, value: value, intendedValue: value / 10))
                }
            }
        }
    }
}
