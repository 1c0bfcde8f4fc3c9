// A file a page hands over rather than shows (a report's CSV or JSON, a supplier order's CSV,
// payables): saved by the browser under its name, never cached.

import HTTP1

extension HTTPResponse {
    /// `text` as a download named `name`, of media type `type`.
    static func download(_ text: String, type: String, name: String) -> HTTPResponse {
        var response = HTTPResponse(status: 200, contentType: type, body: Array(text.utf8))
        response.headers.add(name: "Content-Disposition", value: "attachment; filename=\"\(name)\"")
        response.headers.add(name: "Cache-Control", value: "no-store")
        return response
    }
}
