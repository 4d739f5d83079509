import EventLog
import Foundation
import Projections
import SampleDomain

/// Everything the routes need, and the table of routes.
struct ServerRoutes {
    let logDirectory: String
    let appender: EventAppender
    let metrics: Metrics
    let config: ServerConfiguration
    let live: LiveState
    let reads: ReadRoutes

    /// The router with every endpoint of `tslog serve`: the server's own below, then the read
    /// endpoints of `ReadRoutes` for any other `/v1/` path.
    func router() -> Router {
        var router = Router()
        let append = AppendEventsHandler(appender: appender, metrics: metrics)
        let read = ReadEventsHandler(logDirectory: logDirectory)
        let stream = EventStreamHandler(logDirectory: logDirectory, feed: appender.feed, heartbeat: config.heartbeat)
        let hook = SupabaseHookHandler(appender: appender, metrics: metrics, live: live)
        router.dynamic = ReadRoutesAdapter(routes: reads).route
        router.routes = [
            // /healthz and /metrics take no parameter, and refuse one as every endpoint refuses
            // a parameter it does not take (400 naming it), instead of ignoring it.
            Route(method: "GET", path: "/healthz", access: .open) { request, _ in
                try request.checkParameters([])
                return .response(HTTPResponse(status: 200, contentType: "text/plain; charset=utf-8", body: Array("ok\n".utf8)))
            },
            Route(method: "POST", path: "/v1/events", access: .write, mayBlock: false, handle: append.handle),
            Route(method: "GET", path: "/v1/events", access: .read, handle: read.handle),
            Route(method: "GET", path: "/v1/events/stream", access: .read, handle: stream.handle),
            Route(method: "POST", path: "/v1/hooks/supabase", access: .write, handle: hook.handle),
            Route(method: "GET", path: "/metrics", access: .read) { [appender, metrics, live] request, _ in
                try request.checkParameters([])
                return .response(HTTPResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
                                       body: metrics.render(gauges: ServerRoutes.gauges(lastSeq: appender.lastSeq, live: live))))
            },
        ]
        return router
    }

    /// The gauges about the log for `/metrics`: last seq, samples, per status and per label type.
    static func gauges(lastSeq: UInt64, live: LiveState) -> String {
        let projections = live.snapshot().projections
        var out = "# HELP tslog_last_seq The seq of the last stored event.\n# TYPE tslog_last_seq gauge\n"
        out += "tslog_last_seq \(lastSeq)\n"
        out += "# HELP tslog_samples Samples that exist now (rows of training_samples).\n# TYPE tslog_samples gauge\n"
        out += "tslog_samples \(projections.liveCount)\n"
        out += "# HELP tslog_samples_by_status Samples by nyckel_status.\n# TYPE tslog_samples_by_status gauge\n"
        for status in [NyckelStatus.submitted, .accepted, .rejected, .error] {
            out += "tslog_samples_by_status{status=\"\(status.rawValue)\"} \(projections.count(status: status))\n"
        }
        out += "# HELP tslog_samples_by_label_type Samples by label_type.\n# TYPE tslog_samples_by_label_type gauge\n"
        if let table = try? projections.query(.labelTypes, QueryOptions()) {
            for row in table.rows {
                guard row.count >= 2, case .text(let type) = row[0], case .int(let count) = row[1] else { continue }
                out += "tslog_samples_by_label_type{label_type=\"\(type)\"} \(count)\n"
            }
        }
        return out
    }
}
