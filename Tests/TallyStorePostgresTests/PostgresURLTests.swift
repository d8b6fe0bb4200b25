import Foundation
import TallyCore
import Testing

@testable import TallyStorePostgres

@Suite struct PostgresURLTests {
    @Test func parsesEveryPart() throws {
        let url = try PostgresURL("postgres://tally:s%40cret@db.example:6543/county?sslmode=disable&schema=yunxi")
        #expect(url.host == "db.example")
        #expect(url.port == 6543)
        #expect(url.user == "tally")
        #expect(url.password == "s@cret")
        #expect(url.database == "county")
        #expect(url.tls == .disable)
        #expect(url.schema == "yunxi")
        #expect(url.redacted == "postgres://tally@db.example:6543/county?schema=yunxi")
    }

    @Test func defaultsLikeLibpq() throws {
        let url = try PostgresURL("postgresql://clerk@127.0.0.1")
        #expect(url.port == 5432)
        #expect(url.database == "clerk")
        #expect(url.password == nil)
        #expect(url.tls == .prefer)
        #expect(try PostgresURL("postgres://u@h/d?sslmode=verify-full").tls == .verify)
    }

    @Test(arguments: [
        ("tally.sqlite", "must start with postgres://"),
        ("postgres:///tally", "names no host"),
        ("postgres://127.0.0.1/tally", "names no user"),
        ("postgres://u@h/d?sslmode=sometimes", "sslmode 'sometimes'"),
        ("postgres://u@h/d?schema=a-b", "the schema 'a-b'"),
        ("postgres://u@h/d?pool=3", "the option 'pool' is not supported"),
    ])
    func refusesWithTheReason(_ text: String, _ reason: String) {
        #expect {
            _ = try PostgresURL(text)
        } throws: { error in
            let error = error as? PostgresStoreError
            return error?.code == .invalidURL && error?.message.contains(reason) == true
        }
    }

    @Test func passwordIsNeverShownInMessages() {
        #expect {
            _ = try PostgresURL("postgres://u:topsecret@h/d?sslmode=bad")
        } throws: { error in
            (error as? PostgresStoreError)?.message.contains("topsecret") == false
        }
    }

    @Test func closedPortSaysWhatToCheck() throws {
        // A port that nothing listens on: bind one, note it, close it.
        let port = try freePort()
        let started = Date()
        #expect {
            _ = try PostgresStore(url: "postgres://tally:x@127.0.0.1:\(port)/tally?sslmode=disable")
        } throws: { error in
            let error = error as? PostgresStoreError
            return error?.code == .cannotConnect && error?.message.contains("127.0.0.1:\(port)") == true
                && error?.message.contains("(connection refused)") == true
                && error?.message.contains("check that the server is running") == true
        }
        #expect(Date().timeIntervalSince(started) < 15)
    }

    private func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
