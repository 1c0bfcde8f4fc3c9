// Finds the route for a method and path. The table is immutable once built (a new table is made
// when routes are registered), so lookups need no lock; `bodyLimit` runs on the HTTP event loop
// for every request and does no allocation beyond splitting the path.

import HTTP1

/// An immutable route table: method + path → route, or why not (404, 405 with `Allow`).
package final class Router: Sendable {
    /// What the table says about a request.
    package enum Match {
        /// This route handles it; `segments` are the raw path segments for its parameters (empty
        /// when the pattern has none).
        case found(Route, RoutePattern, segments: [Substring])
        /// The path exists but not with this method; `allowed` is the `Allow` header's list.
        case methodNotAllowed(allowed: [HTTPMethod])
        /// No route has this path.
        case notFound
    }

    private struct Entry: Sendable {
        let route: Route
        let pattern: RoutePattern
    }

    /// Most specific patterns first (literal segments before parameters), then registration order.
    private let entries: [Entry]

    /// Entries of parameterless patterns by their exact path, in `entries` order. Such a pattern
    /// is the most specific of its length and two cannot share a method, so when the request's
    /// method is among them the scan would pick that entry first: one hash lookup instead.
    private let literalPaths: [String: [Int]]

    /// The routes in registration order.
    package let routes: [Route]

    /// Builds a table.
    /// - Throws: `RouteTableError.invalidPattern` for a bad pattern, `.duplicate` when two routes
    ///   share a method and pattern (`/a/{id}` and `/a/{key}` count as the same pattern).
    package convenience init(routes: [Route]) throws(RouteTableError) {
        var entries: [Entry] = []
        var seen: Set<String> = []
        for route in routes {
            let pattern = try RoutePattern(parsing: route.path)
            let shape = pattern.segments.map { segment -> String in
                if case .literal(let text) = segment { text } else { "{}" }
            }.joined(separator: "/")
            guard seen.insert("\(route.method.rawValue) /\(shape)").inserted else {
                throw .duplicate(method: route.method.rawValue, pattern: route.path)
            }
            entries.append(Entry(route: route, pattern: pattern))
        }
        let ordered = entries.enumerated().sorted { lhs, rhs in
            let (a, b) = (lhs.element.pattern.specificity, rhs.element.pattern.specificity)
            return a != b ? b.lexicographicallyPrecedes(a) : lhs.offset < rhs.offset
        }
        self.init(entries: ordered.map(\.element), routes: routes)
    }

    /// A table without routes.
    package static var empty: Router { Router(entries: [], routes: []) }

    private init(entries: [Entry], routes: [Route]) {
        var literalPaths: [String: [Int]] = [:]
        for (index, entry) in entries.enumerated() where entry.pattern.parameterNames.isEmpty {
            literalPaths[entry.pattern.description, default: []].append(index)
        }
        self.entries = entries
        self.literalPaths = literalPaths
        self.routes = routes
    }

    /// The route for `method` and the raw `path`. `HEAD` falls back to the `GET` route.
    ///
    /// A path that a parameterless pattern names exactly (`/products/export`) is that resource:
    /// another method on it is `405`, never a parameterised route reading `export` as an id.
    package func match(method: HTTPMethod, path: String) -> Match {
        if let candidates = literalPaths[path] {
            for index in candidates where entries[index].route.method == method {
                return .found(entries[index].route, entries[index].pattern, segments: [])
            }
            if method == .head, let get = candidates.first(where: { entries[$0].route.method == .get }) {
                return .found(entries[get].route, entries[get].pattern, segments: [])
            }
            var allowed = Set(candidates.map { entries[$0].route.method })
            if allowed.contains(.get) { allowed.insert(.head) }
            return .methodNotAllowed(allowed: HTTPMethod.allCases.filter(allowed.contains))
        }
        let segments = RoutePattern.split(path: path)
        var allowed: Set<HTTPMethod> = []
        var fallback: Entry?
        for index in entries.indices where entries[index].pattern.matches(segments) {
            let entry = entries[index]
            if entry.route.method == method {
                return .found(entry.route, entry.pattern, segments: segments)
            }
            if method == .head, entry.route.method == .get, fallback == nil { fallback = entry }
            allowed.insert(entry.route.method)
        }
        if let fallback { return .found(fallback.route, fallback.pattern, segments: segments) }
        guard !allowed.isEmpty else { return .notFound }
        if allowed.contains(.get) { allowed.insert(.head) }
        return .methodNotAllowed(allowed: HTTPMethod.allCases.filter(allowed.contains))
    }

    /// The body limit of the route a head is for, or the default for unknown routes (they are
    /// answered 404 without reading much). Cheap enough for the event loop.
    package func bodyLimit(for head: HTTPRequestHead) -> Int {
        if case .found(let route, _, _) = match(method: head.method, path: head.path) {
            return route.bodyLimit
        }
        return Route.defaultBodyLimit
    }
}
