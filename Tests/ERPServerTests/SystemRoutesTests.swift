import ERPCore
import HTTP1
import Testing

@testable import ERPServer

/// `/health`, `/ready`, `/metrics`, `/openapi.json`.
@Suite("System routes")
struct SystemRoutesTests {
    @Test func healthIsOKWithoutTheDatabase() throws {
        let server = try makeServer(databaseURL: unreachableDatabaseURL)
        let response = server.handle(request(.get, "/health"))
        #expect(response.status == 200)
        #expect(response.jsonBody == .object(["status": .string("ok")]))
        #expect(server.pool.statistics.open == 0)
    }

    @Test func readyIsOKWhenTheDatabaseAnswers() throws {
        let server = try makeServer()
        let response = server.handle(request(.get, "/ready"))
        #expect(response.status == 200)
        #expect(response.jsonBody == .object(["status": .string("ready")]))
    }

    @Test func readyIsUnavailableQuicklyWhenTheDatabaseCannotBeReached() throws {
        let server = try makeServer(databaseURL: unreachableDatabaseURL)
        let started = ContinuousClock.now
        let response = server.handle(request(.get, "/ready"))
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(response.status == 503)
        #expect(response.errorCode == "unavailable")
        #expect(!response.text.contains("nonexistent"))  // libpq's text stays in the log
        #expect(server.handle(request(.get, "/api/v1/db")).status == 503)
    }

    @Test func metricsAreValidPrometheusTextAndCountersIncrease() throws {
        let server = try makeServer()
        for _ in 0..<3 { _ = server.handle(request(.get, "/api/v1/things/5")) }
        _ = server.handle(request(.get, "/api/v1/things/abc"))
        _ = server.handle(request(.get, "/no/such/path/12345"))
        let first = server.handle(request(.get, "/metrics"))
        #expect(first.status == 200)
        #expect(first.headers["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8")
        let samples = try PrometheusText.parse(first.text)
        let thing = #"erp_http_requests_total{route="/api/v1/things/{id}",method="GET",status="200"}"#
        #expect(samples[thing] == 3)
        #expect(samples[#"erp_http_requests_total{route="/api/v1/things/{id}",method="GET",status="404"}"#] == 1)
        #expect(samples[#"erp_http_requests_total{route="unmatched",method="GET",status="404"}"#] == 1)
        #expect(!first.text.contains("12345"))  // raw paths never become labels
        for name in ["erp_http_open_connections", "erp_http_queue_depth", "erp_http_busy_handlers",
                     "erp_db_pool_in_use", "erp_db_pool_open"] {
            #expect(samples[name] != nil, "missing \(name)")
        }
        let buckets = #"erp_http_request_duration_seconds_bucket{route="/api/v1/things/{id}",method="GET",le="+Inf"}"#
        #expect(samples[buckets] == 4)
        #expect(samples[#"erp_http_request_duration_seconds_count{route="/api/v1/things/{id}",method="GET"}"#] == 4)

        _ = server.handle(request(.get, "/api/v1/things/5"))
        let second = try PrometheusText.parse(server.handle(request(.get, "/metrics")).text)
        #expect(second[thing] == 4)
        #expect(second[#"erp_http_requests_total{route="/metrics",method="GET",status="200"}"#] == 1)
    }

