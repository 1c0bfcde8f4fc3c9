// Benchmark server for the HTTP1 target alone: GET /health → 200 {"status":"ok"}.
// Usage: http1-bench [--listen HOST:PORT] [--workers N]
import Glibc
import HTTP1

var configuration = HTTPServer.Configuration()
configuration.host = "127.0.0.1"
configuration.port = 8080
configuration.workers = 2
configuration.queueCapacity = 4096

var arguments = CommandLine.arguments.dropFirst()
while let flag = arguments.popFirst() {
    switch flag {
    case "--listen":
        guard let value = arguments.popFirst(), let colon = value.lastIndex(of: ":"),
            let port = Int(value[value.index(after: colon)...])
        else {
            print("http1-bench: --listen needs HOST:PORT")
            exit(2)
        }
        configuration.host = String(value[..<colon]).trimmingCharacters(in: "[]")
        configuration.port = port
    case "--workers":
        guard let value = arguments.popFirst(), let workers = Int(value), workers > 0 else {
            print("http1-bench: --workers needs a positive number")
            exit(2)
        }
        configuration.workers = workers
    default:
        print("usage: http1-bench [--listen HOST:PORT] [--workers N]")
        exit(2)
    }
}

let health = HTTPResponse.json(#"{"status":"ok"}"#)
let notFound = HTTPResponse.json(#"{"error":"not_found"}"#, status: 404)
let server = HTTPServer(configuration: configuration) { request in
    request.method == .get && request.path == "/health" ? health : notFound
}
do {
    let port = try server.start()
    server.stopOnSignals(grace: .seconds(2))
    print("http1-bench listening on \(configuration.host):\(port) with \(configuration.workers) workers")
    fflush(nil)
    server.wait()
} catch {
    print("http1-bench: \(error)")
    exit(1)
}

extension String {
    fileprivate func trimmingCharacters(in set: String) -> String {
        String(drop { set.contains($0) }.reversed().drop { set.contains($0) }.reversed())
    }
}
