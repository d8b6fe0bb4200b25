internal import Foundation
public import Tally
public import TallyCore

/// How the server runs: address, cookies, sessions, period closing, clock, and what requests and connections may
/// cost.
public struct ServerConfiguration: Sendable {
    /// The address to listen on.
    public var host: String
    /// The port.
    public var port: Int
    /// Whether cookies carry the `Secure` attribute (browsers keep them for https and for localhost).
    public var secureCookies: Bool
    /// How long a session lasts, in seconds.
    public var sessionLifetime: Int64
    /// When periods close to clerks.
    public var policy: PeriodPolicy
    /// The current time, seconds since 1970 (UTC); tests fix it.
    public var clock: @Sendable () -> Int64
    /// The rows an answer may carry (the span of periods and the `as_of` dates are fixed, see ``RequestBounds``).
    public var bounds: RequestBounds
    /// How many heavy requests run at once (see ``HeavyRequestLimiter``); beyond them 503 with `Retry-After`.
    public var maxHeavyRequests: Int
    /// How long a connection may stay idle — no request begun, or a request's head or body not arriving — before
    /// the server closes it.
    public var idleTimeout: Duration
    /// How long reading one request's head and body may take in all, however slowly it trickles in.
    public var requestReadTimeout: Duration
    /// How many connections one client address may hold open; a new one beyond closes that address's longest idle
    /// connection (see ``ConnectionLimiter``).
    public var maxConnectionsPerClient: Int
    /// How many connections the server holds open in all; a new one beyond closes the longest idle connection.
    public var maxConnections: Int

    /// A configuration; the defaults suit one office on one machine.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = true, sessionLifetime: Int64 = 8 * 3600,
        policy: PeriodPolicy = PeriodPolicy(),
        clock: (@Sendable () -> Int64)? = nil, bounds: RequestBounds = RequestBounds(), maxHeavyRequests: Int = 3,
        idleTimeout: Duration = .seconds(30), requestReadTimeout: Duration = .seconds(60),
        maxConnectionsPerClient: Int = 128, maxConnections: Int = 1024
    ) {
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
        self.policy = policy
        self.clock = clock ?? { Int64(Date().timeIntervalSince1970) }
        self.bounds = bounds
        self.maxHeavyRequests = maxHeavyRequests
        self.idleTimeout = idleTimeout
        self.requestReadTimeout = requestReadTimeout
        self.maxConnectionsPerClient = maxConnectionsPerClient
        self.maxConnections = maxConnections
    }
}

/// Everything a route needs: the database, the accounts, the configuration.
public struct ServerEnvironment: Sendable {
    /// The database.
    public let backend: Backend
    /// Account operations.
    public let accounts: Accounts
    /// The configuration.
    public let configuration: ServerConfiguration
    /// Sign-in rate limiting.
    public let limiter: LoginLimiter
    /// The places for heavy requests.
    public let heavy: HeavyRequestLimiter
    /// Uploads checked on the import page, waiting to be imported.
    public let uploads: PendingUploads
    /// The import page's steps running in the background, and their pages for a while after.
    public let jobs: ImportJobs

    /// Today in the office's time zone (the metadata's `time_zone`) by the configuration's clock: the day that
    /// period rules, due dates and the default as-of day are judged on — in Beijing 02:00 on the 1st is the 1st,
    /// although UTC still says the last day of the month before.
    public var today: Day { backend.workspace.metadata.timeZone.day(of: configuration.clock()) }
    /// Value reads and writes.
    public var values: ValueService { ValueService(backend: backend, policy: configuration.policy) }

    /// An environment.
    public init(
        backend: Backend, configuration: ServerConfiguration, limiter: LoginLimiter = LoginLimiter(),
        bcryptCost: UInt8 = 12
    ) {
        self.backend = backend
        self.accounts = Accounts(store: backend.accounts, cost: bcryptCost)
        self.configuration = configuration
        self.limiter = limiter
        self.heavy = HeavyRequestLimiter(limit: configuration.maxHeavyRequests)
        self.uploads = PendingUploads()
        self.jobs = ImportJobs()
    }
}
