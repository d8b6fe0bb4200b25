internal import Tally

/// Refuses sign-in attempts after too many failures, and bounds how many passwords are checked at once.
///
/// Counts failures in fixed windows twice: per (canonical user name, address), so that one user's password cannot
/// be guessed, and per address across all names, so that an address cannot try many names (or many spellings of
/// one). A success forgets the failures of that name from that address, not those of the address. Memory is
/// bounded: when ``capacity`` keys are tracked, expired windows are dropped first, then the oldest.
public final class LoginLimiter: Sendable {
    /// Failures allowed for one name from one address in one window.
    public let maxFailures: Int
    /// Failures allowed from one address in one window, whatever the names.
    public let maxFailuresPerAddress: Int
    /// The window, in seconds.
    public let window: Int64
    /// The most keys tracked.
    public let capacity: Int
    /// The password checks running and waiting.
    public let checks: PasswordCheckGate
    private let state = Locked<[String: (start: Int64, failures: Int)]>([:])

    /// A limiter.
    ///
    /// - Parameters:
    ///   - concurrentChecks: password checks that may run at once.
    ///   - queuedChecks: password checks that may wait; any more are refused at once.
    public init(
        maxFailures: Int = 5, window: Int64 = 900, capacity: Int = 10_000, maxFailuresPerAddress: Int = 20,
        concurrentChecks: Int = 2, queuedChecks: Int = 8
    ) {
        self.maxFailures = maxFailures
        self.maxFailuresPerAddress = maxFailuresPerAddress
        self.window = window
        self.capacity = capacity
        self.checks = PasswordCheckGate(concurrent: concurrentChecks, queued: queuedChecks)
    }

    /// The key of a name from an address; a canonical name holds no NUL, so it never clashes with an address's key.
    private static func key(_ user: String, _ address: String) -> String { "\(user.prefix(200))\u{0}\(address)" }
    private static func key(address: String) -> String { "\u{0}\(address)" }

    /// Seconds to wait before the next attempt of `user` from `address`, or `nil` when an attempt is allowed now.
    ///
    /// - Parameter user: the canonical user name; `nil` checks only the address's limit.
    public func retryAfter(user: String?, address: String, now: Int64) -> Int64? {
        state.withLock { entries in
            func wait(_ key: String, _ limit: Int) -> Int64? {
                guard let entry = entries[key], now - entry.start < window, entry.failures >= limit else { return nil }
                return entry.start + window - now
            }
            let perAddress = wait(Self.key(address: address), maxFailuresPerAddress)
            let perUser = user.flatMap { wait(Self.key($0, address), maxFailures) }
            return [perAddress, perUser].compactMap { $0 }.max()
        }
    }

    /// Records a failed attempt.
    ///
    /// - Parameter user: the canonical user name; `nil` when the name was refused, which counts for the address.
    public func failed(user: String?, address: String, now: Int64) {
        state.withLock { entries in
            for key in [Self.key(address: address)] + (user.map { [Self.key($0, address)] } ?? []) {
                if var entry = entries[key], now - entry.start < window {
                    entry.failures += 1
                    entries[key] = entry
                    continue
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
    }

    /// Forgets the failures of a name from an address after a successful sign-in.
    public func succeeded(user: String, address: String) {
        _ = state.withLock { $0.removeValue(forKey: Self.key(user, address)) }
    }

    /// How many keys are tracked (for tests).
    public var trackedKeys: Int { state.withLock { $0.count } }
}
