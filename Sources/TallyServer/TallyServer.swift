public import Hummingbird
public import Logging

/// The web application and JSON API of `tally serve`, built on Hummingbird over any ``Backend``.
public enum TallyServer {
    /// The router with every page and API route.
    public static func router(_ server: ServerEnvironment) -> Router<TallyRequestContext> {
        let router = Router(context: TallyRequestContext.self)
        router.add(middleware: ErrorMiddleware())
        router.add(middleware: AuthenticationMiddleware(server: server))
        SessionRoutes.add(to: router, server: server)
        APIRoutes.add(to: router, server: server)
        PageRoutes.add(to: router, server: server)
        PeriodsPage.add(to: router, server: server)
        return router
    }

    /// The application: the router on the configured address, with graceful shutdown on SIGINT and SIGTERM
    /// through `runService()`.
    public static func application(_ server: ServerEnvironment, logger: Logger) -> some ApplicationProtocol {
        var app = Application(
            router: router(server),
            configuration: .init(
                address: .hostname(server.configuration.host, port: server.configuration.port),
                serverName: "Tally"),
            logger: logger)
        app.addServices(SessionSweeper(server: server, logger: logger))
        return app
    }

    /// Serves until SIGINT or SIGTERM, then shuts down gracefully (requests in flight finish).
    public static func run(_ server: ServerEnvironment, logger: Logger) async throws {
        try await application(server, logger: logger).runService()
    }
}
