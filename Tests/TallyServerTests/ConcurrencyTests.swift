import Foundation
import Hummingbird
import HummingbirdTesting
import Tally
import TallyServerTesting
import TallyStore
import Testing

@testable import TallyServer

@Suite struct ConcurrencyTests {
    /// Writers on loopback at once: each writes its own values, and all fight over one shared value with
    /// versions. Every accepted write is stored exactly once and the shared value's history is complete.
    @Test(arguments: TestBackend.available)
    func concurrentWritersLoseNothing(_ backend: TestBackend) async throws {
        let fixture = try Fixture.make(backend)
        defer { fixture.remove() }
        let writers = 8
        let rounds = 6
        let token = fixture.tokens["admin"]!
        try await fixture.application.test(.live) { client in
            let port = try #require(client.port)
            let accepted = try await withThrowingTaskGroup(of: [Int].self) { group in
                for w in 0..<writers {
                    group.addTask {
                        try await TestClient.withClient(host: "127.0.0.1", port: port) { http in
                            let headers: HTTPFields = [
                                .authorization: "Bearer \(token)", .contentType: "application/json",
                            ]
                            // Own values: one per round, each in its own period.
                            for r in 0..<rounds {
                                let unit = ["A1", "A2", "B1", "B2"][w % 4]
                                let period = 202_301 + r + (w / 4) * 100
                                let response = try await http.post(
                                    "/api/values", headers: headers,
                                    body: body(
                                        #"{"element": "visits", "orgunit": "\#(unit)", "period": "\#(period)", "value": \#(1000 + w * 10 + r)}"#
                                    ))
                                #expect(response.status == .ok, "\(response.body.map { String(buffer: $0) } ?? "")")
                            }
                            // The shared value: read its version, write, retry on conflict (bounded).
                            var mine: [Int] = []
                            for attempt in 0..<50 {
                                let read = try await http.get(
                                    "/api/values?element=visits&orgunit=A2&period=202602", headers: headers)
                                let rows =
                                    try JSONSerialization.jsonObject(with: Data(String(buffer: read.body!).utf8))
                                    as? [[String: Any]]
                                let version = rows?.first?["version"] as? Int ?? 0
                                let value = 5000 + w * 100 + attempt
                                let response = try await http.post(
                                    "/api/values", headers: headers,
                                    body: body(
                                        #"{"element": "visits", "orgunit": "A2", "period": "202602", "value": \#(value), "version": \#(version)}"#
                                    ))
                                if response.status == .ok {
                                    mine.append(value)
                                    break
                                }
                                #expect(response.status == .conflict)
                            }
                            return mine
                        }
                    }
                }
                var all: [Int] = []
                for try await values in group { all += values }
                return all
            }
            #expect(accepted.count == writers)
            // Every own value is stored once, with the value written.
            let workspace = try Workspace.load(fixture.server.backend.workspace.store)
            for w in 0..<writers {
                for r in 0..<rounds {
                    let unit = ["A1", "A2", "B1", "B2"][w % 4]
                    let period = String(202_301 + r + (w / 4) * 100)
                    #expect(try fixture.stored("visits", "", unit, period)?.value == Double(1000 + w * 10 + r))
                }
            }
            #expect(try workspace.store.valueCount() == 10 + writers * rounds + 1)
            // The shared value went through each accepted write exactly once.
            let response = try await client.execute(
                uri: "/api/values/history?element=visits&orgunit=A2&period=202602", method: .get,
                headers: fixture.bearer("admin"))
            let history = try #require(response.json["history"] as? [[String: Any]])
            let current = try #require(response.json["value"] as? [String: Any])
            let sequence = history.compactMap { $0["previous_value"] as? Int } + [current["value"] as? Int ?? -1]
            #expect(sequence.sorted() == accepted.sorted())
            #expect(current["version"] as? Int == writers)
            #expect(history.allSatisfy { $0["changed_by"] as? String == "admin" })
        }
    }
}