    @Test func histogramBucketsAreCumulative() throws {
        let server = try makeServer(databaseURL: unreachableDatabaseURL)
        for _ in 0..<5 { _ = server.handle(request(.get, "/health")) }
        let samples = try PrometheusText.parse(server.handle(request(.get, "/metrics")).text)
        let values = HTTPMetrics.buckets.map { bound -> Double in
            let le = String(bound).hasSuffix(".0") ? String(String(bound).dropLast(2)) : String(bound)
            return samples[#"erp_http_request_duration_seconds_bucket{route="/health",method="GET",le="\#(le)"}"#] ?? -1
        }
        #expect(values.allSatisfy { $0 >= 0 })
        #expect(zip(values, values.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(values.last == 5)
    }

    @Test func openAPIDocumentCoversEveryRegisteredRoute() throws {
        let server = try makeServer(databaseURL: unreachableDatabaseURL)
        let document = server.handle(request(.get, "/openapi.json")).jsonBody
        #expect(document["openapi"] == .string("3.1.0"))
        #expect(server.routes.count >= 14)
        for route in server.routes {
            let operation = document["paths"]?[route.path]?[route.method.rawValue.lowercased()]
            #expect(operation?["summary"] == .string(route.summary), "\(route.method.rawValue) \(route.path) is missing")
            switch route.access {
            case .public: #expect(operation?["security"] == .array([]))
            case .permission(let permission): #expect(operation?["x-permission"] == .string(permission.rawValue))
            case .page: #expect(operation == nil, "pages are not part of the API's document")
            }
        }
        #expect(OpenAPIDocument.unresolvedReferences(in: document).isEmpty)
        #expect(document["components"]?["schemas"]?["Error"]?["required"] == .array([.string("error")]))
        let thing = document["paths"]?["/api/v1/things/{id}"]?["get"]?["parameters"]
        #expect(thing == .array([.object(["name": .string("id"), "in": .string("path"), "required": .bool(true),
                                          "schema": BodySchema.id])]))
    }

    @Test func openAPIDeclaresEveryStandardRouteWithItsQueryParametersAndBody() throws {
        let server = APIServer(configuration: APIServer.Configuration(databaseURL: unreachableDatabaseURL,
                                                                      authenticate: AccessRoutes.authenticator))
        try server.registerStandardRoutes()
        let document = server.openAPIDocument
        #expect(OpenAPIDocument.unresolvedReferences(in: document).isEmpty)
        for route in server.routes {
            let operation = document["paths"]?[route.path]?[route.method.rawValue.lowercased()]
            #expect(operation != nil, "\(route.method.rawValue) \(route.path) is missing")
            guard case .array(let parameters)? = operation?["parameters"] ?? .array([]) else { continue }
            for declared in route.query {
                let published = parameters.first { $0["name"] == .string(declared.name) && $0["in"] == .string("query") }
                #expect(published?["schema"] != nil, "\(route.path) does not publish ?\(declared.name)")
            }
            #expect(parameters.filter { $0["in"] == .string("query") }.count == route.query.count)
            if let body = route.request {
                #expect(operation?["requestBody"]?["content"]?[body.contentType] != nil, "\(route.path) has no body")
                #expect(document["components"]?["schemas"]?[body.name] == body.schema)
            }
            #expect(operation?["responses"]?[String(route.successStatus)] != nil)
            #expect(operation?["responses"]?["400"] != nil)
        }
        let products = document["paths"]?["/api/v1/products"]?["get"]?["parameters"]
        guard case .array(let items)? = products else {
            Issue.record("no parameters for GET /api/v1/products")
            return
        }
        let names = items.compactMap { $0["name"]?.stringValue }
        #expect(["q", "sku", "barcode", "limit"].allSatisfy(names.contains))
        let limit = items.first { $0["name"] == .string("limit") }?["schema"]
        #expect(limit?["maximum"] == .number(500) && limit?["minimum"] == .number(1))
        let newProduct = document["components"]?["schemas"]?["NewProduct"]
        #expect(newProduct?["additionalProperties"] == .bool(false))
        #expect(newProduct?["properties"]?["price"]?["pattern"] != nil)
        #expect(newProduct?["properties"]?["kind"]?["enum"] == .array([.string("goods"), .string("service"), .null]))
    }

    @Test func openAPIReportsReferencesToSchemasNobodyProvided() throws {
        let server = try makeServer(databaseURL: unreachableDatabaseURL)
        try server.register(routes: [Route(.get, "/api/v1/orphan", summary: "x", access: .public, response: "Nowhere") { _ in .noContent }])
        #expect(OpenAPIDocument.unresolvedReferences(in: server.openAPIDocument) == ["#/components/schemas/Nowhere"])
    }
}

/// A strict reader of the Prometheus text format 0.0.4: every line is a comment (`# HELP`,
/// `# TYPE`) or `name{labels} value`; a sample's key is the text before its value.
enum PrometheusText {
    struct FormatError: Error, CustomStringConvertible {
        var description: String
    }

    static func parse(_ text: String) throws -> [String: Double] {
        var samples: [String: Double] = [:]
        var typed: Set<String> = []
        #expect(text.hasSuffix("\n"))
        for line in text.split(separator: "\n") {
            if line.hasPrefix("# HELP ") { continue }
            if line.hasPrefix("# TYPE ") {
                let parts = line.split(separator: " ")
                guard parts.count == 4, ["counter", "gauge", "histogram"].contains(parts[3]) else {
                    throw FormatError(description: "bad TYPE line: \(line)")
                }
                typed.insert(String(parts[2]))
                continue
            }
            guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
                throw FormatError(description: "bad sample line: \(line)")
            }
            let key = String(line[..<space])
            let name = String(key.prefix { $0 != "{" })
            guard name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw FormatError(description: "bad metric name: \(name)")
            }
            let family = ["_bucket", "_sum", "_count"].reduce(name) { name, suffix in
                typed.contains(name) || !name.hasSuffix(suffix) ? name : String(name.dropLast(suffix.count))
            }
            guard typed.contains(family) else { throw FormatError(description: "sample before its TYPE: \(line)") }
            guard samples.updateValue(value, forKey: key) == nil else { throw FormatError(description: "duplicate: \(key)") }
        }
        return samples
    }
}
