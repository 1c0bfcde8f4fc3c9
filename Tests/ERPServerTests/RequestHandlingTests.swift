import ERPCore
import HTTP1
import Testing

@testable import ERPServer

/// Body decoding, authentication, permissions, unexpected errors and request ids, in-process
/// against a real database (the test authenticator queries it).
@Suite("Request handling")
struct RequestHandlingTests {
    let log = LogCapture()
    let server: APIServer

    init() throws {
        server = try makeServer(log: log)
    }

    private let goodThing = #"{"name":"Chair","unit_cost":"12.50","lines":[{"product_id":3,"qty":"2"}]}"#

    @Test func decodesABodyWithMoneyAndQuantityAndEncodesItBackInSnakeCase() {
        let response = server.handle(request(.post, "/api/v1/things", body: goodThing))
        #expect(response.status == 201)
        #expect(response.text == #"{"lines":[{"product_id":3,"qty":"2.000"}],"name":"Chair","unit_cost":"12.50"}"#)
    }

    @Test(arguments: ["{\"name\":", "[1,2", "not json", "{\"name\":\"x\"} trailing"])
    func malformedJSONIsBadRequestEnvelope(body: String) {
        let response = server.handle(request(.post, "/api/v1/things", body: body))
        #expect(response.status == 400)
        #expect(response.errorCode == "bad_request")
    }

