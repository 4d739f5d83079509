import EventLog
import Foundation
import Projections
import SampleDomain

/// `tslog serve`: the log over HTTP/1.1 — append, read and stream events, the Supabase
/// webhook, metrics — holding the writer lock while it runs.
struct ServeCommand: Command {
    static let name = "serve"
    static let abstract = "Serve the log over HTTP: append, read and stream events."
    static let usage = ["tslog serve [--listen HOST:PORT] [--token-file F] [--max-body BYTES] [--read-timeout S] [--heartbeat S] [--max-connections N] [--session-idle S]"]
    static let options: [OptionSpec] = [
        .option("--listen", "HOST:PORT", help: "The address to listen on; port 0 picks a free port (the address is printed).",
                default: "127.0.0.1:8787"),
        .option("--token-file", "F", help: "The tokens: lines 'ROLE NAME TOKEN' (ROLE read or write), readable by its owner only.",
                defaultDescription: "DIR/serve-tokens, created with one write token if missing"),
        .option("--max-body", "BYTES", .integer(minimum: 1), help: "The largest request body accepted.", default: String(16 << 20)),
        .option("--read-timeout", "S", help: "Seconds a request may take to arrive; then 408 and the connection is closed.", default: "10"),
        .option("--heartbeat", "S", help: "Seconds between heartbeat comments on an idle event stream.", default: "15"),
        .option("--max-connections", "N", .integer(minimum: 1), help: "Connections served at once; more are answered 503.", default: "512"),
        ServeCommand.sessionIdleOption,
    ]

    /// `--session-idle`, declared once for the two commands that start the desk: `tslog serve`
    /// and `tslog demo --serve` (read with `sessionIdle(_:)`, which checks it).
    static let sessionIdleOption = OptionSpec.option(
        "--session-idle", "S",
        help: "Seconds a desk session may sit unused before it ends, and the printed sign-in link unopened; at most 604800 (7 days, a session's whole life).",
        default: "28800")

    /// The `--session-idle` given, or its default: seconds above 0 and at most a session's
    /// lifetime, else the usage error naming it.
    static func sessionIdle(_ arguments: ParsedArguments) throws -> Double {
        try seconds(arguments.string("--session-idle") ?? "28800", "--session-idle", atMost: DeskSessions.lifetime)
    }
    static let discussion = """
        Every endpoint but GET /healthz needs 'Authorization: Bearer TOKEN'; a read
        token may read, a write token may also append. What a write token appends is
        recorded with its NAME as actor (relabels, deletions) unless the event names
        one. Appends are durable before the answer (one fsync shared by concurrent
        requests). While it runs the server holds the log's writer lock: tslog append
        fails naming the server's pid, reads keep working. SIGTERM or SIGINT stops it:
        it stops accepting, finishes the requests in flight, releases the lock and
        exits 0. One line per request goes to standard error. See docs/http.md.

        """

    var listen: String
    var tokenFile: String?
    var config = ServerConfiguration()

    init(_ arguments: ParsedArguments) throws {
        listen = arguments.string("--listen") ?? "127.0.0.1:8787"
        tokenFile = arguments.string("--token-file")
        config.maxBody = arguments.integer("--max-body") ?? config.maxBody
        config.maxConnections = arguments.integer("--max-connections") ?? config.maxConnections
        config.readTimeout = try ServeCommand.seconds(arguments.string("--read-timeout") ?? "10", "--read-timeout")
        config.heartbeat = try ServeCommand.seconds(arguments.string("--heartbeat") ?? "15", "--heartbeat")
        config.sessionIdle = try ServeCommand.sessionIdle(arguments)
    }

    /// `text` as seconds above 0 and at most `atMost` (a day unless said), or the usage error naming `option`.
    private static func seconds(_ text: String, _ option: String, atMost: Double = 86_400) throws -> Double {
        guard let value = Double(text), value.isFinite, value > 0, value <= atMost else {
            throw CLIFailure.usage("\(option) must be a number of seconds above 0 and at most \(Int(atMost)), got '\(text)'")
        }
        return value
    }

    func validate() throws {
        if SocketAddress(parsing: listen) == nil {
            throw CLIFailure.usage("--listen must be HOST:PORT with an IP address (or localhost), got '\(listen)'")
        }
    }

