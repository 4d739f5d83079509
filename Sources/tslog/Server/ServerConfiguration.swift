/// `tslog serve`'s limits and timeouts. Each has a safe default and a test.
struct ServerConfiguration: Sendable {
    /// Largest request body accepted, in bytes (`--max-body`); more is 413.
    var maxBody = 16 << 20
    /// Largest request head (request line and header fields), in bytes; more is 431.
    var maxHeadBytes = 16 << 10
    /// Seconds a request may take to arrive completely (`--read-timeout`); then 408 and close.
    var readTimeout = 10.0
    /// Seconds a kept-alive connection may sit idle between requests before it is closed.
    var idleTimeout = 60.0
    /// Seconds a response may take to be accepted by a client that stopped reading.
    var sendTimeout = 30.0
    /// Seconds between comment lines on an idle event stream (`--heartbeat`).
    var heartbeat = 15.0
    /// Connections served at once (`--max-connections`); one more is answered 503 and closed.
    var maxConnections = 512
    /// Seconds a desk session may sit unused before it ends (`--session-idle`); also how long
    /// the printed one-time sign-in link stays valid unopened.
    var sessionIdle = DeskSessions.defaultIdle
    /// Seconds a stop waits for requests in flight before closing the log anyway.
    var stopGrace = 30.0
}
