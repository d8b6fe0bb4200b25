/// Ranks for league tables.
public enum Ranking {
    /// Standard competition ranking, highest first: equal values share a rank and the next rank skips
    /// (1, 2, 2, 4). Missing values get no rank.
    public static func competition(_ values: [Double?]) -> [Int?] {
        let present = values.enumerated().compactMap { i, v in v.map { (i, $0) } }
        let sorted = present.sorted { $0.1 > $1.1 }
        var ranks = [Int?](repeating: nil, count: values.count)
        for (position, (index, value)) in sorted.enumerated() {
            if position > 0, sorted[position - 1].1 == value {
                ranks[index] = ranks[sorted[position - 1].0]
            } else {
                ranks[index] = position + 1
            }
        }
        return ranks
    }
}
