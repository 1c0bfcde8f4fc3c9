// The frame of every page: the top bar (company, person and role, Выйти), the role's menu (a
// column on a desktop, a <details> button on a phone — no script needed) and the main area with
// the success banner of a redirect. `lang` is the page's language; styles and script are the
// embedded assets only (the CSP allows nothing inline).

import ERPCore

/// The document around a page's body.
enum Layout {
    /// The whole HTML document.
    static func document(title: String, body: HTML, context: PageContext, chrome: Bool) -> HTML {
        let head: HTML = """
            <!DOCTYPE html>
            <html lang="\(context.language.rawValue)"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title) — ERP</title>
            <link rel="stylesheet" href="\(Assets.path("app.css"))">
            <link rel="stylesheet" href="\(Assets.path("sales.css"))">
            <link rel="stylesheet" href="\(Assets.path("owner.css"))">
            <script src="\(Assets.path("app.js"))" defer></script>
            <script src="\(Assets.path("sales.js"))" defer></script>
            <script src="\(Assets.path("suggest.js"))" defer></script>
            <script src="\(Assets.path("requisites.js"))" defer></script>
            </head>
            """
        guard let session = context.session, chrome else {
            let kind: HTML = chrome ? "bare" : "print"
            return head + "<body class=\"\(kind)\"><main id=\"main\">\(body)</main></body></html>"
        }
        return head + """
            <body><a class="skip" href="#main">\(context.text(.skipToContent))</a>
            \(topBar(session, context: context))
            <div class="frame">\(menu(session, context: context))
            <main id="main">\(banner(context))\(body)</main></div></body></html>
            """
    }

    private static func topBar(_ session: WebSession, context: PageContext) -> HTML {
        """
            <header class="top"><a class="company" href="/">\(context.companyName)</a>
            <span class="who">\(session.user.name.isEmpty ? session.user.login : session.user.name) · \(context.text(.role(session.user.role)))</span>
            <form method="post" action="/logout" class="signout">\(context.csrfField)<button type="submit">\(context.text(.signOut))</button></form>
            </header>
            """
    }

    private static func menu(_ session: WebSession, context: PageContext) -> HTML {
        let current = context.request.request.path
        let entries = context.site.menu(for: session.principal)
        // The entry this page belongs to: the longest path that is the page's path or a prefix of it.
        let here = entries.filter { current == $0.path || current.hasPrefix($0.path + "/") }.max { $0.path.count < $1.path.count }
        let items = entries.map { entry -> HTML in
            let here: HTML = entry.path == here?.path ? " aria-current=\"page\"" : ""
            return "<li><a href=\"\(entry.path)\"\(here)>\(context.text(entry.title))</a></li>"
        }
        let list: HTML = "<ul>\(items)</ul>"
        return """
            <nav class="menu wide" aria-label="\(context.text(.menu))">\(list)</nav>
            <details class="menu narrow"><summary>\(context.text(.menu))</summary><nav aria-label="\(context.text(.menu))">\(list)</nav></details>
            """
    }

    /// The success banner a redirect asked for (`?notice=posted&number=RCP-2026-000001`).
    private static func banner(_ context: PageContext) -> HTML {
        guard let notice = context.query("notice").flatMap(Message.notice) else { return "" }
        let number = context.query("number") ?? ""
        return "<p class=\"banner\" role=\"status\">\(context.text(notice)) \(number)</p>"
    }
}
