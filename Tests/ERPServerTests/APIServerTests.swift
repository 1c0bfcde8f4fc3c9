import ERPCore
import Foundation
import HTTP1
import TestSupport
import Synchronization
import Testing

@testable import ERPServer

/// Configuration from `ERPSettings`, and the pool sized to the handler threads under load.
@Suite("APIServer")
struct APIServerTests {
    @Test(arguments: [
        ("127.0.0.1:8080", "127.0.0.1", 8080), ("[::1]:9000", "::1", 9000), (":80", "0.0.0.0", 80),
        ("localhost:0", "localhost", 0),
    ])
    func listenAddressParses(listen: String, host: String, port: Int) throws {
        let parsed = try APIServer.Configuration.parse(listen: listen)
        #expect(parsed.host == host && parsed.port == port)
    }

    @Test(arguments: ["8080", "host:", "host:http", "::1:8080", "[::1]8080", "host:65536", "host:+80"])
    func malformedListenAddressIsValidationFailed(listen: String) {
        #expect(throws: ERPError.self) { try APIServer.Configuration.parse(listen: listen) }
    }

    @Test func configurationComesFromSettings() throws {
        let settings = ERPSettings(
            environment: ["ERP_LISTEN": "0.0.0.0:8443", "ERP_WORKERS": "3", "ERP_LOG": "error"], currentDirectory: "/")
        let configuration = try APIServer.Configuration(settings: settings, databaseURL: "postgresql:///erp",
                                                        authenticate: testAuthenticator)
        #expect(configuration.http.host == "0.0.0.0" && configuration.http.port == 8443)
        #expect(configuration.http.workers == 3)
        #expect(configuration.logger.level == .error)
        #expect(APIServer(configuration: configuration).pool.configuration.maxConnections == 3)
    }

    @Test func concurrentClientsNeverWaitForAConnectionAndThePoolStaysWithinTheWorkers() throws {
        let server = try makeServer(workers: 3)
        try serving(server) { port in
            let statuses = Mutex<[Int]>([])
            DispatchQueue.concurrentPerform(iterations: 12) { _ in
                var mine: [Int] = []
                do {
                    let client = try WireClient(port: port)
                    for _ in 0..<10 {
                        mine.append(try client.exchange("GET", "/api/v1/me",
                                                        headers: ["Authorization: Bearer owner-token"]).status)
                    }
                } catch {
                    mine.append(-1)
                }
                statuses.withLock { $0 += mine }
            }
            let all = statuses.withLock { $0 }
            #expect(all.count == 120)
            #expect(all.allSatisfy { $0 == 200 }, "statuses: \(Set(all))")
            #expect(server.pool.statistics.open <= 3)
            #expect(server.metrics.requestCount(route: "/api/v1/me", method: "GET", status: 200) == 120)
        }
    }

    @Test func handlerRunsAfterShutdownAreRefusedNotCrashed() throws {
        let server = try makeServer()
        server.shutdown(grace: .milliseconds(10))
        let response = server.handle(request(.get, "/api/v1/db"))
        #expect(response.status == 503)
        #expect(response.errorCode == "unavailable")
    }
}
