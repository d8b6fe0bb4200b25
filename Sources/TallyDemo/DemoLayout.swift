import Foundation

/// The generated org-unit tree and each village's base population.
///
/// Units are listed depth first (parents before children); villages appear in that order, which is also the
/// order of their rows in `data.csv`.
struct DemoLayout: Sendable {
    /// All units, depth first.
    var units: [DemoOrgUnit] = []
    /// The code of each town.
    var townCodes: [String] = []
    /// The name of each town.
    var townNames: [String] = []
    /// The code of each village.
    var villageCodes: [String] = []
    /// The town index of each village.
    var villageTown: [Int] = []
    /// Each village's population in the first year.
    var basePopulation: [Int] = []

    /// Average people per village before clamping.
    static let meanPopulation = 1_400.0
    /// Base populations stay here, so that three years of ±1 % drift stay within 200–4,000.
    static let populationRange = 210...3_880

    /// Builds the tree for `scale`.
    init(scale: DemoScale, seed: UInt64) {
        var rng = DemoRandom(seed: seed, tag: 100)
        let kinds = Self.townKinds(scale: scale, rng: &rng)
        let sizes = Self.apportion(scale.villages, weights: kinds.map { Self.weight($0) * rng.uniform(0.75...1.25) })
        var raw: [Double] = []
        if scale.isProvince {
            let top = DemoNames.provincePrefix + "0000000000"
            units.append(DemoOrgUnit(code: top, name: DemoNames.provinceName, parentCode: nil, level: 1))
            var prefectureNames: Set<String> = []
            var countyNames: Set<String> = []
            var town = 0
            for p in 0..<scale.prefectures {
                let prefix = DemoNames.provincePrefix + Self.digits(p + 1, 2)
                let name = DemoNames.unique(
                    DemoNames.place, DemoNames.place, suffix: "市", used: &prefectureNames, rng: &rng)
                units.append(DemoOrgUnit(code: prefix + "00000000", name: name, parentCode: top, level: 2))
                for c in 0..<scale.countiesPerPrefecture {
                    let county = prefix + Self.digits(c + 1, 2)
                    let suffix = c == 0 ? "区" : "县"
                    let countyName = DemoNames.unique(
                        DemoNames.place, DemoNames.place, suffix: suffix, used: &countyNames, rng: &rng)
                    units.append(
                        DemoOrgUnit(
                            code: county + "000000", name: countyName, parentCode: prefix + "00000000", level: 3))
                    let range = town..<(town + scale.townsPerCounty)
                    addCounty(county, level: 4, towns: range, kinds: kinds, sizes: sizes, raw: &raw, rng: &rng)
                    town += scale.townsPerCounty
                }
            }
        } else {
            let county = DemoNames.countyPrefix
            units.append(
                DemoOrgUnit(
                    code: county + "000000", name: DemoNames.countyName, parentCode: nil, level: 1,
                    englishName: DemoNames.countyEnglishName))
            addCounty(county, level: 2, towns: 0..<scale.towns, kinds: kinds, sizes: sizes, raw: &raw, rng: &rng)
        }
        let factor = Self.meanPopulation * Double(raw.count) / raw.reduce(0, +)
        basePopulation = raw.map {
            min(max(Int(($0 * factor).rounded()), Self.populationRange.lowerBound), Self.populationRange.upperBound)
        }
    }

