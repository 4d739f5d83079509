import EventLog
import Foundation
import Projections
import SampleDomain

/// The read side of `tslog serve`: answers the paths below from the live state, with the same
/// rendering code as the CLI, so every body is byte for byte what the command prints.
///
/// | route | the same as |
/// |---|---|
/// | `GET /v1/query/NAME?format=json\|csv&label_type&label&limit&days&below&as_of_seq&as_of&as_of_tag&valid_at&raw_cells` | `tslog query NAME --format json …` |
/// | `GET /v1/stats?as_of_seq&as_of&as_of_tag&valid_at` | `tslog project stats --format json …` |
/// | `GET /v1/samples/ID/history` | `tslog history ID --format json` |
/// | `GET /v1/export?format&status&label_type&label&as_of_seq&as_of&as_of_tag&valid_at&raw_cells&sql_form` | `tslog export …` |
/// | `GET /v1/report?as_of_seq&as_of&as_of_tag&valid_at&below` | `tslog report …` |
/// | `GET /v1/tags?format=json\|csv` | `tslog tags --format json` |
/// | `POST /v1/tags` `{name, at_seq?, note?, move?}` | `tslog tag NAME …` (a write) |
/// | `GET /v1/status` | `last_seq`, segments, bytes, uptime |
/// | `GET /v1/openapi.json` | the OpenAPI document of every endpoint of the server |
///
/// `respond` is a pure function of the request and the log: no sockets, no tokens (the server
/// checks the token and passes the actor; `POST /v1/tags` needs a write token). It does not
/// catch the live state up: the server does after each commit. A bad parameter is 400 with
/// `{"error":…,"parameter":…}` naming it; an unknown query or sample is 404; a path that is not
/// one of these is nil (the server's other routes, or its 404).
final class ReadRoutes: Sendable {
    /// Appends records durably and returns the seq of the first: the server's writer.
    typealias Append = @Sendable ([NewRecord]) throws -> UInt64

    let live: LiveState
    let logDirectory: String
    let environment: [String: String]
    let checkpoints: CheckpointStore?
    let checkpointAfter: UInt64
    /// How tag records are appended; nil: `TagStore.set` opens the log's writer itself (only
    /// when no server holds it, as in tests).
    let append: Append?
    /// When the routes were made, for `uptime_seconds`.
    let startedAt: Timestamp
    /// Orders tag writes: the check against the existing tags and the append are one step.
    let tagLock = NSLock()

    /// - Parameters:
    ///   - logDirectory: the log's directory as the server was given it (the report prints it).
    ///   - environment: the server's environment (`SOURCE_DATE_EPOCH`, `TSLOG_CHECKPOINT_AFTER`).
    ///   - useCheckpoints: whether reads as of an earlier point start from checkpoints and leave them.
    ///   - append: the server's writer; see `append`.
    init(live: LiveState, logDirectory: String, environment: [String: String] = [:], useCheckpoints: Bool = true,
         append: Append? = nil, startedAt: Timestamp = .now()) {
        self.live = live
        self.logDirectory = logDirectory
        self.environment = environment
        checkpoints = useCheckpoints ? CheckpointStore(logDirectory: logDirectory) : nil
        checkpointAfter = environment["TSLOG_CHECKPOINT_AFTER"].flatMap { UInt64($0) } ?? LogAccess.defaultCheckpointAfter
        self.append = append
        self.startedAt = startedAt
    }

    /// Every path `respond` answers, with its methods, for the server's own listing.
    static let paths: [(method: String, path: String)] = [
        ("GET", "/v1/query/{name}"), ("GET", "/v1/stats"), ("GET", "/v1/samples/{id}/history"),
        ("GET", "/v1/export"), ("GET", "/v1/report"), ("GET", "/v1/tags"), ("POST", "/v1/tags"),
        ("GET", "/v1/status"), ("GET", "/v1/openapi.json"),
    ]

    /// The query parameters of each GET route that renders a command (the OpenAPI document
    /// describes exactly these, with the command's choices; a test holds them together).
    /// `query`'s `fail_if_rows` is left out on purpose: it sets the CLI's exit status, which HTTP
    /// has no place for (a caller tests whether the rows are empty).
    static let queryParameters = ReadParameters(parameters: [
        .format(["json", "csv"]), .labelType, .label, .limit, .days, .below, .asOfSeq, .asOf, .asOfTag, .validAt, .rawCells,
    ], defaultFormat: "json")
    static let statsParameters = ReadParameters(parameters: [.format(["json"]), .asOfSeq, .asOf, .asOfTag, .validAt], defaultFormat: "json")
    static let historyParameters = ReadParameters(parameters: [.format(["json"])], defaultFormat: "json")
    static let exportParameters = ReadParameters(parameters: [
        .format(ExportFormat.allCases.map(\.rawValue)), .status, .labelType, .label, .asOfSeq, .asOf, .asOfTag, .validAt,
        .rawCells, .sqlForm,
    ], defaultFormat: nil)
    static let reportParameters = ReadParameters(parameters: [.asOfSeq, .asOf, .asOfTag, .validAt, .below], defaultFormat: nil)
    static let tagsParameters = ReadParameters(parameters: [.format(["json", "csv"])], defaultFormat: "json")

