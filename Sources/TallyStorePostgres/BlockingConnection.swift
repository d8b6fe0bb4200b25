internal import Foundation
internal import PostgresNIO
internal import TallyText

/// One PostgreSQL connection used synchronously: the bridge between Tally's synchronous ``Store`` protocol and
/// postgres-nio's event-loop futures.
///
/// The connection lives on a private event loop (one thread) that nothing else uses. Each statement is sent and
/// its future is waited for on the calling thread, which therefore must not be an event-loop thread — waiting
/// there would block the loop that is to complete the future. Such calls are refused with
/// ``PostgresStoreError/Code/onEventLoop``. An async server must offload store calls to a thread of its own (for
/// example with `NIOThreadPool.runIfActive` or a dedicated `DispatchQueue`), as it would for any blocking I/O.
///
/// A recursive lock serializes the callers: a transaction holds it from `BEGIN` to `COMMIT`, so statements of
/// other threads never interleave with it.
final class BlockingConnection: @unchecked Sendable {
    let url: PostgresURL
    private let group: MultiThreadedEventLoopGroup
    private let connection: PostgresConnection
    private let logger: Logger
    /// Counts the rows this connection receives (shared by the connections of one pool).
    private let received: RowCounter
    let lock = NSRecursiveLock()

    init(url: PostgresURL, received: RowCounter = RowCounter()) throws {
        try Self.checkNotOnEventLoop()
        self.url = url
        self.received = received
        var logger = Logger(label: "tally.postgres")
        logger.logLevel = .critical
        self.logger = logger
        let tls: PostgresConnection.Configuration.TLS
        do {
            switch url.tls {
            case .disable: tls = .disable
            case .prefer, .require:
                var config = TLSConfiguration.makeClientConfiguration()
                config.certificateVerification = .none
                let context = try NIOSSLContext(configuration: config)
                tls = url.tls == .prefer ? .prefer(context) : .require(context)
            case .verify:
                tls = .require(try NIOSSLContext(configuration: .makeClientConfiguration()))
            }
        } catch {
            throw PostgresStoreError(
                .cannotConnect,
                Localized(
                    zh: "无法为 \(url.redacted) 建立 TLS：\(error)", en: "cannot set up TLS for \(url.redacted): \(error)"))
        }
        var configuration = PostgresConnection.Configuration(
            host: url.host, port: url.port, username: url.user, password: url.password, database: url.database,
            tls: tls)
        configuration.options.connectTimeout = .seconds(10)
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            connection = try PostgresConnection.connect(
                on: group.next(), configuration: configuration, id: 1, logger: logger
            ).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw Self.connectError(error, url)
        }
    }

    deinit {
        if MultiThreadedEventLoopGroup.currentEventLoop == nil {
            try? connection.close().wait()
            try? group.syncShutdownGracefully()
        } else {
            let group = group
            connection.close().whenComplete { _ in group.shutdownGracefully { _ in } }
        }
    }

    /// Runs one statement and returns its rows.
    @discardableResult
    func query(_ query: PostgresQuery) throws -> PostgresQueryResult {
        try Self.checkNotOnEventLoop()
        do {
            let result = try connection.query(query, logger: logger).wait()
            received.add(result.count)
            return result
        } catch {
            throw statementError(error, query)
        }
    }

    /// Runs one statement given as text, without parameters.
    @discardableResult
    func execute(_ sql: String) throws -> PostgresQueryResult {
        try query(PostgresQuery(unsafeSQL: sql))
    }

    /// Starts sending `bytes` — rows in COPY's text format — to `table` with `COPY … FROM STDIN`, and returns at
    /// once: the caller prepares the next rows meanwhile and waits for this copy with ``wait(_:)`` before it sends
    /// another statement that needs the rows. Statements sent meanwhile wait on the connection until the copy ends.
    func startCopy(into table: String, columns: [String], _ bytes: ByteBuffer) throws -> PendingCopy {
        try Self.checkNotOnEventLoop()
        let connection = connection
        let logger = logger
        let promise = connection.eventLoop.makePromise(of: Void.self)
        let copy: @Sendable () async throws -> Void = {
            try await connection.copyFrom(table: table, columns: columns, logger: logger) { writer in
                try await writer.write(bytes)
            }
        }
        // The copy runs on the connection's own event loop, never on Swift's cooperative threads: the callers of
        // this synchronous store may be those threads (tests run there), and with all of them waiting for copies
        // no thread would be left to run one.
        if #available(macOS 15.0, *) {
            Task(executorPreference: EventLoopTaskExecutor(connection.eventLoop)) {
                do { promise.succeed(try await copy()) } catch { promise.fail(error) }
            }
        } else {
            promise.completeWithTask(copy)
        }
        return PendingCopy(future: promise.futureResult, table: table)
    }

    /// Waits for a copy that ``startCopy(into:columns:_:)`` started.
    func wait(_ copy: PendingCopy) throws {
        try Self.checkNotOnEventLoop()
        do {
            try copy.future.wait()
        } catch {
            throw statementError(error, PostgresQuery(unsafeSQL: "COPY \(copy.table) FROM STDIN"))
        }
    }

    /// A `COPY … FROM STDIN` under way.
    struct PendingCopy {
        let future: EventLoopFuture<Void>
        let table: String
    }

    /// Runs `body` inside one transaction, holding the lock: commits when `body` returns and `commit` is true, rolls
    /// back otherwise.
    func transaction<R>(commit: Bool = true, _ body: () throws -> R) throws -> R {
        lock.lock()
        defer { lock.unlock() }
        try execute("BEGIN")
        let result: R
        do {
            result = try body()
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
        try execute(commit ? "COMMIT" : "ROLLBACK")
        return result
    }

    /// Runs `body` holding the lock, outside a transaction.
    func locked<R>(_ body: () throws -> R) rethrows -> R {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    static func checkNotOnEventLoop() throws {
        if MultiThreadedEventLoopGroup.currentEventLoop != nil {
            throw PostgresStoreError(
                .onEventLoop,
                Localized(
                    zh: "PostgreSQL 存储在等待服务器时会阻塞，不能在事件循环上调用；请在单独的线程上调用存储",
                    en:
                        "the PostgreSQL store blocks while it waits for the server and must not be called on an event loop; run store calls on a thread of their own"
                )
            )
        }
    }

    // MARK: Errors

    private static func connectError(_ error: any Error, _ url: PostgresURL) -> PostgresStoreError {
        let place = "\(url.host):\(url.port)"
        guard let error = error as? PSQLError else {
            return PostgresStoreError(
                .cannotConnect,
                Localized(
                    zh:
                        "无法连接 \(place) 的 PostgreSQL：\(error)；请检查服务器是否在运行、是否监听该地址（postgresql.conf 中的 listen_addresses 和 port）",
                    en:
                        "cannot connect to PostgreSQL at \(place): \(error); check that the server is running and listens on that address (listen_addresses and port in postgresql.conf)"
                ),
                detail: String(reflecting: error))
        }
        let detail = String(reflecting: error)
        if error.code == .server, let info = error.serverInfo {
            let state = info[.sqlState]
            let said = info[.message] ?? "refused"
            switch state {
            case "28P01", "28000":
                return PostgresStoreError(
                    .authentication,
                    Localized(
                        zh:
                            "\(place) 的 PostgreSQL 拒绝用户“\(url.user)”访问数据库“\(url.database)”：\(said)；请检查网址中的用户和密码，以及服务器的 pg_hba.conf",
                        en:
                            "PostgreSQL at \(place) refused the user '\(url.user)' for the database '\(url.database)': \(said); check the user and password in the URL and the server's pg_hba.conf"
                    ),
                    sqlState: state, detail: detail)
            case "3D000":
                return PostgresStoreError(
                    .noDatabase,
                    Localized(
                        zh:
                            "\(place) 的 PostgreSQL 没有数据库“\(url.database)”；请创建它（如 createdb -h \(url.host) -p \(url.port) -O \(url.user) \(url.database)），或改正网址",
                        en:
                            "PostgreSQL at \(place) has no database '\(url.database)'; create it (e.g. createdb -h \(url.host) -p \(url.port) -O \(url.user) \(url.database)) or correct the URL"
                    ),
                    sqlState: state, detail: detail)
            default:
                return PostgresStoreError(
                    .cannotConnect,
                    Localized(
                        zh: "\(place) 的 PostgreSQL 拒绝了连接：\(said)",
                        en: "PostgreSQL at \(place) refused the connection: \(said)"), sqlState: state,
                    detail: detail)
            }
        }
        if error.code == .authMechanismRequiresPassword {
            return PostgresStoreError(
                .authentication,
                Localized(
                    zh:
                        "\(place) 的 PostgreSQL 要求用户“\(url.user)”提供密码；请写在网址中（postgres://\(url.user):密码@\(place)/\(url.database)）",
                    en:
                        "PostgreSQL at \(place) wants a password for the user '\(url.user)'; give it in the URL (postgres://\(url.user):PASSWORD@\(place)/\(url.database))"
                ),
                detail: detail)
        }
        if error.code == .sslUnsupported {
            return PostgresStoreError(
                .cannotConnect,
                Localized(
                    zh: "\(place) 的 PostgreSQL 不提供 TLS，但网址要求使用；请在服务器上启用 ssl，或使用 sslmode=disable 或 sslmode=prefer",
                    en:
                        "PostgreSQL at \(place) does not offer TLS, but the URL requires it; enable ssl on the server or use sslmode=disable or sslmode=prefer"
                ),
                detail: detail)
        }
        let cause = Self.shortCause(error.underlying.map { "\($0)" } ?? "\(error.code)")
        return PostgresStoreError(
            .cannotConnect,
            Localized(
                zh:
                    "无法连接 \(place) 的 PostgreSQL（\(cause)）；请检查服务器是否在运行、是否监听该主机和端口（postgresql.conf 中的 listen_addresses 和 port），以及是否有防火墙阻挡",
                en:
                    "cannot connect to PostgreSQL at \(place) (\(cause)); check that the server is running, listens on that host and port (listen_addresses and port in postgresql.conf) and that no firewall blocks it"
            ),
            detail: detail)
    }

    /// A few words for NIO's connection errors, which name every address tried.
    static func shortCause(_ text: String) -> String {
        let lower = text.lowercased()
        if lower.contains("connection refused") { return "connection refused" }
        if lower.contains("timeout") || lower.contains("timed out") { return "no answer within 10 seconds" }
        if lower.contains("resolve") || lower.contains("dns") || lower.contains("unknown host") {
            return "the host name cannot be resolved"
        }
        if lower.contains("unreachable") { return "the network or host is unreachable" }
        return text
    }

    private func statementError(_ error: any Error, _ query: PostgresQuery) -> PostgresStoreError {
        let detail = "\(String(reflecting: error))\nstatement: \(query.sql)"
        guard let error = error as? PSQLError else {
            return PostgresStoreError(
                .server,
                Localized(
                    zh: "\(url.redacted) 的 PostgreSQL 出错：\(error)", en: "PostgreSQL at \(url.redacted) failed: \(error)"
                ), detail: detail)
        }
        if error.code == .server, let info = error.serverInfo {
            let state = info[.sqlState]
            let said = (info[.message] ?? "error") + (info[.hint].map { " (\($0))" } ?? "")
            var message = Localized(
                zh: "\(url.redacted) 的 PostgreSQL 拒绝执行语句：\(said)",
                en: "PostgreSQL at \(url.redacted) refused a statement: \(said)")
            if state == "40P01" || state == "40001" {
                message.zh += "；另一个导入同时修改了相同的数值，请重新运行本次导入"
                message.en += "; another import changed the same values at the same time, run this one again"
            }
            return PostgresStoreError(.server, message, sqlState: state, detail: detail)
        }
        switch error.code {
        case .serverClosedConnection, .clientClosedConnection, .connectionError, .uncleanShutdown:
            return PostgresStoreError(
                .connectionLost,
                Localized(
                    zh: "与 \(url.host):\(url.port) 的 PostgreSQL 的连接断开了；请检查服务器是否仍在运行，然后重新运行命令（未完成的事务没有写入任何内容）",
                    en:
                        "the connection to PostgreSQL at \(url.host):\(url.port) was lost; check that the server is still running, then run the command again (nothing of the unfinished transaction was written)"
                ),
                detail: detail)
        default:
            return PostgresStoreError(
                .server,
                Localized(
                    zh: "\(url.redacted) 的 PostgreSQL 出错：\(error.code)",
                    en: "PostgreSQL at \(url.redacted) failed: \(error.code)"), detail: detail)
        }
    }
}

/// Runs tasks on one NIO event loop.
@available(macOS 15.0, *)
final class EventLoopTaskExecutor: TaskExecutor {
    private let loop: any EventLoop

    init(_ loop: any EventLoop) {
        self.loop = loop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        loop.execute { job.runSynchronously(on: executor) }
    }
}
