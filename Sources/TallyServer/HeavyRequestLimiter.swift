internal import HTTPTypes
internal import Tally
internal import TallyText

/// How many heavy requests — audits, bulletins, campaign progress, queries over many units, dashboards — run at
/// once. One more is refused at once with 503 and `Retry-After` instead of queueing behind them, so that a few
/// large requests cannot hold every thread while sign-in, entry and `/health` wait.
public final class HeavyRequestLimiter: Sendable {
    /// How many heavy requests may run at once.
    public let limit: Int
    /// The seconds a refused client is asked to wait.
    public let retryAfter: Int64
    private let running = Locked(0)

    /// A limiter of `limit` places (at least 1).
    public init(limit: Int, retryAfter: Int64 = 5) {
        self.limit = max(1, limit)
        self.retryAfter = retryAfter
    }

    /// Takes a place; `false` when all are taken. Give it back with ``leave()``.
    public func enter() -> Bool {
        running.withLock { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
    }

    /// Gives a place back.
    public func leave() {
        running.withLock { $0 -= 1 }
    }

    /// The heavy requests running now.
    public var inFlight: Int { running.value }

    /// Runs `body` in a place of its own, or at once when `heavy` is false (a query of one unit).
    ///
    /// - Throws: ``ServerError`` `server.busy` (503, with ``ServerError/retryAfter``) when every place is taken;
    ///   whatever `body` throws.
    public func run<T>(if heavy: Bool = true, _ body: () async throws -> T) async throws -> T {
        guard heavy else { return try await body() }
        guard enter() else {
            var busy = ServerError(
                .serviceUnavailable, "server.busy",
                Localized(
                    zh: "服务器正在处理\(limit)个耗时请求（检查、简报、目标、跨多个单位的查询、概览）；请\(retryAfter)秒后再试",
                    en:
                        "the server is busy with \(limit) long requests (checks, bulletins, targets, queries over many units, dashboards); try again in \(retryAfter) seconds"
                )
            )
            busy.retryAfter = retryAfter
            throw busy
        }
        defer { leave() }
        return try await body()
    }
}
