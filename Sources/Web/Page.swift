// What a page group declares: its routes (method, path, who may open them, the handler) and its
// menu entries. A group is one file under `Pages/`; `WebSite.groups` lists the groups, so adding a
// group is one line there.

import ERPCore
import ERPServer
import HTTP1

/// One page route: `GET /stock` → handler, with who may open it.
package struct Page: Sendable {
    /// Who may open a page.
    package enum Access: Sendable, Equatable {
        /// Anyone, signed in or not (the sign-in form); forms check the pre-session CSRF cookie.
        case anonymous
        /// A signed-in person whose role holds the permission (403 page without it); the
        /// service checks again, as for the API.
        case permission(Permission)
    }

    /// Turns a request into an answer (a page, a redirect); errors become the error page.
    package typealias Handler = @Sendable (PageContext) throws -> HTTPResponse

    /// The method (`GET` pages also answer `HEAD`).
    package let method: HTTPMethod
    /// The path pattern, e.g. `/stock/documents/{id}`.
    package let path: String
    /// Who may open it.
    package let access: Access
    /// Query parameters it reads (besides the common `notice` and `number` of success banners).
    package let query: [QueryParameter]
    /// The largest form body it takes (a file upload takes more than the default).
    package let bodyLimit: Int
    /// The handler.
    package let handler: Handler

    /// Declares a page.
    package init(_ method: HTTPMethod, _ path: String, access: Access, query: [QueryParameter] = [],
                 bodyLimit: Int = Route.defaultBodyLimit, handler: @escaping Handler) {
        self.method = method
        self.path = path
        self.access = access
        self.query = query
        self.bodyLimit = bodyLimit
        self.handler = handler
    }
}

/// An entry of the left menu, shown to the roles holding its permission.
package struct MenuEntry: Sendable {
    /// Where it leads.
    package let path: String
    /// Its label.
    package let title: Message
    /// Shown only to roles that hold this permission.
    package let permission: Permission
    /// Position in the menu: smaller first (groups leave gaps for each other).
    package let order: Int

    /// A menu entry.
    package init(_ path: String, _ title: Message, permission: Permission, order: Int) {
        self.path = path
        self.title = title
        self.permission = permission
        self.order = order
    }
}

/// A page group: one file's pages and menu entries (`StockPages`, `OrderPages`, …).
package protocol PageGroup: Sendable {
    /// The group's pages.
    var pages: [Page] { get }
    /// The group's menu entries.
    var menu: [MenuEntry] { get }
}
