import EventLog
import Foundation

/// Everything the routes need, and the table of routes.
struct ServerRoutes {
    let logDirectory: String
    let appender: EventAppender
    let metrics: Metrics
    let config: ServerConfiguration
    let startedAt: Date

    /// The router with every endpoint of `tslog serve`.
    func router() -> Router {
        var router = Router()
        let append = AppendEventsHandler(appender: appender, metrics: metrics)
        let read = ReadEventsHandler(logDirectory: logDirectory)
        let stream = EventStreamHandler(logDirectory: logDirectory, feed: appender.feed, heartbeat: config.heartbeat)
        let hook = SupabaseHookHandler(appender: appender, metrics: metrics)
        router.routes = [
            Route(method: "GET", path: "/healthz", access: .open) { _, _ in
                .response(HTTPResponse(status: 200, contentType: "text/plain; charset=utf-8", body: Array("ok\n".utf8)))
            },
            Route(method: "POST", path: "/v1/events", access: .write, handle: append.handle),
            Route(method: "GET", path: "/v1/events", access: .read, handle: read.handle),
            Route(method: "GET", path: "/v1/events/stream", access: .read, handle: stream.handle),
            Route(method: "POST", path: "/v1/hooks/supabase", access: .write, handle: hook.handle),
            Route(method: "GET", path: "/metrics", access: .read) { [appender, metrics] _, _ in
                let lastSeq = appender.lastSeq
                let gauges = """
                    # HELP tslog_last_seq The seq of the last stored event.
                    # TYPE tslog_last_seq gauge
                    tslog_last_seq \(lastSeq)
                    # HELP tslog_samples Samples that exist now (rows of training_samples).
                    # TYPE tslog_samples gauge
                    tslog_samples \(appender.liveSamples)

                    """
                return .response(HTTPResponse(status: 200, contentType: "text/plain; version=0.0.4; charset=utf-8",
                                              body: metrics.render(gauges: gauges)))
            },
        ]
        return router
    }
}
