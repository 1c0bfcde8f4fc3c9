// The pages' CSS, JavaScript and icons: files in `Assets/`, embedded into the binary by the
// `EmbedAssets` plugin and served at content-hashed names (`/assets/app.<hash>.css`), so a browser
// may keep them for a year (`immutable`) and a new build is fetched at once under its new name.

import Foundation
import HTTP1

/// One embedded file, as the generator writes it.
struct EmbeddedAsset: Sendable {
    /// The file name in `Assets/`, e.g. `app.css`.
    let name: String
    /// 16 hex digits of a hash of the content.
    let hash: String
    /// The content, base64 (the generated source stays plain ASCII).
    let base64: String
}

/// The embedded assets by their served names.
enum Assets {
    /// One asset ready to serve.
    struct Served: Sendable {
        let path: String
        let contentType: String
        let bytes: [UInt8]
    }

    /// `app.css` → `/assets/app.0123456789abcdef.css`, for every embedded file.
    static let byName: [String: Served] = Dictionary(uniqueKeysWithValues: embedded.map { asset in
        let dot = asset.name.lastIndex(of: ".") ?? asset.name.endIndex
        let stem = asset.name[..<dot]
        let ext = asset.name[dot...].dropFirst()
        let type = switch ext {
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        default: "image/svg+xml"
        }
        let bytes = Data(base64Encoded: asset.base64).map(Array.init) ?? []
        return (asset.name, Served(path: "/assets/\(stem).\(asset.hash).\(ext)", contentType: type, bytes: bytes))
    })

    /// The served assets by their URL path.
    static let byPath: [String: Served] = Dictionary(uniqueKeysWithValues: byName.values.map { ($0.path, $0) })

    /// The URL of `name` (`app.css`); a missing asset is a build mistake the tests catch.
    static func path(_ name: String) -> String { byName[name]?.path ?? "/assets/\(name)" }

    /// The answer for a served path: the bytes with a year-long, immutable cache lifetime.
    static func response(for path: String) -> HTTPResponse? {
        guard let asset = byPath[path] else { return nil }
        var response = HTTPResponse(status: 200, contentType: asset.contentType, body: asset.bytes)
        response.headers.add(name: "Cache-Control", value: "public, max-age=31536000, immutable")
        response.headers.add(name: "X-Content-Type-Options", value: "nosniff")
        return response
    }
}
