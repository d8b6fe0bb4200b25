internal import Foundation

/// How the server runs: address, cookies, sessions, period closing, clock.
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

    /// A configuration; the defaults suit one office on one machine.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, secureCookies: Bool = true, sessionLifetime: Int64 = 8 * 3600,
        policy: PeriodPolicy = PeriodPolicy(),
        clock: (@Sendable () -> Int64)? = nil
    ) {
        self.host = host
        self.port = port
        self.secureCookies = secureCookies
        self.sessionLifetime = sessionLifetime
        self.policy = policy
        self.clock = clock ?? { Int64(Date().timeIntervalSince1970) }
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
    }
}
