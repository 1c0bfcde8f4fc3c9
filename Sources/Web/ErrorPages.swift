// Refusals as pages: the same statuses as the API (403, 404, 409, 422, 503), in the person's words,
// inside the layout when someone is signed in. An ended session goes to the sign-in page instead.

import ERPCore
import ERPServer
import HTTP1

/// Error pages.
enum ErrorPages {
    /// Why a page is refused, beyond `ERPError`: a form without a valid CSRF token.
    enum Refusal {
        case csrf
    }

    /// The page for a refused form (403).
    static func render(_ refusal: Refusal, status: Int, context: PageContext) -> HTTPResponse {
        let body: HTML = """
            <h1>\(context.text(.csrfTitle))</h1><p>\(context.text(.csrfAdvice))</p>
            <p><a href="/">\(context.text(.toStart))</a></p>
            """
        return context.render(title: context.text(.csrfTitle), body, status: status)
    }

    /// The page for `error`, with its API status; `unauthorized` goes to the sign-in page.
    static func render(_ error: ERPError, context: PageContext) -> HTTPResponse {
        let (title, advice): (Message, Message) = switch error {
        case .unauthorized: (.signInTitle, .signInAdvice)
        case .forbidden: (.forbiddenTitle, .forbiddenAdvice)
        case .notFound: (.notFoundTitle, .notFoundAdvice)
        case .unavailable, .internal: (.unavailableTitle, .unavailableAdvice)
        case .rateLimited: (.tooManyRequestsTitle, .tooManyRequestsAdvice)
        case .badRequest, .validationFailed, .payloadTooLarge, .idempotencyKeyReused, .insufficientStock, .exceedsOrder,
             .invalidState, .versionConflict, .duplicate:
            (.refusedTitle, .refusedAdvice)
        }
        if case .unauthorized = error { return WebSite.redirect(to: "/login") }
        var details: HTML = ""
        if case .internal(let reference) = error { details = "<p class=\"muted\">\(reference)</p>" }
        let body: HTML = """
            <h1>\(context.text(title))</h1><p>\(context.text(advice))</p>\(details)
            <p><a href="/">\(context.text(.toStart))</a></p>
            """
        var response = context.render(title: context.text(title), body, status: error.httpStatus)
        if case .rateLimited(let seconds) = error { response.headers.replaceOrAdd(name: "Retry-After", value: String(seconds)) }
        return response
    }
}
