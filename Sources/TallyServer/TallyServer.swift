public import Hummingbird
internal import HummingbirdCore
public import Logging
internal import NIOCore

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
        QualityPage.add(to: router, server: server)
        CampaignPage.add(to: router, server: server)
        PeriodsPage.add(to: router, server: server)
        Approvals.add(to: router, server: server)
        ReportingPage.add(to: router, server: server)
        AnalysisPage.add(to: router, server: server)
        UsersPage.add(to: router, server: server)
        PasswordPage.add(to: router, server: server)
        ImportPage.add(to: router, server: server)
        ImportPage.addAPI(to: router, server: server)
        ImportPage.addJobs(to: router, server: server)
        return router
    }

    /// The application: the router on the configured address, with graceful shutdown on SIGINT and SIGTERM
    /// through `runService()`. Connections idle for ``ServerConfiguration/idleTimeout`` (no request begun, or a
    /// request's head or body not arriving) are closed, as is one whose request takes longer than
    /// ``ServerConfiguration/requestReadTimeout`` to arrive; ``ConnectionLimiter`` bounds the open connections.
    public static func application(_ server: ServerEnvironment, logger: Logger) -> some ApplicationProtocol {
        let configuration = server.configuration
        let connections = ConnectionLimiter(
            perClient: configuration.maxConnectionsPerClient, total: configuration.maxConnections)
        let readTimeout = TimeAmount(configuration.requestReadTimeout)
        var app = Application(
            router: router(server),
            server: .http1(
                configuration: .init(
                    additionalChannelHandlers: [connections.handler(requestReadTimeout: readTimeout)],
                    idleTimeout: TimeAmount(configuration.idleTimeout))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port),
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