    @Test func missingBodyOrWrongContentTypeIsBadRequest() {
        #expect(server.handle(request(.post, "/api/v1/things")).errorCode == "bad_request")
        let text = server.handle(request(.post, "/api/v1/things", headers: [("Content-Type", "text/plain")], body: goodThing))
        #expect(text.status == 400)
        #expect(text.jsonBody["error"]?["message"] == .string(
            "The request is malformed: the body must be sent with Content-Type: application/json."))
        let withCharset = request(.post, "/api/v1/things", headers: [("Content-Type", "Application/JSON; charset=utf-8")], body: goodThing)
        #expect(server.handle(withCharset).status == 201)
    }

    @Test func badValuesAreValidationFailedWithSnakeCaseFieldPaths() {
        let body = #"{"name":"Chair","unit_cost":"1.234","lines":[{"product_id":3,"qty":"1.2345"}]}"#
        let response = server.handle(request(.post, "/api/v1/things", body: body))
        #expect(response.status == 422)
        #expect(response.errorCode == "validation_failed")
        guard case .object(let fields)? = response.jsonBody["error"]?["details"]?["fields"] else {
            Issue.record("no details.fields in \(response.text)")
            return
        }
        #expect(Array(fields.keys) == ["unit_cost"])  // decoding stops at the first refused value
        let missing = server.handle(request(.post, "/api/v1/things", body: #"{"name":"Chair","unit_cost":"1","lines":[{"qty":"1"}]}"#))
        #expect(missing.jsonBody["error"]?["details"]?["fields"] == .object(["lines[0].product_id": .string("is required")]))
    }

    @Test func unknownFieldsAreValidationFailedNamingEachOneAtItsPath() {
        let body = #"{"name":"Chair","unit_cost":"1","owner_id":7,"lines":[{"product_id":3,"qty":"1","qyt":"2"}]}"#
        let response = server.handle(request(.post, "/api/v1/things", body: body))
        #expect(response.status == 422)
        #expect(response.jsonBody["error"]?["details"]?["fields"] == .object([
            "owner_id": .string("is not a field of this request"), "lines[0].qyt": .string("is not a field of this request"),
        ]))
    }

    @Test func repeatedJSONKeysAreBadRequest() {
        let body = #"{"name":"Chair","unit_cost":"1","lines":[{"product_id":3,"qty":"1","qty":"100"}]}"#
        let response = server.handle(request(.post, "/api/v1/things", body: body))
        #expect(response.status == 400)
        #expect(response.jsonBody["error"]?["message"]?.stringValue?.contains("'lines[0].qty' appears more than once") == true)
    }

    @Test(arguments: [#""a\u0000b""#, #""\u0000x""#, #""tab\there""#, #""line\nbreak""#, #""bell\u0007""#])
    func controlCharactersInASingleLineFieldAreRefusedNamingTheField(name: String) {
        let body = #"{"name":"# + name + #","unit_cost":"1","lines":[]}"#
        let response = server.handle(request(.post, "/api/v1/things", body: body))
        #expect(response.status == 422)
        #expect(response.jsonBody["error"]?["details"]?["fields"] == .object(["name": .string("must not contain control characters")]))
    }

    @Test func multilineFieldsTakeTabsAndLineBreaksButNotNul() {
        let ok = #"{"name":"Chair","unit_cost":"1","lines":[],"note":"first\tline\r\nsecond"}"#
        #expect(server.handle(request(.post, "/api/v1/things", body: ok)).status == 201)
        let nul = #"{"name":"Chair","unit_cost":"1","lines":[],"note":"a\u0000b"}"#
        let response = server.handle(request(.post, "/api/v1/things", body: nul))
        #expect(response.status == 422)
        #expect(response.jsonBody["error"]?["details"]?["fields"]?["note"] != nil)
    }

    @Test func aWrongJSONTypeIsBadRequestNamingTheField() {
        let response = server.handle(request(.post, "/api/v1/things", body: #"{"name":5,"unit_cost":"1","lines":[]}"#))
        #expect(response.status == 400)
        #expect(response.jsonBody["error"]?["message"]?.stringValue?.contains("name must be a string") == true)
    }

    @Test func unexpectedErrorIsInternalWithRequestIDAndNoInternalText() throws {
        let response = server.handle(request(.get, "/api/v1/boom", headers: [("X-Request-Id", "trace-500")]))
        #expect(response.status == 500)
        #expect(response.errorCode == "internal")
        #expect(response.jsonBody["error"]?["details"]?["reference"] == .string("trace-500"))
        #expect(response.text.contains("trace-500"))
        #expect(!response.text.contains("secret") && !response.text.contains("SELECT"))
        let logged = try #require(log.objects.first { $0["msg"] == .string("internal error") })
        #expect(logged["request_id"] == .string("trace-500"))
        #expect(logged["level"] == .string("error"))
        #expect(logged["error"] == .string("secret internal detail: SELECT * FROM users"))
    }

    @Test func databaseErrorNeverShowsSQLText() throws {
        let response = server.handle(request(.get, "/api/v1/sql-error", headers: [("X-Request-Id", "trace-sql")]))
        #expect(response.status == 500)
        #expect(!response.text.contains("no_such_table"))
        let logged = try #require(log.objects.first { $0["request_id"] == .string("trace-sql") && $0["msg"] == .string("internal error") })
        #expect(logged["error"].map { "\($0)".contains("no_such_table") } == true)
    }

    @Test func protectedRouteWithoutTokenIsUnauthorized() {
        let response = server.handle(request(.get, "/api/v1/me"))
        #expect(response.status == 401)
        #expect(response.errorCode == "unauthorized")
        #expect(response.headers["WWW-Authenticate"] == "Bearer")
    }

    @Test(arguments: ["Basic b3duZXI6cHc=", "Bearer", "Bearer bad token", "Bearer ä", "bearer unknown-token"])
    func malformedOrUnknownTokenIsUnauthorized(header: String) {
        let response = server.handle(request(.get, "/api/v1/me", headers: [("Authorization", header)]))
        #expect(response.status == 401)
        #expect(response.errorCode == "unauthorized")
    }

    @Test func validTokenReachesTheHandlerWithItsPrincipal() {
        let response = server.handle(request(.get, "/api/v1/me", headers: [("Authorization", "Bearer keeper-token")]))
        #expect(response.status == 200)
        #expect(response.jsonBody == .object(["login": .string("keeper")]))
    }

    @Test func principalWithoutThePermissionIsForbidden() {
        let keeper = server.handle(request(.get, "/api/v1/users", headers: [("Authorization", "Bearer keeper-token")]))
        #expect(keeper.status == 403)
        #expect(keeper.errorCode == "forbidden")
        let owner = server.handle(request(.get, "/api/v1/users", headers: [("Authorization", "Bearer owner-token")]))
        #expect(owner.status == 200)
    }

    @Test func acceptableRequestIDIsEchoed() {
        let response = server.handle(request(.get, "/health", headers: [("X-Request-Id", "lb-1234:abc/DEF=")]))
        #expect(response.headers[RequestID.header] == "lb-1234:abc/DEF=")
    }

    @Test(arguments: [nil, "", "has space", "semi;colon", "ünicode", String(repeating: "a", count: 129)])
    func missingOrUnsafeRequestIDIsReplacedByAGeneratedOne(incoming: String?) throws {
        let headers = incoming.map { [("X-Request-Id", $0)] } ?? []
        let response = server.handle(request(.get, "/api/v1/nowhere", headers: headers))
        let id = try #require(response.headers[RequestID.header])
        #expect(id != incoming)
        #expect(id.count == 32 && id.allSatisfy(\.isHexDigit))
        #expect(server.handle(request(.get, "/health")).headers[RequestID.header] != id)
    }

    @Test func accessLogLineHasTheRequestFields() throws {
        _ = server.handle(request(.get, "/api/v1/me?secret=1", headers: [("Authorization", "Bearer owner-token"), ("X-Request-Id", "access-1")]))
        let line = try #require(log.objects.first { $0["msg"] == .string("request") && $0["request_id"] == .string("access-1") })
        #expect(line["method"] == .string("GET"))
        #expect(line["path"] == .string("/api/v1/me"))  // no query: it may carry secrets
        #expect(line["route"] == .string("/api/v1/me"))
        #expect(line["status"] == .number(200))
        #expect(line["user_id"] == .number(7))
        #expect(line["remote"] == .string("127.0.0.1:5555"))
        #expect(line["bytes"] == .number(#"{"login":"owner"}"#.utf8.count))
        guard case .number(let duration)? = line["duration_ms"], case .string(let time)? = line["time"] else {
            Issue.record("duration_ms or time missing: \(line)")
            return
        }
        #expect(Double(duration) != nil)
        #expect(RFC3339.date(from: time) != nil)
    }
}
