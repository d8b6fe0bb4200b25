/// Refuses sign-in attempts after too many failures for the same user name from the same address.
///
/// Counts failures per (user, address) in a fixed window; memory is bounded: when ``capacity`` keys are
/// tracked, expired windows are dropped first, then the oldest.
public final class LoginLimiter: Sendable {
    /// Failures allowed in one window.
    public let maxFailures: Int
    /// The window, in seconds.
    public let window: Int64
    /// The most keys tracked.
    public let capacity: Int
    private let state = Locked<[String: (start: Int64, failures: Int)]>([:])

    /// A limiter.
    public init(maxFailures: Int = 5, window: Int64 = 900, capacity: Int = 10_000) {
        self.maxFailures = maxFailures
        self.window = window
        self.capacity = capacity
    }

    private static func key(_ user: String, _ address: String) -> String { "\(user.prefix(200))\u{0}\(address)" }

    /// Seconds to wait before the next attempt, or `nil` when an attempt is allowed now.
    public func retryAfter(user: String, address: String, now: Int64) -> Int64? {
        state.withLock { entries in
            guard let entry = entries[Self.key(user, address)], now - entry.start < window,
                entry.failures >= maxFailures
            else { return nil }
            return entry.start + window - now
        }
    }

    /// Records a failed attempt.
    public func failed(user: String, address: String, now: Int64) {
        state.withLock { entries in
            let key = Self.key(user, address)
            if var entry = entries[key], now - entry.start < window {
                entry.failures += 1
                entries[key] = entry
                return
            }
            if entries.count >= capacity {
                entries = entries.filter { now - $0.value.start < window }
                if entries.count >= capacity, let oldest = entries.min(by: { $0.value.start < $1.value.start }) {
                    entries[oldest.key] = nil
                }
            }
            entries[key] = (now, 1)
        }
    }

    /// Forgets the failures after a successful sign-in.
    public func succeeded(user: String, address: String) {
        _ = state.withLock { $0.removeValue(forKey: Self.key(user, address)) }
    }

    /// How many keys are tracked (for tests).
    public var trackedKeys: Int { state.withLock { $0.count } }
}
