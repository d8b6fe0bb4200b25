internal import Tally

/// Bounds how many password checks run at once.
///
/// A bcrypt check takes tens of milliseconds of a core on purpose; two dozen sign-ins at once would hold every
/// core and make every other request wait. At most ``concurrent`` checks run, at most ``queued`` more wait their
/// turn in order, and any further one is refused at once so that the caller can answer "try again shortly".
public final class PasswordCheckGate: Sendable {
    /// Checks that may run at once.
    public let concurrent: Int
    /// Checks that may wait for a turn.
    public let queued: Int
    private let state = Locked<(running: Int, waiters: [CheckedContinuation<Bool, Never>])>((0, []))

    /// A gate.
    public init(concurrent: Int = 2, queued: Int = 8) {
        self.concurrent = concurrent
        self.queued = queued
    }

    /// Waits for a turn; `false` at once when the checks running and waiting are at their bounds. After `true`,
    /// call ``leave()`` when the check is done.
    public func enter() async -> Bool {
        await withCheckedContinuation { continuation in
            let answer: Bool? = state.withLock { state in
                if state.running < concurrent {
                    state.running += 1
                    return true
                }
                guard state.waiters.count < queued else { return false }
                state.waiters.append(continuation)
                return nil
            }
            if let answer { continuation.resume(returning: answer) }
        }
    }

    /// Ends a check; the longest waiting one, if any, takes its turn.
    public func leave() {
        let next: CheckedContinuation<Bool, Never>? = state.withLock { state in
            guard !state.waiters.isEmpty else {
                state.running = max(0, state.running - 1)
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.resume(returning: true)
    }

    /// Runs `body` in a turn; `nil` without running it when the gate is full.
    public func run<T: Sendable>(_ body: () async throws -> T) async rethrows -> T? {
        guard await enter() else { return nil }
        defer { leave() }
        return try await body()
    }

    /// Checks running now (for tests).
    public var running: Int { state.withLock { $0.running } }
    /// Checks waiting now (for tests).
    public var waiting: Int { state.withLock { $0.waiters.count } }
}
