import ERPServer
import Testing
import TestSupport

/// docs/http.md is what the route table generates; `ERP_UPDATE_DOCS=1` rewrites it.
@Suite("The HTTP reference is generated from the routes")
struct DocsTests {
    @Test func committedHTTPReferenceEqualsTheOneTheRoutesGenerate() throws {
        let server = APIServer(configuration: APIServer.Configuration(databaseURL: unreachableDatabaseURL,
                                                                      authenticate: AccessRoutes.authenticator))
        try server.registerStandardRoutes()
        let generated = RouteReference.markdown(routes: server.routes)
        for route in server.routes {
            #expect(generated.contains("`\(route.method.rawValue) \(route.path)`"), "\(route.path) is missing")
        }
        let problem = try RepositoryFiles.checkGenerated("docs/http.md", equals: generated, testFilter: "DocsTests")
        #expect(problem == nil, "\(problem ?? "")")
    }
}
