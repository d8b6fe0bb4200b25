/// How big a generated area is: the demo county or a province-sized benchmark.
///
/// With `prefectures == 0` the top unit is one county (level 1) with towns (2) and villages (3). Otherwise the
/// top unit is a province (1) with prefectures (2), counties (3), towns (4) and villages (5). Villages are
/// spread over the towns with some variation; every town has at least one unit.
public struct DemoScale: Sendable, Hashable {
    /// Prefectures under the province, or 0 for a single county at the top.
    public var prefectures: Int
    /// Counties under each prefecture (1 when `prefectures` is 0).
    public var countiesPerPrefecture: Int
    /// Towns, townships and sub-districts in each county.
    public var townsPerCounty: Int
    /// Villages and residents' committees in all (the reporting units).
    public var villages: Int

    /// A scale; counts are clamped to what 12-digit codes can hold, and to at least one village per town.
    public init(prefectures: Int, countiesPerPrefecture: Int, townsPerCounty: Int, villages: Int) {
        self.prefectures = min(max(prefectures, 0), 99)
        self.countiesPerPrefecture = prefectures == 0 ? 1 : min(max(countiesPerPrefecture, 1), 99)
        self.townsPerCounty = min(max(townsPerCounty, 1), 899)
        let towns = max(self.prefectures, 1) * self.countiesPerPrefecture * self.townsPerCounty
        self.villages = min(max(villages, towns), towns * 800)
    }

    /// The demo county 云溪县: 12 towns and 250 villages and communities.
    public static let county = DemoScale(prefectures: 0, countiesPerPrefecture: 1, townsPerCounty: 12, villages: 250)

    /// A province of about `villages` villages: up to 10 prefectures of up to 10 counties, about 20 villages
    /// per town (20,000 villages give 10 × 10 counties of 10 towns).
    public static func province(villages: Int = 20_000) -> DemoScale {
        let villages = max(villages, 1)
        let counties = min(max(villages / 200, 1), 100)
        let prefectures = min(max(Int(Double(counties).squareRoot().rounded()), 1), 10)
        let perPrefecture = max(counties / prefectures, 1)
        let towns = min(max(villages / (prefectures * perPrefecture * 20), 1), 40)
        return DemoScale(
            prefectures: prefectures, countiesPerPrefecture: perPrefecture, townsPerCounty: towns, villages: villages)
    }

    /// Whether the top unit is a province rather than a county.
    public var isProvince: Bool { prefectures > 0 }

    /// The number of counties.
    public var counties: Int { max(prefectures, 1) * countiesPerPrefecture }

    /// The number of towns.
    public var towns: Int { counties * townsPerCounty }

    /// The level of the reporting units (villages): 3 in a county, 5 in a province.
    public var villageLevel: Int { isProvince ? 5 : 3 }

    /// The level of the towns: 2 in a county, 4 in a province.
    public var townLevel: Int { villageLevel - 1 }

    /// All org units: the top unit, prefectures, counties, towns and villages.
    public var orgUnitCount: Int {
        isProvince ? 1 + prefectures + counties + towns + villages : 1 + towns + villages
    }
}
