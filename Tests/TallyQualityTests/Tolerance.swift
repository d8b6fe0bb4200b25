/// `|actual − expected| / |expected|`, or `|actual|` when the expected value is 0.
func relativeError(_ actual: Double, _ expected: Double) -> Double {
    if actual == expected { return 0 }
    return expected == 0 ? abs(actual) : abs(actual - expected) / abs(expected)
}

/// Whether `actual` is within `tolerance` (relative) of `expected`.
func isClose(_ actual: Double, _ expected: Double, tolerance: Double = 1e-12) -> Bool {
    relativeError(actual, expected) <= tolerance
}

/// Whether two optionals are both nil or both present and within `tolerance` (relative).
func isClose(_ actual: Double?, _ expected: Double?, tolerance: Double = 1e-12) -> Bool {
    switch (actual, expected) {
    case (nil, nil): true
    case let (actual?, expected?): isClose(actual, expected, tolerance: tolerance)
    default: false
    }
}
