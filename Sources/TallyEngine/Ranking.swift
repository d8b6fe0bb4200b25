internal import TallyTargets

/// Ranks for league tables.
public enum Ranking {
    /// Standard competition ranking, highest first: equal values share a rank and the next rank skips
    /// (1, 2, 2, 4). Missing values get no rank. (One implementation serves queries and campaigns.)
    public static func competition(_ values: [Double?]) -> [Int?] {
        Targets.ranks(values)
    }
}
