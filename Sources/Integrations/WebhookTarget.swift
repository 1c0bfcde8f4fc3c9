// Where a webhook may post (docs/decisions.md, "Integrations"). `http://` only: the server speaks no
// TLS, and a receiver on the internet is reached through a local TLS relay (stunnel, nginx) that the
// owner runs and lists. No server-side request forgery: a subscription names a loopback host or one
// of `ERP_WEBHOOK_HOSTS`, checked when it is created and again, on the resolved address, before every
// delivery — a name that resolved to loopback when subscribed cannot later lead into the network.

import ERPCore
import Foundation

/// A webhook's URL, taken apart and checked.
package struct WebhookTarget: Sendable, Equatable {
    package var host: String
    package var port: UInt16
    /// The path and query, `/` at least.
    package var path: String

    /// Parses `url` and checks its host against loopback and `allowedHosts`.
    /// - Throws: `ERPError.validationFailed` naming `url`.
    package init(_ url: String, allowedHosts: [String]) throws(ERPError) {
        func refuse(_ why: String) -> ERPError { .validationFailed(fields: ["url": why]) }
        if url.lowercased().hasPrefix("https://") {
            throw refuse("https is not spoken by the server: post to a local TLS relay (http://127.0.0.1:PORT/…) that forwards it")
        }
        guard url.lowercased().hasPrefix("http://"), url.count <= 2000,
              url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7f }) else {
            throw refuse("must be an http:// URL of printable ASCII without spaces")
        }
        let rest = url.dropFirst("http://".count)
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        let remainder = String(rest.dropFirst(authority.count))
        path = remainder.isEmpty ? "/" : (remainder.hasPrefix("/") ? remainder : "/" + remainder)
        var hostPart = Substring(authority)
        var portPart: Substring?
        if hostPart.hasPrefix("[") {
            guard let close = hostPart.firstIndex(of: "]") else { throw refuse("has an unclosed [ in its host") }
            let after = hostPart[hostPart.index(after: close)...]
            portPart = after.hasPrefix(":") ? after.dropFirst() : nil
            guard after.isEmpty || portPart != nil else { throw refuse("has something after its host") }
            hostPart = hostPart[hostPart.index(after: hostPart.startIndex)..<close]
        } else if let colon = hostPart.lastIndex(of: ":") {
            portPart = hostPart[hostPart.index(after: colon)...]
            hostPart = hostPart[..<colon]
        }
        guard !hostPart.isEmpty, !hostPart.contains("@") else { throw refuse("must name a host (and no user)") }
        host = hostPart.lowercased()
        if let portPart {
            guard let number = UInt16(portPart), number > 0 else { throw refuse("has a port that is not 1–65535") }
            port = number
        } else {
            port = 80
        }
        guard WebhookTarget.isLoopbackName(host) || allowedHosts.contains(host) else {
            throw refuse("host \(host) is neither loopback nor listed in ERP_WEBHOOK_HOSTS")
        }
    }

    /// Whether `host` names this machine without asking DNS: `localhost`, 127.0.0.0/8 or ::1.
    static func isLoopbackName(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || (host.hasPrefix("127.") && host.split(separator: ".").count == 4
            && host.split(separator: ".").allSatisfy { UInt8($0) != nil })
    }

    /// Whether delivering to `address` (a resolved numeric address) is allowed: any address of a
    /// listed host, and only loopback addresses otherwise.
    package func mayConnect(to address: String, allowedHosts: [String]) -> Bool {
        allowedHosts.contains(host) || address == "::1" || address.hasPrefix("127.") || address.hasPrefix("::ffff:127.")
    }
}