    /// The routes above by their path as in `paths`, with the command each one renders.
    static var parametersByPath: [(path: String, command: any Command.Type, parameters: ReadParameters)] {
        [("/v1/query/{name}", QueryCommand.self, queryParameters), ("/v1/stats", ProjectStatsCommand.self, statsParameters),
         ("/v1/samples/{id}/history", HistoryCommand.self, historyParameters), ("/v1/export", ExportCommand.self, exportParameters),
         ("/v1/report", ReportCommand.self, reportParameters), ("/v1/tags", TagsCommand.self, tagsParameters)]
    }

    /// The answer to `request`, or nil when its path is not a read route.
    func respond(to request: ReadRequest) -> ReadResponse? {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 3, parts[0] == "", parts[1] == "v1" else { return nil }
        switch (parts.count, parts[2]) {
        case (4, "query"):
            return get(request) { try query(named: parts[3], request) }
        case (5, "samples") where parts[4] == "history":
            return get(request) { try history(parts[3], request) }
        case (3, "stats"):
            return get(request) { try stats(request) }
        case (3, "export"):
            return get(request) { try export(request) }
        case (3, "report"):
            return get(request) { try report(request) }
        case (3, "status"):
            return get(request) { try status(request) }
        case (3, "openapi.json"):
            return get(request) { try openAPI(request) }
        case (3, "tags"):
            if request.method == "POST" { return answer { try setTag(request) } }
            return get(request, allow: "GET, POST") { try tags(request) }
        default:
            return nil
        }
    }

    // MARK: - Routes

    private func query(named name: String, _ request: ReadRequest) throws -> ReadResponse {
        guard QueryName(rawValue: name) != nil else {
            let names = QueryName.allCases.map(\.rawValue)
            return .error(404, "unknown query '\(name)'; the queries are \(ReadParameters.list(names))", seq: live.seq,
                          extra: [("queries", .strings(names))])
        }
        return try render(QueryCommand.self, positional: [name], Self.queryParameters, request) { command, source, write in
            (try command.render(from: source, width: nil, write), contentType(command.format.rawValue))
        }
    }

    private func stats(_ request: ReadRequest) throws -> ReadResponse {
        return try render(ProjectStatsCommand.self, positional: [], Self.statsParameters, request) { command, source, write in
            (try command.render(from: source, width: 80, write), ReadResponse.jsonType)
        }
    }

    private func history(_ id: String, _ request: ReadRequest) throws -> ReadResponse {
        guard SampleID(id) != nil else {
            return .error(400, "'\(id)' is not a sample id (a UUID such as 0b9e6a52-7c1d-4f3e-9a2b-5c8d7e6f1a20)",
                          seq: live.seq, extra: [("parameter", .string("id"))])
        }
        return try render(HistoryCommand.self, positional: [id], Self.historyParameters, request, runtimeStatus: 404) { command, source, write in
            (try command.render(from: source, width: nil, write), ReadResponse.jsonType)
        }
    }

    /// An sql export of rows whose `source_scan_id` is not a uuid is refused (the column's type):
    /// 409, naming `format`, since the log's state and not the server is at fault.
    private func export(_ request: ReadRequest) throws -> ReadResponse {
        return try render(ExportCommand.self, positional: [], Self.exportParameters, request,
                          runtimeStatus: 409, runtimeParameter: "format") { command, source, write in
            (try command.render(from: source, write).seq, contentType(command.format.rawValue))
        }
    }

    private func report(_ request: ReadRequest) throws -> ReadResponse {
        return try render(ReportCommand.self, positional: [], Self.reportParameters, request) { command, source, write in
            let rendered = try command.render(from: source)
            try write(Array(rendered.page.utf8))
            return (rendered.seq, "text/html; charset=utf-8")
        }
    }

    private func tags(_ request: ReadRequest) throws -> ReadResponse {
        return try render(TagsCommand.self, positional: [], Self.tagsParameters, request) { command, source, write in
            (try command.render(from: source, width: nil, write), contentType(command.format.rawValue))
        }
    }

    private func status(_ request: ReadRequest) throws -> ReadResponse {
        if let refusal = noParameters(request) { return refusal }
        let seq = live.seq
        let storage = try LogReader(directory: logDirectory).storage()
        let now = Timestamp.now()
        var w = JSONWriter(capacity: 160)
        w.beginObject()
        w.key("last_seq"); w.uint(seq)
        w.key("segments"); w.int(storage.segments)
        w.key("bytes"); w.uint(storage.bytes)
        w.key("started_at"); w.string(startedAt.rfc3339(.microseconds))
        w.key("uptime_seconds"); w.int(max(0, (now.microseconds - startedAt.microseconds) / 1_000_000))
        w.endObject()
        w.raw([10])
        return ReadResponse(status: 200, contentType: ReadResponse.jsonType, body: w.bytes, seq: seq)
    }