    /// Adds the towns `towns` of one county and their villages; `county` is its 6-digit prefix.
    private mutating func addCounty(
        _ county: String, level: Int, towns: Range<Int>, kinds: [DemoNames.TownKind], sizes: [Int],
        raw: inout [Double], rng: inout DemoRandom
    ) {
        var townStems: Set<String> = []
        var villageNames: Set<String> = []
        let fixed = level == 2 && towns.count == DemoNames.countyTowns.count
        for (i, t) in towns.enumerated() {
            let kind = kinds[t]
            let stem: String
            if fixed {
                stem = DemoNames.countyTowns[i].stem
                townStems.insert(stem)
            } else {
                stem = DemoNames.unique(DemoNames.place, DemoNames.place, suffix: "", used: &townStems, rng: &rng)
            }
            let townPrefix = county + Self.digits(100 + i, 3)
            let townCode = townPrefix + "000"
            let townName = stem + kind.suffix
            let englishName = fixed ? "\(DemoNames.countyTowns[i].pinyin) \(kind.englishSuffix)" : nil
            units.append(
                DemoOrgUnit(
                    code: townCode, name: townName, parentCode: county + "000000", level: level,
                    englishName: englishName))
            townCodes.append(townCode)
            townNames.append(townName)
            let count = sizes[t]
            let communities: Int
            switch kind {
            case .subdistrict: communities = max(1, Int((Double(count) * 0.6).rounded()))
            case .town: communities = count >= 8 ? 2 : 1
            case .township: communities = 1
            }
            for k in 0..<count {
                let isCommunity = k < communities
                let code = townPrefix + (isCommunity ? Self.digits(k + 1, 3) : Self.digits(201 + k - communities, 3))
                let name: String
                if k == 0, villageNames.insert(stem + "社区").inserted {
                    name = stem + "社区"
                } else if isCommunity {
                    name = Self.communityName(used: &villageNames, rng: &rng)
                } else {
                    name = DemoNames.unique(
                        DemoNames.villageFirst, DemoNames.villageSecond, suffix: "村", used: &villageNames, rng: &rng)
                }
                units.append(DemoOrgUnit(code: code, name: name, parentCode: townCode, level: level + 1))
                villageCodes.append(code)
                villageTown.append(townCodes.count - 1)
                raw.append(Self.rawPopulation(kind: kind, index: k, communities: communities, rng: &rng))
            }
        }
    }

    /// A residents' committee name not used yet in the county.
    private static func communityName(used: inout Set<String>, rng: inout DemoRandom) -> String {
        for _ in 0..<16 {
            let name = DemoNames.communities[rng.int(0...DemoNames.communities.count - 1)] + "社区"
            if used.insert(name).inserted { return name }
        }
        return DemoNames.unique(DemoNames.place, DemoNames.villageSecond, suffix: "社区", used: &used, rng: &rng)
    }

    /// An unscaled population: seat communities are largest, urban communities large, villages log-normal.
    private static func rawPopulation(
        kind: DemoNames.TownKind, index: Int, communities: Int, rng: inout DemoRandom
    ) -> Double {
        switch (kind, index) {
        case (.subdistrict, 0): return rng.uniform(3_000...4_000)
        case (.subdistrict, _) where index < communities: return rng.uniform(1_800...4_000)
        case (.town, 0): return rng.uniform(2_500...4_000)
        case (.town, _) where index < communities: return rng.uniform(1_500...3_000)
        case (.township, 0): return rng.uniform(1_500...2_800)
        default: return 950 * exp(0.5 * rng.normal())
        }
    }

    /// The kind of every town: fixed for the demo county, drawn for a province (15 % sub-districts,
    /// 25 % townships).
    private static func townKinds(scale: DemoScale, rng: inout DemoRandom) -> [DemoNames.TownKind] {
        if !scale.isProvince && scale.towns == DemoNames.countyTowns.count {
            return DemoNames.countyTowns.map(\.kind)
        }
        return (0..<scale.towns).map { _ in
            let u = rng.uniform()
            return u < 0.15 ? .subdistrict : u < 0.40 ? .township : .town
        }
    }

    /// Relative number of units per town kind.
    private static func weight(_ kind: DemoNames.TownKind) -> Double {
        switch kind {
        case .subdistrict: 0.8
        case .town: 1.1
        case .township: 0.9
        }
    }

    /// Splits `total` into parts proportional to `weights`, each at least 1 (largest remainder; ties to the
    /// lower index).
    static func apportion(_ total: Int, weights: [Double]) -> [Int] {
        let n = weights.count
        guard n > 0 else { return [] }
        let spare = max(total - n, 0)
        let sum = weights.reduce(0, +)
        let shares = weights.map { Double(spare) * $0 / sum }
        var parts = shares.map { 1 + Int($0.rounded(.down)) }
        var left = total - parts.reduce(0, +)
        let order = (0..<n).sorted {
            let a = shares[$0] - shares[$0].rounded(.down)
            let b = shares[$1] - shares[$1].rounded(.down)
            return a != b ? a > b : $0 < $1
        }
        var i = 0
        while left > 0 {
            parts[order[i % n]] += 1
            left -= 1
            i += 1
        }
        return parts
    }

    /// `value` with leading zeros to `width` digits.
    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(width - text.count, 0)) + text
    }
}
