import ERPCore
import HTTP1
import Testing

@testable import ERPServer

/// In-process route tests: the APIServer's handler called with constructed requests, no sockets.
/// Nothing here touches the database (the URL cannot connect), so these run without one.
@Suite("Router")
struct RouterTests {
    let server: APIServer

    init() throws {
        server = try makeServer(databaseURL: unreachableDatabaseURL)
    }

    @Test func unknownPathIsNotFoundEnvelope() {
        let response = server.handle(request(.get, "/api/v1/nowhere"))
        #expect(response.status == 404)
        #expect(response.errorCode == "not_found")
        #expect(response.headers["Content-Type"] == "application/json; charset=utf-8")
        #expect(response.jsonBody["error"]?["message"] != nil)
        #expect(response.jsonBody["error"]?["details"] != nil)
    }

    @Test func knownPathWithAnotherMethodIsMethodNotAllowedWithAllow() {
        let response = server.handle(request(.delete, "/api/v1/things"))
        #expect(response.status == 405)
        #expect(response.headers["Allow"] == "POST")
        #expect(response.errorCode == "bad_request")
        let withGet = server.handle(request(.put, "/api/v1/things/5"))
        #expect(withGet.headers["Allow"] == "GET, HEAD")
    }

    @Test func headIsAnsweredByTheGetRoute() {
        let response = server.handle(request(.head, "/api/v1/things/5"))
        #expect(response.status == 200)
        #expect(response.jsonBody == .object(["id": .number(5)]))  // HTTP1 drops the body on the wire
    }

    @Test(arguments: ["abc", "0", "-1", "+1", "1.0", "99999999999999999999"])
    func segmentThatIsNotAnIDIsNotFound(segment: String) {
        let response = server.handle(request(.get, "/api/v1/things/\(segment)"))
        #expect(response.status == 404)
        #expect(response.errorCode == "not_found")
        #expect(response.jsonBody["error"]?["details"]?["entity"] == .string("thing"))
        #expect(response.jsonBody["error"]?["details"]?["id"] == .string(segment))
    }

    @Test func literalSegmentWinsOverParameter() {
        let response = server.handle(request(.get, "/api/v1/things/special"))
        #expect(response.jsonBody == .object(["special": .bool(true)]))
    }

    @Test func pathParametersArePercentDecoded() {
        #expect(server.handle(request(.get, "/api/v1/things/%34%32")).jsonBody == .object(["id": .number(42)]))
        #expect(server.handle(request(.get, "/api/v1/things/%zz")).status == 400)
        #expect(server.handle(request(.get, "/api/v1/things/4%2F2")).status == 404)  // %2F stays in its segment
    }

    @Test func trailingSlashAndEmptySegmentsDoNotMatch() {
        #expect(server.handle(request(.get, "/api/v1/things/5/")).status == 404)
        #expect(server.handle(request(.get, "/api/v1//things/5")).status == 404)
    }

    @Test func queryIsPercentDecodedWithPlusAsSpace() {
        let response = server.handle(request(.get, "/api/v1/search?q=red+chair%20%C3%A9&tag=b%26c&limit=20"))
        #expect(response.status == 200)
        #expect(response.jsonBody == .object([
            "q": .string("red chair é"), "tag": .string("b&c"), "limit": .number(20),
        ]))
    }

    @Test func unknownQueryParametersAreBadRequestNamingThem() {
        let response = server.handle(request(.get, "/api/v1/search?q=x&sku=HT-0004&colour=red"))
        #expect(response.status == 400)
        let message = response.jsonBody["error"]?["message"]?.stringValue ?? ""
        #expect(message.contains("'sku'") && message.contains("'colour'") && message.contains("q, tag, limit"))
    }

    @Test func repeatedQueryParameterIsBadRequest() {
        let response = server.handle(request(.get, "/api/v1/search?tag=a&tag=b"))
        #expect(response.status == 400)
        #expect(response.jsonBody["error"]?["message"]?.stringValue?.contains("'tag'") == true)
    }

    @Test func queryValuesOutsideTheirDeclarationAreRefusedNamingEachParameter() {
        let response = server.handle(request(.get, "/api/v1/search?limit=501&tag=elevenchars&q=a%00b"))
        #expect(response.status == 422)
        let fields = response.jsonBody["error"]?["details"]?["fields"]
        #expect(fields?["limit"]?.stringValue == "must be between 1 and 500")
        #expect(fields?["tag"]?.stringValue == "must be at most 10 characters")
        #expect(fields?["q"]?.stringValue == "must not contain control characters")
        #expect(server.handle(request(.get, "/api/v1/search?limit=-1")).status == 422)
    }

    @Test func readingAnUndeclaredParameterIsAnInternalError() {
        #expect(server.handle(request(.get, "/api/v1/misread")).status == 500)
    }

    @Test func malformedQueryIsBadRequestAndBadTypedValueIsValidationFailed() {
        #expect(server.handle(request(.get, "/api/v1/search?q=%E2%82")).errorCode == "bad_request")
        let badLimit = server.handle(request(.get, "/api/v1/search?limit=many"))
        #expect(badLimit.status == 422)
        #expect(badLimit.jsonBody["error"]?["details"]?["fields"]?["limit"] != nil)
    }

    @Test func bodyLimitFollowsTheMatchedRoute() {
        let router = server.router
        #expect(router.bodyLimit(for: HTTPRequestHead(method: .post, target: "/api/v1/imports")) == 20 << 20)
        #expect(router.bodyLimit(for: HTTPRequestHead(method: .post, target: "/api/v1/things")) == 1 << 20)
        #expect(router.bodyLimit(for: HTTPRequestHead(method: .post, target: "/elsewhere")) == 1 << 20)
    }

    @Test(arguments: ["api/v1", "/a//b", "/a/{id", "/a/{}", "/a/x{id}", "/a/{id}/{id}", "/a?b"])
    func malformedPatternsAreRefusedAtRegistration(pattern: String) {
        let route = Route(.get, pattern, summary: "bad", access: .public) { _ in .noContent }
        #expect(throws: RouteTableError.self) { try server.register(routes: [route]) }
    }

    @Test func sameMethodAndPatternCannotBeRegisteredTwice() {
        let route = Route(.get, "/api/v1/things/{key}", summary: "again", access: .public) { _ in .noContent }
        #expect(throws: RouteTableError.duplicate(method: "GET", pattern: "/api/v1/things/{key}")) {
            try server.register(routes: [route])
        }
    }
}
