internal import ArgumentParser
internal import Foundation
internal import Logging
internal import Tally
internal import TallyCore
internal import TallyServer
internal import TallyStore

struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web application and the JSON API for clerks and analysts.",
        discussion: """
            Examples:
              tally serve                                   # ./tally.sqlite on http://127.0.0.1:8080
              tally serve --db tally-demo/tally.sqlite --port 9000 --close-days 20
              TALLY_DB=/srv/tally/tally.sqlite tally serve --host 0.0.0.0
              TALLY_DB='postgres://tally:secret@db.example:5432/tally?sslmode=require' tally serve --host 0.0.0.0
            Create the first admin first (the password is read from standard input, or asked for):
              tally user add admin --role admin --orgunit 360121000000
            Clerks write only inside their org unit's subtree and only while a period is open: it closes
            --close-days days after its report is due (the dataset's due_days after the period ends), unless an
            admin reopens it (POST /api/periods/reopen). Every write is kept in the value's history with its user.
            Stop with Ctrl-C (or SIGTERM): requests in flight finish first. The API is described in
            docs/openapi.yaml; /health answers {"status": "ok"}.
            What one request may cost: its period touches at most 120 months (10 years) and as_of lies from
            1970-01-01 to 10 years after today, else 422; an answer carries at most 50,000 rows; at most
            --max-heavy-requests checks, bulletins, targets, dashboards and queries over many units run at once,
            others get 503 with Retry-After. Idle connections close after --idle-timeout seconds; a client address
            keeps at most --max-connections-per-client open (a new one closes its longest idle one). At start the
            open-file limit is raised to the hard limit.
              tally serve --idle-timeout 15 --max-heavy-requests 2 --max-connections-per-client 64
            """
    )

    @OptionGroup var database: DatabaseOptions
    @Option(help: ArgumentHelp("The address to listen on.", valueName: "address")) var host = "127.0.0.1"
    @Option(help: ArgumentHelp("The port.", valueName: "n")) var port = 8080
    @Option(
        name: .customLong("close-days"),
        help: ArgumentHelp("Days after a report is due that its period stays open to clerks.", valueName: "n"))
    var closeDays = 30
    @Option(help: ArgumentHelp("How long a sign-in lasts, in hours.", valueName: "n")) var sessionHours = 8
    @Flag(
        help: "Send cookies without the Secure attribute (only behind a proxy that adds TLS, or for plain-http tests)."
    ) var insecureCookies = false
    @Option(help: ArgumentHelp("Log level: debug, info, notice, warning, error.", valueName: "level")) var logLevel =
        "info"
    @Option(
        name: .customLong("idle-timeout"),
        help: ArgumentHelp(
            "Seconds a connection may stay idle (no request, or a request's head or body not arriving) before it is closed.",
            valueName: "s"))
    var idleTimeout = 30
    @Option(
        name: .customLong("request-read-timeout"),
        help: ArgumentHelp("Seconds the whole of one request's head and body may take to arrive.", valueName: "s"))
    var requestReadTimeout = 60
    @Option(
        name: .customLong("max-heavy-requests"),
        help: ArgumentHelp(
            "Checks, bulletins, targets, dashboards and queries over many units that run at once; more get 503.",
            valueName: "n"))
    var maxHeavyRequests = 3
    @Option(
        name: .customLong("max-connections-per-client"),
        help: ArgumentHelp("Connections one client address may hold open.", valueName: "n"))
    var maxConnectionsPerClient = 128
    @Option(
        name: .customLong("max-connections"), help: ArgumentHelp("Connections open in all.", valueName: "n"))
    var maxConnections = 1024

    func validate() throws {
        guard (1...65535).contains(port) else {
            throw usageError(zh: "--port 应在 1 到 65535 之间", en: "--port must be 1 to 65535")
        }
        guard closeDays >= 0 else {
            throw usageError(zh: "--close-days 应为 0 或更大", en: "--close-days must be 0 or more")
        }
        guard sessionHours >= 1 else {
            throw usageError(zh: "--session-hours 应为 1 或更大", en: "--session-hours must be 1 or more")
        }
        guard idleTimeout >= 1, requestReadTimeout >= 1 else {
            throw usageError(
                zh: "--idle-timeout 和 --request-read-timeout 应为 1 秒或更长",
                en: "--idle-timeout and --request-read-timeout must be 1 second or more")
        }
        guard maxHeavyRequests >= 1, maxConnectionsPerClient >= 1, maxConnections >= 1 else {
            throw usageError(
                zh: "--max-heavy-requests、--max-connections-per-client 和 --max-connections 应为 1 或更大",
                en: "--max-heavy-requests, --max-connections-per-client and --max-connections must be 1 or more")
        }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw usageError(
                zh: "--log-level 应为以下之一：debug、info、notice、warning、error",
                en: "--log-level is one of: debug, info, notice, warning, error")
        }
    }

    /// Prints at once, also when standard output is a pipe or a file (the server runs for long).
    func say(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    func run() throws {
        let backend = try Backend.open(path: database.path)
        var logger = Logger(label: "tally")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let configuration = ServerConfiguration(
            host: host, port: port, secureCookies: !insecureCookies, sessionLifetime: Int64(sessionHours) * 3600,
            policy: PeriodPolicy(closeAfterDays: closeDays), maxHeavyRequests: maxHeavyRequests,
            idleTimeout: .seconds(idleTimeout), requestReadTimeout: .seconds(requestReadTimeout),
            maxConnectionsPerClient: maxConnectionsPerClient, maxConnections: maxConnections)
        let server = ServerEnvironment(backend: backend, configuration: configuration)
        // The location names a PostgreSQL database without its password.
        let location = backend.workspace.store.location
        say("Tally serves \(location) on http://\(host):\(port)/ (Ctrl-C stops it)")
        if let files = OpenFileLimit.raise() {
            say(
                files.after > files.before
                    ? "Open files: raised the limit from \(files.before) to \(files.after) (the hard limit)"
                    : "Open files: the limit is \(files.after) (the hard limit)")
        }
        if try backend.accounts.users().isEmpty {
            let root = backend.workspace.tree.roots.first.map { backend.workspace.tree.units[$0].code } ?? "CODE"
            let db =
                try StoreLocation(database.path).printable.map { " --db \($0)" }
                ?? " (with the same --db or TALLY_DB as this server)"
            say(
                "There are no users yet; create the first admin with:\n  tally user add admin --role admin --orgunit \(root)\(db)"
            )
        }
        let done = DispatchSemaphore(value: 0)
        let failure = Locked<(any Error)?>(nil)
        Task {
            do { try await TallyServer.run(server, logger: logger) } catch { failure.value = error }
            done.signal()
        }
        done.wait()
        if let error = failure.value { throw error }
    }
}
