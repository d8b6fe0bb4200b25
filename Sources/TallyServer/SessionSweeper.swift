internal import Logging
internal import ServiceLifecycle
internal import TallyStore

/// Removes expired sessions every hour until the server shuts down.
struct SessionSweeper: Service {
    let server: ServerEnvironment
    let logger: Logger

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let now = server.configuration.clock()
            do {
                let removed = try await server.backend.account { try $0.deleteExpiredSessions(now: now) }
                if removed > 0 { logger.info("expired sessions removed", metadata: ["count": "\(removed)"]) }
            } catch {
                logger.error("cannot remove expired sessions", metadata: ["error": "\(error)"])
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(3600)) }
        }
    }
}
