import TallyTargets

/// A day from `YYYY-MM-DD` text, trapping on bad test input.
func day(_ text: String) -> CampaignDate {
    guard let date = CampaignDate(text) else { fatalError("bad test date \(text)") }
    return date
}

/// The `TargetError` a throwing call throws, or nil when it succeeds (or throws something else).
func thrown<T>(_ body: () throws -> T) -> TargetError? {
    do {
        _ = try body()
        return nil
    } catch {
        return error as? TargetError
    }
}

/// A small deterministic generator (SplitMix64) so random cases repeat.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
