// Request counters and latency histograms for `/metrics`, in the Prometheus text exposition
// format 0.0.4. Labels use the route *pattern*, never the raw path, so the number of series is
// bounded by the route table (unknown paths share the label `unmatched`).

import HTTP1
import Postgres
import Synchronization

/// Counts requests by route, method and status, and observes their durations.
package final class HTTPMetrics: Sendable {
    /// Upper bounds of the latency buckets, in seconds.
    package static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    private struct CounterKey: Hashable {
        var route: String
        var method: String
        var status: Int
    }

    private struct SeriesKey: Hashable {
        var route: String
        var method: String
    }

    private struct Histogram {
        var counts = [Int](repeating: 0, count: HTTPMetrics.buckets.count)
        var sum = 0.0
        var count = 0

        mutating func observe(_ seconds: Double) {
            if let bucket = HTTPMetrics.buckets.firstIndex(where: { seconds <= $0 }) { counts[bucket] += 1 }
            sum += seconds
            count += 1
        }
    }

    private struct State {
        var requests: [CounterKey: Int] = [:]
        var durations: [SeriesKey: Histogram] = [:]
    }

    private let state = Mutex(State())

    /// Empty counters.
    package init() {}

    /// Records one answered request.
    package func record(route: String, method: String, status: Int, seconds: Double) {
        state.withLock { state in
            state.requests[CounterKey(route: route, method: method, status: status), default: 0] += 1
            // Mutated in place: a copy out and back would copy the bucket array on every request.
            state.durations[SeriesKey(route: route, method: method), default: Histogram()].observe(seconds)
        }
    }

    /// How many requests were recorded for a route, method and status (for tests and checks).
    package func requestCount(route: String, method: String, status: Int) -> Int {
        state.withLock { $0.requests[CounterKey(route: route, method: method, status: status)] ?? 0 }
    }

    /// The whole exposition: request counters, duration histograms, server and pool gauges.
    /// Server gauges are 0 when `server` is nil (not started: in-process use).
    package func render(server: HTTPServerStats?, pool: ConnectionPool.Statistics) -> String {
        let snapshot = state.withLock { $0 }
        var out = ""
        out += "# HELP erp_http_requests_total HTTP requests answered, by route pattern, method and status.\n"
        out += "# TYPE erp_http_requests_total counter\n"
        for (key, value) in snapshot.requests.sorted(by: { Self.order($0.key, $1.key) }) {
            out += "erp_http_requests_total{route=\(Self.quoted(key.route)),method=\(Self.quoted(key.method)),"
                + "status=\"\(key.status)\"} \(value)\n"
        }
        out += "# HELP erp_http_request_duration_seconds Time from parsed request to response, by route pattern and method.\n"
        out += "# TYPE erp_http_request_duration_seconds histogram\n"
        let series = snapshot.durations.sorted { ($0.key.route, $0.key.method) < ($1.key.route, $1.key.method) }
        for (key, histogram) in series {
            let labels = "route=\(Self.quoted(key.route)),method=\(Self.quoted(key.method))"
            var cumulative = 0
            for (bound, count) in zip(Self.buckets, histogram.counts) {
                cumulative += count
                out += "erp_http_request_duration_seconds_bucket{\(labels),le=\"\(Self.number(bound))\"} \(cumulative)\n"
            }
            out += "erp_http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(histogram.count)\n"
            out += "erp_http_request_duration_seconds_sum{\(labels)} \(Self.number(histogram.sum))\n"
            out += "erp_http_request_duration_seconds_count{\(labels)} \(histogram.count)\n"
        }
        out += Self.gauge("erp_http_open_connections", "Client connections currently open.", (server?.openConnections ?? 0))
        out += Self.gauge("erp_http_queue_depth", "Parsed requests waiting for a handler thread.", (server?.queueDepth ?? 0))
        out += Self.gauge("erp_http_busy_handlers", "Handler threads running a request.", (server?.busyHandlers ?? 0))
        out += "# HELP erp_http_rejected_requests_total Requests answered 503 because the queue was full.\n"
        out += "# TYPE erp_http_rejected_requests_total counter\n"
        out += "erp_http_rejected_requests_total \((server?.rejectedRequests ?? 0))\n"
        out += Self.counter("erp_http_shed_requests_total",
                            "Requests answered 503 because they waited for a handler longer than the budget.",
                            server?.shedRequests ?? 0)
        out += Self.counter("erp_http_refused_bodies_total",
                            "Requests answered 503 unread because the process-wide body buffer was full.",
                            server?.refusedBodies ?? 0)
        out += Self.gauge("erp_http_buffered_body_bytes", "Bytes reserved for request bodies being read or handled.",
                          server?.bufferedBodyBytes ?? 0)
        out += Self.gauge("erp_db_pool_in_use", "Database connections lent to requests.", pool.inUse)
        out += Self.gauge("erp_db_pool_open", "Database connections open.", pool.open)
        out += Self.gauge("erp_db_pool_waiting", "Threads waiting for a database connection.", pool.waiting)
        return out
    }

    private static func gauge(_ name: String, _ help: String, _ value: Int) -> String {
        "# HELP \(name) \(help)\n# TYPE \(name) gauge\n\(name) \(value)\n"
    }

    private static func counter(_ name: String, _ help: String, _ value: Int) -> String {
        "# HELP \(name) \(help)\n# TYPE \(name) counter\n\(name) \(value)\n"
    }

    private static func order(_ a: CounterKey, _ b: CounterKey) -> Bool {
        (a.route, a.method, a.status) < (b.route, b.method, b.status)
    }

    /// A label value in quotes with `\`, `"` and newlines escaped (format 0.0.4).
    private static func quoted(_ value: String) -> String {
        var out = "\""
        for character in value {
            switch character {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            default: out.append(character)
            }
        }
        return out + "\""
    }

    /// `0.005`, `1`, `2.5`: Swift's shortest round-trip text, without a trailing `.0`.
    private static func number(_ value: Double) -> String {
        let text = String(value)
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }
}