    func run(_ context: CommandContext) throws -> Int32 {
        guard let wanted = SocketAddress(parsing: listen) else { throw CLIFailure.usage("bad --listen '\(listen)'") }
        // The committer writes the segment's padding between groups, never before an answer.
        var options = LogOptions()
        options.padsInAppend = false
        let store = try SampleStore(directory: context.logDirectory, options: options)
        var storeOpen = true
        defer { if storeOpen { try? store.close() } }
        if store.writer.recovery.truncatedBytes > 0, let segment = store.writer.recovery.segment {
            context.note("recovered: cut a torn tail of \(store.writer.recovery.truncatedBytes) bytes from the end of \(segment)")
        }
        let tokens = try loadTokens(context)
        let (listener, address): (Socket, SocketAddress)
        do {
            (listener, address) = try Socket.listen(on: wanted)
        } catch {
            throw CLIFailure.runtime("cannot listen on \(wanted): \(error)")
        }
        let stderr = context.stderr
        let accessLog = AccessLog { batch in
            try? stderr.write(bytes: batch)
            try? stderr.flush()
        }
        // Every line recorded is on standard error before the command returns (or throws).
        defer { accessLog.close() }
        let metrics = Metrics()
        let feed = CommitFeed(lastSeq: store.writer.lastSeq)
        // The projections, kept current after every commit (so a read after a 2xx sees it).
        let checkpointAfter = context.environment["TSLOG_CHECKPOINT_AFTER"].flatMap { UInt64($0) } ?? LogAccess.defaultCheckpointAfter
        let live = try LiveState(directory: context.logDirectory, checkpoints: CheckpointStore(logDirectory: context.logDirectory),
                                 checkpointAfter: checkpointAfter)
        // Called by the writer of a group right after its commit, while no other thread uses the
        // log's writer: the group is answered, then the lines it just wrote are folded from
        // memory (`LogWriter.lastCommit`), reads waiting from before the answers.
        nonisolated(unsafe) let writer = store.writer
        let appender = EventAppender(store: store, feed: feed) { [accessLog] seq, answer in
            do { try live.catchUp(through: seq, committed: writer.lastCommit, first: answer) } catch {
                accessLog.note("tslog serve: cannot fold the new records: \(error)")
            }
        }
        storeOpen = false  // the appender closes it from now on
        let reads = ReadRoutes(live: live, logDirectory: context.logDirectory, environment: context.environment,
                               append: { records in try appender.appendRecords(records) })
        let routes = ServerRoutes(logDirectory: context.logDirectory, appender: appender, metrics: metrics,
                                  config: config, live: live, reads: reads)
        let server: HTTPServer
        do {
            server = try HTTPServer(listener: listener, address: address, config: config, tokens: tokens,
                                    metrics: metrics, accessLog: accessLog)
        } catch {
            listener.close()
            try? appender.close()
            throw CLIFailure.runtime("cannot start the server: \(error)")
        }
        server.router = routes.router()
        let deskSessions = DeskSessions(idle: config.sessionIdle)
        DeskRoutes(tokens: tokens, sessions: deskSessions, live: live, appender: appender, logDirectory: context.logDirectory,
                   heartbeat: config.heartbeat).install(into: &server.router)
        let signals = try StopSignals { [server, feed] in
            server.stop()
            feed.stop()
        }
        try context.stdout.writeLine("tslog serve: listening on http://\(address) (log \(context.logDirectory), last seq \(feed.lastSeq), pid \(SystemProcess.id))")
        if let entry = tokens.entries.first(where: { $0.role == .write }) ?? tokens.entries.first {
            // Jupyter's habit: a link that signs in once, then leaves no secret in the address bar.
            try context.stdout.writeLine("tslog serve: the desk is at http://\(address)/ — sign in once as '\(entry.name)' with http://\(address)/signin?once=\(deskSessions.makeOnceCode(for: entry))")
        }
        try context.stdout.flush()
        server.run()
        signals.cancel()
        feed.stop()
        server.wake.close()
        try appender.close()
        accessLog.note("tslog serve: stopped; the log is closed and its lock released")
        return ExitCode.success
    }

    /// The token file given, or the default one in the log directory (created if missing).
    private func loadTokens(_ context: CommandContext) throws -> TokenFile {
        if let tokenFile { return try TokenFile.load(tokenFile) }
        let path = context.logDirectory + "/serve-tokens"
        if FileManager.default.fileExists(atPath: path) {
            context.note("tslog serve: using the tokens in \(path)")
            return try TokenFile.load(path)
        }
        _ = try TokenFile.create(path, name: "admin")
        context.note("tslog serve: no --token-file given: created \(path) (mode 0600) with a write token for 'admin'; read it from there")
        return try TokenFile.load(path)
    }
}
