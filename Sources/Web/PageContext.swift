// What a page handler sees: the request, the signed-in person, the language, the submitted form,
// and the means to answer (a page in the layout, a redirect). One per request, one thread.

import ERPCore
import ERPServer
import HTTP1
import Postgres

/// The request being answered, with its session, language and form.
package final class PageContext {
    /// The API's request context underneath (connection, parameters, query).
    package let request: RequestContext
    /// The language of every text on the answer.
    package let language: Language
    /// The session, on pages for signed-in people.
    package let session: WebSession?
    /// The site (menus, settings).
    let site: WebSite
    /// The submitted form of a POST (empty for GET).
    package let form: FormFields
    /// The company's name for the top bar.
    let companyName: String

    init(request: RequestContext, language: Language, session: WebSession?, site: WebSite, form: FormFields,
         companyName: String) {
        self.companyName = companyName
        self.request = request
        self.language = language
        self.session = session
        self.site = site
        self.form = form
    }

    /// The signed-in person.
    /// - Throws: `ERPError.unauthorized` on an anonymous page (a bug in the page's declaration).
    package func principal() throws(ERPError) -> Principal {
        guard let session else { throw WebSessions.rejection }
        return session.principal
    }

    /// A catalog text in the request's language.
    package func text(_ message: Message) -> String { message.text(in: language) }

    /// Path parameter `name` as `T` (404 when it is not one).
    /// - Throws: `ERPError.notFound`.
    package func parameter<T: LosslessStringConvertible>(_ name: String, as type: T.Type, entity: String? = nil) throws -> T {
        try request.parameter(name, as: type, entity: entity)
    }

    /// Query parameter `name`, or nil (the page declares it).
    package func query(_ name: String) -> String? { request.query(name) }

    /// Runs `body` with this request's database connection.
    /// - Throws: `ERPError` (database errors translated).
    package func withConnection<T>(_ body: (Connection) throws -> T) throws(ERPError) -> T {
        try request.withConnection(body)
    }

    /// The hidden field with the session's CSRF token, for every form of a signed-in page.
    package var csrfField: HTML {
        "<input type=\"hidden\" name=\"\(FormFields.csrfName)\" value=\"\(session?.csrfToken ?? "")\">"
    }

    /// A page in the layout: top bar, the role's menu, `body` in the main area; with `chrome`
    /// false, `body` alone on a white page (print forms).
    package func render(title: String, _ body: HTML, status: Int = 200, chrome: Bool = true) -> HTTPResponse {
        let document = Layout.document(title: title, body: body, context: self, chrome: chrome)
        var response = HTTPResponse.html(document.markup, policy: .page, status: status, referrerPolicy: "same-origin")
        response.headers.add(name: "Cache-Control", value: "no-store")
        return response
    }

    /// `303 See Other` to `location` (POST-redirect-GET).
    package func redirect(to location: String) -> HTTPResponse {
        WebSite.redirect(to: location)
    }
}
