// The pages on the API server's port. Each page becomes a `Route` with access `.page`: the
// router, the limits, the access log and the metrics are the API's; what differs is here — the
// session cookie instead of a bearer token, the CSRF check on every POST, and HTML answers
// (error pages, redirects to sign-in) instead of the JSON envelope.

import ERPCore
import ERPServer
import Foundation
import HTTP1

/// The web site: the page groups, mounted on an `APIServer`.
///
/// ```swift
/// try WebSite(configuration: .init(cookieSecure: settings.cookieSecure)).register(on: server)
/// ```
package struct WebSite: Sendable {
    /// Settings of the pages.
    package struct Configuration: Sendable {
        /// `Secure` on every cookie (`ERP_COOKIE_SECURE=1`).
        package var cookieSecure = false
        /// Where sessions and documents read "now".
        package var time = TimeSource.system

        /// Defaults: plain-HTTP cookies, the system clock.
        package init(cookieSecure: Bool = false, time: TimeSource = .system) {
            self.cookieSecure = cookieSecure
            self.time = time
        }
    }

    /// The configuration.
    package let configuration: Configuration
    /// Every page group: adding a group is one line here.
    let groups: [any PageGroup]

    /// The site with every page group.
    package init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
        groups = [
            SignInPages(configuration: configuration),
            DashboardPages(time: configuration.time),
            ReportPages(time: configuration.time),
            AuditPages(time: configuration.time),
            StockPages(time: configuration.time),
            StockFormPages(time: configuration.time),
            StockDocumentPages(time: configuration.time),
            StockCountPages(time: configuration.time),
            ShippingPages(time: configuration.time),
            ClientPages(time: configuration.time),
            OrderPages(time: configuration.time),
            TaskPages(time: configuration.time),
            DocumentPages(time: configuration.time),
            PaymentPages(time: configuration.time),
            ReceivablesPages(time: configuration.time),
            BankPages(time: configuration.time),
            PurchaseOrderPages(time: configuration.time),
            PurchaseReceiptPages(time: configuration.time),
            SuggestionPages(time: configuration.time),
            SupplierBillPages(time: configuration.time),
            SupplierPaymentPages(time: configuration.time),
            PayablesPages(time: configuration.time),
            UserPages(time: configuration.time), TokenPages(time: configuration.time), CompanyPages(time: configuration.time),
            WarehousePages(time: configuration.time), ProductSuggestPages(time: configuration.time),
        ]
    }

    /// The menu entries `principal` may use, in menu order.
    func menu(for principal: Principal) -> [MenuEntry] {
        groups.flatMap(\.menu).filter { principal.may($0.permission) }.sorted { $0.order < $1.order }
    }

    /// Adds every page (`/` is the dashboard's group) and `/assets/…` to the server's routes.
    /// - Throws: `RouteTableError` for a malformed or duplicate pattern (a bug the tests catch).
    package func register(on server: APIServer) throws(RouteTableError) {
        var routes = groups.flatMap(\.pages).map(route)
        routes.append(Route(.get, "/assets/{file}", summary: "An embedded asset", access: .page,
                            produces: ["text/css", "text/javascript", "image/svg+xml"]) { context in
            Assets.response(for: context.request.path) ?? .plainError(status: 404, reason: "no such asset")
        })
        try server.register(routes: routes)
    }

    /// The common query parameters of every page: the success banner after a redirect.
    static let bannerQuery: [QueryParameter] = [
        .text("notice", maxLength: 40, "Which success banner to show"),
        .text("number", maxLength: 40, "The document number the banner names"),
    ]

    private func route(_ page: Page) -> Route {
        Route(page.method, page.path, summary: "A page", access: .page, bodyLimit: page.bodyLimit, query: page.query + Self.bannerQuery,
              produces: ["text/html"]) { [self] request in
            answer(page, request: request)
        }
    }

    /// Session, permission, CSRF, handler; every refusal is a page (or a redirect to sign-in).
    private func answer(_ page: Page, request: RequestContext) -> HTTPResponse {
        let headers = request.request.head.headers
        let language = Language.choose(cookie: Cookies.value(Cookies.language, in: headers),
                                       acceptLanguage: headers["Accept-Language"])
        do {
            let session = try authenticate(request, headers: headers)
            // A signed-in browser has the API's limit, a bucket per session (docs/decisions.md, "Rate
            // limits"); checked before any other query, so a refused request costs one lookup.
            if let session { try request.limitRate(key: "session:\(session.id.rawValue)") }
            let form = request.request.method == .post
                ? try FormFields(body: request.request.body, contentType: headers["Content-Type"]) : FormFields()
            // The top bar's company name (the settings', "ERP" before they are set) and the zone
            // the page writes times in.
            let company = try session.map { session in
                try request.withConnection { try CompanySettings.get(by: session.principal, on: $0) }
            }
            let context = PageContext(request: request, language: language, session: session, site: self, form: form,
                                      companyName: company.flatMap { $0.name.isEmpty ? nil : $0.name } ?? "ERP")
            let zone = company.flatMap { TimeZone(identifier: $0.timeZone) } ?? WebFormat.companyTimeZone
            return WebFormat.$companyCalendar.withValue(WebFormat.calendar(in: zone)) { handle(page, context: context, session: session, form: form) }
        } catch {
            let context = PageContext(request: request, language: language, session: nil, site: self, form: FormFields(),
                                      companyName: "ERP")
            return ErrorPages.render(request.translate(error), context: context)
        }
    }

    /// Permission, CSRF and the page's handler, for a request whose session is known.
    private func handle(_ page: Page, context: PageContext, session: WebSession?, form: FormFields) -> HTTPResponse {
        let request = context.request
        let headers = request.request.head.headers
        do {
            if case .permission(let permission) = page.access {
                guard let session else { return signInRedirect(request) }
                try session.principal.require(permission)
            }
            if request.request.method == .post {
                guard CSRF.isValid(form: form, session: session, headers: headers) else {
                    return ErrorPages.render(.csrf, status: 403, context: context)
                }
            }
            return try page.handler(context)
        } catch {
            return ErrorPages.render(request.translate(error), context: context)
        }
    }

    /// The session of the cookie; nil without a cookie or with an ended session (the page then
    /// asks to sign in).
    /// - Throws: `ERPError.unavailable` when the database is down.
    private func authenticate(_ request: RequestContext, headers: HTTPHeaders) throws(ERPError) -> WebSession? {
        guard let secret = Cookies.value(Cookies.session, in: headers) else { return nil }
        do {
            let time = configuration.time
            let session = try request.withConnection { connection in
                try WebSessions.authenticate(secret: secret, time: time, on: connection)
            }
            request.principal = session.principal
            return session
        } catch {
            if case .unauthorized = error { return nil }
            throw error
        }
    }

    /// To the sign-in page, coming back here afterwards (only for GET: a form is not replayed).
    private func signInRedirect(_ request: RequestContext) -> HTTPResponse {
        let back = request.request.method == .get ? request.request.head.target : "/"
        var components = URLComponents()
        components.queryItems = [URLQueryItem(name: "next", value: back)]
        return Self.redirect(to: "/login" + (components.percentEncodedQuery.map { "?" + $0 } ?? ""))
    }

    /// `text` escaped for a query string value.
    static func queryEscaped(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    /// `303 See Other` to `location`.
    static func redirect(to location: String) -> HTTPResponse {
        var response = HTTPResponse(status: 303, contentType: "text/plain; charset=utf-8", body: [])
        response.headers.add(name: "Location", value: location)
        response.headers.add(name: "Cache-Control", value: "no-store")
        return response
    }
}
