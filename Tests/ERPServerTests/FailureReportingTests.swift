import ERPCore
import HTTP1
import Testing
import TestSupport

@testable import ERPServer

/// An unexpected failure is one JSON log line under the request id the client gets back, however
/// deep it happened: in a handler, or in a service that translated it itself.
@Suite("Unexpected failures are reported once under the request id")
struct FailureReportingTests {
    let log = LogCapture()
    let database: TestDatabase
    let server: APIServer

    init() throws {
        database = try TestDatabase.make()
        server = try makeServer(databaseURL: database.url, log: log)
    }

    private func internalErrorLines() -> [JSONValue] {
        log.objects.filter { $0["msg"] == .string("internal error") }
    }

    @Test func aServiceFailureIsOneLogLineWhoseRequestIDIsTheResponseReference() throws {
        let response = server.handle(request(.post, "/api/v1/service-failure"))
        #expect(response.status == 500)
        let requestID = try #require(response.headers[RequestID.header])
        #expect(response.jsonBody["error"]?["details"]?["reference"] == .string(requestID))
        #expect(!response.text.contains("no_such_table") && !response.text.contains("ref-"))
        let lines = internalErrorLines()
        #expect(lines.count == 1, "\(log.lines)")
        let line = try #require(lines.first)
        #expect(line["request_id"] == .string(requestID))
        #expect(line["sqlstate"] == .string("42P01") && line["error_kind"] == .string("server"))
        #expect(line["route"] == .string("/api/v1/service-failure") && line["method"] == .string("POST"))
        #expect(line["error"]?.stringValue?.contains("no_such_table") == true)
        let access = try #require(log.objects.first { $0["msg"] == .string("request") })
        #expect(access["request_id"] == .string(requestID) && access["status"] == .number(500))
        let kept = try database.connectAsOwner().query("SELECT count(*) FROM warehouses WHERE code = 'ZZ'").single()
        #expect(try kept.decode(0, as: Int.self) == 0)
    }

    @Test func onTheServersOwnHandlerThreadsTheServiceFailureCarriesTheRequestIDToo() throws {
        try serving(server) { port in
            let response = try WireClient(port: port).exchange("POST", "/api/v1/service-failure", headers: ["X-Request-Id: wire-svc"])
            #expect(response.status == 500)
            #expect(response.jsonBody["error"]?["details"]?["reference"] == .string("wire-svc"))
        }
        #expect(internalErrorLines().map { $0["request_id"] } == [.string("wire-svc")])
    }

    @Test func theClientsOwnRequestIDIsTheReferenceOfAServiceFailure() throws {
        let response = server.handle(request(.post, "/api/v1/service-failure", headers: [("X-Request-Id", "trace-svc-1")]))
        #expect(response.jsonBody["error"]?["details"]?["reference"] == .string("trace-svc-1"))
        #expect(internalErrorLines().map { $0["request_id"] } == [.string("trace-svc-1")])
    }

    @Test func aFailureEscapingAHandlerIsOneLineToo() throws {
        let response = server.handle(request(.get, "/api/v1/boom"))
        let requestID = try #require(response.headers[RequestID.header])
        #expect(response.jsonBody["error"]?["details"]?["reference"] == .string(requestID))
        #expect(internalErrorLines().map { $0["request_id"] } == [.string(requestID)])
    }

    @Test func decodingABodyTheRouteDoesNotDeclareIsInternalUnderTheRequestID() throws {
        let response = server.handle(request(.post, "/api/v1/undeclared-body", body: #"{"name":"x"}"#))
        #expect(response.status == 500)
        let requestID = try #require(response.headers[RequestID.header])
        let lines = internalErrorLines()
        #expect(lines.map { $0["request_id"] } == [.string(requestID)])
        #expect(lines.first?["error"]?.stringValue?.contains("/api/v1/undeclared-body decodes a body") == true)
    }

    @Test func aFailureOutsideAnyRequestGetsAFreshReferenceAndStillOneLine() {
        let capture = LogCapture()
        let scope = FailureScope(reference: "job-1", idField: "job_id", logger: Logger(sink: capture.sink))
        let translated = scope.bind { ERPError.reporting(JobFailure()) }
        #expect(translated == .internal(reference: "job-1"))
        #expect(capture.objects.map { $0["job_id"] } == [.string("job-1")])
        #expect(FailureScope.current == nil)
    }
}

private struct JobFailure: Error {}
