import Foundation

extension DemoCounty {
    /// The header of `data.csv`.
    public static let dataHeader = "dataelement,period,orgunit,categoryoptioncombo,value,storedby,lastupdated"

    /// Walks the data in file order: yearly population (by year, then village), then the monthly reports (by
    /// month, then village); missing reports are skipped.
    func forEachReport<E: Error>(
        population: (_ village: Int, _ year: Int, _ value: Int, _ lastUpdated: Int64) throws(E) -> Void,
        monthly: (_ village: Int, _ month: Int, _ report: MonthlyReport) throws(E) -> Void
    ) throws(E) {
        let count = villageCount
        for y in 0..<Self.years {
            for v in 0..<count {
                try population(v, y, self.population[v * Self.years + y], populationEntryTime(village: v, year: y))
            }
        }
        for m in 0..<Self.months {
            for v in 0..<count where cellFlags[v * Self.months + m] & Self.missingFlag == 0 {
                try monthly(v, m, report(village: v, month: m))
            }
        }
    }

    /// Calls `body` with every data row, in the order of `data.csv`; nothing is held in memory.
    public func forEachDataRow<E: Error>(_ body: (DemoDataRow) throws(E) -> Void) throws(E) {
        let years = Self.yearlyPeriods
        let months = Self.monthlyPeriods
        let slots = Self.slots
        try forEachReport(
            population: { (v, y, value, time) throws(E) in
                try body(
                    DemoDataRow(
                        element: .population, period: years[y], orgUnit: villageCodes[v], categoryOptionCombo: "",
                        value: value, storedBy: villageClerks[v], lastUpdated: time))
            },
            monthly: { (v, m, report) throws(E) in
                for (slot, (element, combo)) in slots.enumerated() {
                    try body(
                        DemoDataRow(
                            element: element, period: months[m], orgUnit: villageCodes[v], categoryOptionCombo: combo,
                            value: report.value(slot), storedBy: villageClerks[v], lastUpdated: report.lastUpdated))
                }
            })
    }

    /// Streams `data.csv` (header included) to `write` in chunks of about `chunkSize` bytes and returns the
    /// number of data rows. The chunk array is reused after `write` returns.
    @discardableResult
    public func writeDataCSV<E: Error>(
        chunkSize: Int = 1 << 20, to write: ([UInt8]) throws(E) -> Void
    ) throws(E) -> Int {
        var out = DemoCSV(chunkSize: chunkSize)
        out.bytes.append(contentsOf: Self.dataHeader.utf8)
        out.bytes.append(10)
        let years = Self.yearlyPeriods.map { Array($0.utf8) }
        let months = Self.monthlyPeriods.map { Array($0.utf8) }
        let elements = Self.slots.map { Array($0.element.code.utf8) }
        let combos = Self.slots.map { Array($0.combo.utf8) }
        let population = Array(DemoElement.population.code.utf8)
        let clerk = Array(",clerk_".utf8)
        let codes = villageCodeBytes
        var head: [UInt8] = []  // ",<period>,<orgunit>,"
        var tail: [UInt8] = []  // ",clerk_<orgunit>,<lastupdated>\n"
        head.reserveCapacity(64)
        tail.reserveCapacity(64)
        var rows = 0

        func prepare(_ v: Int, _ period: [UInt8], _ time: Int64) {
            let code = codes[(v * 12)..<(v * 12 + 12)]
            head.removeAll(keepingCapacity: true)
            head.append(44)
            head.append(contentsOf: period)
            head.append(44)
            head.append(contentsOf: code)
            head.append(44)
            tail.removeAll(keepingCapacity: true)
            tail.append(contentsOf: clerk)
            tail.append(contentsOf: code)
            tail.append(44)
            DemoCalendar.appendISO(time, to: &tail)
            tail.append(10)
        }
        func flush() throws(E) {
            guard out.isFull else { return }
            try write(out.bytes)
            out.bytes.removeAll(keepingCapacity: true)
        }

        try forEachReport(
            population: { (v, y, value, time) throws(E) in
                prepare(v, years[y], time)
                out.bytes.append(contentsOf: population)
                out.bytes.append(contentsOf: head)
                out.bytes.append(44)
                out.appendDecimal(value)
                out.bytes.append(contentsOf: tail)
                rows += 1
                try flush()
            },
            monthly: { (v, m, report) throws(E) in
                prepare(v, months[m], report.lastUpdated)
                for slot in 0..<DemoElement.valuesPerMonthlyReport {
                    out.bytes.append(contentsOf: elements[slot])
                    out.bytes.append(contentsOf: head)
                    out.bytes.append(contentsOf: combos[slot])
                    out.bytes.append(44)
                    out.appendDecimal(report.value(slot))
                    out.bytes.append(contentsOf: tail)
                }
                rows += DemoElement.valuesPerMonthlyReport
                try flush()
            })
        if !out.bytes.isEmpty { try write(out.bytes) }
        return rows
    }

    /// Streams `data.csv` to a file at `path` (replacing it) and returns the number of data rows.
    @discardableResult
    public func writeDataCSV(to path: String) throws -> Int {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        do {
            let rows = try writeDataCSV { (chunk: [UInt8]) throws(any Error) in try handle.write(contentsOf: chunk) }
            try handle.close()
            return rows
        } catch {
            try? handle.close()
            throw error
        }
    }

    /// The whole of `data.csv` as bytes; meant for small scales and tests.
    public func dataCSVBytes() -> [UInt8] {
        var all: [UInt8] = []
        writeDataCSV { all.append(contentsOf: $0) }
        return all
    }

    /// Writes `tally.yaml`, `orgunits.csv` and `data.csv` into `directory` (created if needed); at county scale also
    /// the campaign's `campaign.csv` and `targets.csv`, and the units' `boundaries.geojson`.
    public func writeAll(to directory: String) throws -> DemoFiles {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        let metadata = base.appendingPathComponent("tally.yaml").path
        let units = base.appendingPathComponent("orgunits.csv").path
        let data = base.appendingPathComponent("data.csv").path
        try Data(metadataYAML.utf8).write(to: URL(fileURLWithPath: metadata))
        try Data(orgUnitsCSV().utf8).write(to: URL(fileURLWithPath: units))
        let rows = try writeDataCSV(to: data)
        var files = DemoFiles(metadata: metadata, orgUnits: units, data: data, dataRows: rows)
        if hasTownData {
            files.townData = base.appendingPathComponent("towns.csv").path
            try Data(townDataCSV().utf8).write(to: URL(fileURLWithPath: files.townData!))
        }
        if hasCampaign {
            files.campaignData = base.appendingPathComponent("campaign.csv").path
            files.targets = base.appendingPathComponent("targets.csv").path
            try Data(campaignDataCSV().utf8).write(to: URL(fileURLWithPath: files.campaignData!))
            try Data(campaignTargetsCSV().utf8).write(to: URL(fileURLWithPath: files.targets!))
        }
        if !scale.isProvince {
            let boundaries = base.appendingPathComponent("boundaries.geojson").path
            try Data(self.boundaries().geoJSON().utf8).write(to: URL(fileURLWithPath: boundaries))
            files.boundaries = boundaries
        }
        return files
    }
}