    private func openAPI(_ request: ReadRequest) throws -> ReadResponse {
        if let refusal = noParameters(request) { return refusal }
        return ReadResponse(status: 200, contentType: ReadResponse.jsonType, body: OpenAPIDocument.bytes, seq: live.seq)
    }

    // MARK: - Running a command's rendering

    /// Builds command `C` from `positional` and the request's parameters with the command's own
    /// parser and checks, renders it from a snapshot of the live state into the body, and turns
    /// each kind of refusal into its status. The command's own refusal while it renders (a
    /// `CLIFailure` other than a usage error) is `runtimeStatus`, naming `runtimeParameter`.
    private func render<C: Command>(
        _ type: C.Type, positional: [String], _ parameters: ReadParameters, _ request: ReadRequest,
        runtimeStatus: Int = 500, runtimeParameter: String? = nil,
        _ body: (C, LiveReadSource, ([UInt8]) throws -> Void) throws -> (seq: UInt64, contentType: String)
    ) throws -> ReadResponse {
        let source = LiveReadSource(live: live, logDirectory: logDirectory, checkpoints: checkpoints,
                                    checkpointAfter: checkpointAfter, environment: environment)
        let seq = source.snapshot.seq
        do {
            let words = try parameters.words(request.query)
            let command = try C(try ArgumentParser.parse(words + ["--"] + positional, for: type))
            try command.validate()
            var bytes: [UInt8] = []
            let rendered = try body(command, source) { bytes.append(contentsOf: $0) }
            return ReadResponse(status: 200, contentType: rendered.contentType, body: bytes, seq: rendered.seq)
        } catch let failure as ReadParameters.Failure {
            return .error(400, failure.message, seq: seq, extra: Self.naming(failure.parameter))
        } catch let failure as CLIFailure where failure.kind == .usage {
            let (message, parameter) = parameters.reword(failure.message, query: request.query)
            return .error(400, message, seq: seq, extra: Self.naming(parameter))
        } catch let error as PositionError {
            let parameter = request.query.map(\.0).last { ["as_of_seq", "as_of", "as_of_tag"].contains($0) }
            let message = parameter.map { "parameter '\($0)': \(error.message)" } ?? error.message
            return .error(400, message, seq: seq, extra: Self.naming(parameter))
        } catch let failure as CLIFailure {
            return .error(runtimeStatus, failure.message, seq: seq, extra: Self.naming(runtimeParameter))
        }
    }

    /// The `parameter` member of a refusal's body, when a parameter is at fault.
    private static func naming(_ parameter: String?) -> [(String, ReadJSON)] {
        parameter.map { [("parameter", .string($0))] } ?? []
    }

    /// `body`'s response, or 405 when the request is not a GET, naming the methods the path
    /// takes (`allow`), which the server sends as `Allow`.
    private func get(_ request: ReadRequest, allow: String = "GET", _ body: () throws -> ReadResponse) -> ReadResponse {
        guard request.method == "GET" else {
            var refusal = ReadResponse.error(405, "method \(request.method) is not allowed on \(request.path); use \(allow)", seq: live.seq)
            refusal.allow = allow
            return refusal
        }
        return answer(body)
    }

    /// `body`'s response; an error nobody turned into a status is answered as the server's own
    /// routes answer it (`HTTPResponse.failure`): 507 when storage ran out (a `POST /v1/tags` on
    /// a full disk or past the file size limit), 503 with `Retry-After` when descriptors did, else
    /// 500, naming it.
    private func answer(_ body: () throws -> ReadResponse) -> ReadResponse {
        do {
            return try body()
        } catch {
            let failure = HTTPResponse.failure(error)
            var response = ReadResponse(status: failure.status, contentType: ReadResponse.jsonType, body: failure.body, seq: live.seq)
            response.retryAfter = failure.headers.first { $0.name == "Retry-After" }?.value
            return response
        }
    }

    /// 400 when the request has any query parameter (the route takes none).
    private func noParameters(_ request: ReadRequest) -> ReadResponse? {
        guard let (name, _) = request.query.first else { return nil }
        return .error(400, "unknown parameter '\(name)'; this endpoint takes none", seq: live.seq,
                      extra: [("parameter", .string(name))])
    }

    /// The media type of a format name.
    private func contentType(_ format: String) -> String {
        switch format {
        case "json", "roboflow", "label-studio": ReadResponse.jsonType
        case "csv": "text/csv; charset=utf-8"
        case "jsonl": "application/x-ndjson"
        case "sql": "application/sql; charset=utf-8"
        case "manifest": "text/tab-separated-values; charset=utf-8"
        default: "text/plain; charset=utf-8"
        }
    }
}
