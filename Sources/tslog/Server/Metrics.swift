import Foundation

/// The server's counters, rendered in Prometheus' text exposition format at `GET /metrics`.
final class Metrics: @unchecked Sendable {
    // @unchecked: every field is touched only with `lock` held.
    private let lock = NSLock()
    private var requestsByStatus: [Int: Int] = [:]
    private var requestLatency = Histogram()
    private var appendLatency = Histogram()
    private var appendedEvents = 0
    private var duplicateEvents = 0
    private var openConnections = 0
    private var refusedConnections = 0

    /// A latency histogram with Prometheus' cumulative buckets, in seconds.
    struct Histogram {
        static let bounds: [Double] = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
        var counts = [Int](repeating: 0, count: bounds.count)
        var count = 0
        var sum = 0.0

        mutating func observe(_ seconds: Double) {
            for (i, bound) in Histogram.bounds.enumerated() where seconds <= bound { counts[i] += 1 }
            count += 1
            sum += seconds
        }

        func render(_ name: String, help: String, into out: inout String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
            for (i, bound) in Histogram.bounds.enumerated() {
                out += "\(name)_bucket{le=\"\(bound)\"} \(counts[i])\n"
            }
            out += "\(name)_bucket{le=\"+Inf\"} \(count)\n\(name)_sum \(sum)\n\(name)_count \(count)\n"
        }
    }

    func requestFinished(status: Int, seconds: Double) {
        lock.lock(); defer { lock.unlock() }
        requestsByStatus[status, default: 0] += 1
        requestLatency.observe(seconds)
    }

    func appendFinished(appended: Int, duplicates: Int, seconds: Double) {
        lock.lock(); defer { lock.unlock() }
        appendedEvents += appended
        duplicateEvents += duplicates
        appendLatency.observe(seconds)
    }

    func connectionOpened() { lock.lock(); openConnections += 1; lock.unlock() }
    func connectionClosed() { lock.lock(); openConnections -= 1; lock.unlock() }
    func connectionRefused() { lock.lock(); refusedConnections += 1; lock.unlock() }

    /// The exposition text. `gauges` are extra `name value` lines about the log (last seq,
    /// samples), each with its help text, already rendered by the caller.
    func render(gauges: String) -> [UInt8] {
        lock.lock(); defer { lock.unlock() }
        var out = gauges
        out += "# HELP tslog_appended_events_total Events appended through the server.\n# TYPE tslog_appended_events_total counter\n"
        out += "tslog_appended_events_total \(appendedEvents)\n"
        out += "# HELP tslog_duplicate_events_total Events skipped because their event_id was already stored.\n# TYPE tslog_duplicate_events_total counter\n"
        out += "tslog_duplicate_events_total \(duplicateEvents)\n"
        out += "# HELP tslog_http_requests_total HTTP requests answered, by status code.\n# TYPE tslog_http_requests_total counter\n"
        for status in requestsByStatus.keys.sorted() {
            out += "tslog_http_requests_total{code=\"\(status)\"} \(requestsByStatus[status] ?? 0)\n"
        }
        out += "# HELP tslog_http_open_connections Connections open now.\n# TYPE tslog_http_open_connections gauge\n"
        out += "tslog_http_open_connections \(openConnections)\n"
        out += "# HELP tslog_http_refused_connections_total Connections refused with 503 (over --max-connections).\n# TYPE tslog_http_refused_connections_total counter\n"
        out += "tslog_http_refused_connections_total \(refusedConnections)\n"
        requestLatency.render("tslog_http_request_duration_seconds", help: "Time from a request's last byte to its response sent.", into: &out)
        appendLatency.render("tslog_append_duration_seconds", help: "Time to validate, write and fsync one request's events (including waiting for its group).", into: &out)
        return Array(out.utf8)
    }
}
