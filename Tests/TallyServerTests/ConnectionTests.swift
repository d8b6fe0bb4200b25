import Dispatch
import Foundation
import Hummingbird
import HummingbirdTesting
import TallyServerTesting
import Testing

@testable import TallyServer

#if canImport(Glibc)
    import Glibc
    private let streamSocket = Int32(SOCK_STREAM.rawValue)
#elseif canImport(Darwin)
    import Darwin
    private let streamSocket = SOCK_STREAM
#endif

/// Real sockets on 127.0.0.1 against the running server: idle and slow connections are closed, and a client's idle
/// sockets cannot keep others out. Every wait is bounded; no store is involved, so SQLite alone.
@Suite struct ConnectionTests {
    /// A connection that sends nothing is closed once the idle timeout has passed.
    @Test func anIdleConnectionIsClosedAfterTheTimeout() async throws {
        let fixture = try Fixture.make(.sqlite)
        defer { fixture.remove() }
        try await fixture.application { $0.idleTimeout = .seconds(1) }.test(.live) { client in
            let port = try #require(client.port)
            let socket = try LoopbackSocket(port: port)
            defer { socket.disconnect() }
            // A wide margin: with the whole suite running on two cores the server's event loop can be seconds late
            // (8 s was once not enough); a connection the timeout never closes still fails.
            #expect(await socket.closedByServer(within: 30), "closed after the 1 s timeout, within a margin")
        }
    }

    /// A request whose body trickles in — a byte now and then, so the connection is never idle for long — is cut
    /// off once reading it has taken the request read timeout.
    @Test func aRequestSentTooSlowlyIsCutOff() async throws {
        let fixture = try Fixture.make(.sqlite)
        defer { fixture.remove() }
        try await fixture.application {
            $0.idleTimeout = .seconds(30)
            $0.requestReadTimeout = .seconds(1)
        }.test(.live) { client in
            let port = try #require(client.port)
            let socket = try LoopbackSocket(port: port)
            defer { socket.disconnect() }
            _ = socket.transmit(
                "POST /signin HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\nname="
            )
            var closed = false
            for _ in 0..<30 where !closed {
                _ = socket.transmit("a")
                closed = await socket.closedByServer(within: 0.3)
            }
            #expect(closed, "cut off within 9 s although a byte arrived every 0.3 s")
        }
    }

    /// 200 idle sockets from one address: the server keeps the configured 16 of them open and closes the rest, and
    /// a new connection from the same address still gets its answer from /health.
    @Test func idleSocketsOfOneClientDoNotKeepOthersOut() async throws {
        let fixture = try Fixture.make(.sqlite)
        defer { fixture.remove() }
        try await fixture.application {
            $0.idleTimeout = .seconds(60)
            $0.maxConnectionsPerClient = 16
        }.test(.live) { client in
            let port = try #require(client.port)
            var sockets: [LoopbackSocket] = []
            defer { for socket in sockets { socket.disconnect() } }
            for _ in 0..<200 { sockets.append(try LoopbackSocket(port: port)) }
            // Wait (bounded) until the server has closed all but 16.
            var open = sockets
            for _ in 0..<50 where open.count > 16 {
                var still: [LoopbackSocket] = []
                for socket in open {
                    if !(await socket.closedByServer(within: 0)) { still.append(socket) }
                }
                open = still
                if open.count > 16 { try await Task.sleep(for: .milliseconds(200)) }
            }
            #expect(open.count <= 16, "\(open.count) of 200 idle sockets are still open")
            let health = try LoopbackSocket(port: port)
            defer { health.disconnect() }
            _ = health.transmit("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
            let answer = await health.readUntilClosed(within: 10)
            #expect(answer.hasPrefix("HTTP/1.1 200"), "\(answer.prefix(200))")
            #expect(answer.contains("\"status\""))
        }
    }
}

/// A TCP connection to 127.0.0.1, read and written with the system's calls; every wait runs off the test's
/// threads and is bounded.
struct LoopbackSocket: Sendable {
    let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, streamSocket, 0)
        guard fd >= 0 else { throw SocketError(what: "socket", code: errno) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            _ = close(fd)
            throw SocketError(what: "connect", code: code)
        }
    }

    struct SocketError: Error {
        let what: String
        let code: Int32
    }

    func disconnect() { _ = close(fd) }

    func transmit(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } == bytes.count
    }

    /// Whether the server has closed the connection (end of stream or reset) within `seconds`, reading and
    /// dropping whatever it sent before.
    func closedByServer(within seconds: Double) async -> Bool {
        await Self.offThread { [fd] in
            let deadline = DispatchTime.now() + seconds
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let left = Int64(deadline.uptimeNanoseconds) - Int64(DispatchTime.now().uptimeNanoseconds)
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, Int32(max(0, left / 1_000_000)))
                if ready <= 0 { return false }
                let n = read(fd, &buffer, buffer.count)
                if n <= 0 { return true }
            }
        }
    }

    /// What the server sends until it closes the connection or `seconds` pass.
    func readUntilClosed(within seconds: Double) async -> String {
        await Self.offThread { [fd] in
            let deadline = DispatchTime.now() + seconds
            var received: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let left = Int64(deadline.uptimeNanoseconds) - Int64(DispatchTime.now().uptimeNanoseconds)
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                guard left > 0, poll(&poller, 1, Int32(left / 1_000_000)) > 0 else { break }
                let n = read(fd, &buffer, buffer.count)
                if n <= 0 { break }
                received += buffer[0..<n]
            }
            return String(decoding: received, as: UTF8.self)
        }
    }

    /// Runs a blocking call on a dispatch thread, so that the server's tasks keep the cooperative threads.
    static func offThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: body()) }
        }
    }
}
