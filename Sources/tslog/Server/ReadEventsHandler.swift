import EventLog
import SampleDomain

/// `GET /v1/events?from_seq=N&limit=L&type=T&sample_id=S`: the stored lines, exactly as on disk,
/// as NDJSON, from seq N (default 1), at most L lines (default 1,000, at most 100,000), only
/// those of type T and about sample S when given (and every `log.lost` marker). `X-Tslog-Seq`
/// is the log's last seq when the read began; `X-Tslog-Next-Seq` is where to continue (past the
/// last record looked at).
struct ReadEventsHandler {
    let logDirectory: String

    static let defaultLimit = 1000
    static let maxLimit = 100_000

    /// The filters of an events read or stream, parsed from the query.
    struct Filter {
        var fromSeq: UInt64 = 1
        var limit = ReadEventsHandler.defaultLimit
        var type: [UInt8]?
        /// `"sample_id":"<id>"` as the payload writes it.
        var samplePattern: [UInt8]?

        /// The parameters of `GET /v1/events`; the stream takes them but `limit`.
        static let parameters = ["from_seq", "limit", "type", "sample_id"]
        /// The record types `type` may name, as `tslog log --type`: another name would only ever
        /// match nothing.
        static let types = LogEntry.selectableTypes

        /// The filter of `request`, whose query may hold only `parameters`, each at most once.
        init(_ request: HTTPRequest, parameters: [String] = Filter.parameters) throws {
            try request.checkParameters(parameters)
            if let text = request.parameter("from_seq") {
                fromSeq = UInt64(try Filter.integer(text, "from_seq", .integer(minimum: 1)))
            }
            if let text = request.parameter("limit") {
                limit = try Filter.integer(text, "limit", .integer(minimum: 1, maximum: ReadEventsHandler.maxLimit))
            }
            if let text = request.parameter("type") {
                guard Filter.types.contains(text) else {
                    throw bad("invalid value '\(RequestHeadParser.printable(text))' for parameter 'type': expected one of \(Filter.types.joined(separator: ", "))", "type")
                }
                type = Array(text.utf8)
            }
            if let text = request.parameter("sample_id") {
                guard let id = SampleID(text) else { throw bad("sample_id must be a UUID, got '\(RequestHeadParser.printable(text))'", "sample_id") }
                samplePattern = Array("\"sample_id\":\"\(id)\"".utf8)
            }
        }

        /// `text` as an integer of `kind`, checked as `tslog log` checks `--from-seq` and
        /// `--limit` (`ValueKind.check`: the same bounds and words, `invalid value '0' for
        /// 'from_seq': expected an integer of at least 1`), else the 400 naming `parameter`.
        private static func integer(_ text: String, _ parameter: String, _ kind: ValueKind) throws(HTTPProtocolError) -> Int {
            do {
                try kind.check(RequestHeadParser.printable(text), subject: "'\(parameter)'")
            } catch {
                throw bad(error.message, parameter)
            }
            return Int(text) ?? 0  // never 0: checked just above
        }

        /// Whether `view` is one the filters select. A repair marker (`log.lost`) always is, as
        /// `tslog log` shows it whatever `--type` and `--sample` say: the record it replaces may
        /// have been one they select, and a client that filters must learn that it is gone.
        func matches(_ view: RecordView) -> Bool {
            if RepairMarker.isMarker(view) { return true }
            if let type, !view.type.elementsEqual(type) { return false }
            if let samplePattern, !ReadEventsHandler.contains(view.payload, samplePattern) { return false }
            return true
        }
    }

    func handle(_ request: HTTPRequest, _ caller: Caller) throws -> Reply {
        let filter = try Filter(request)
        let reader = try LogReader(directory: logDirectory)
        var body: [UInt8] = []
        var count = 0
        var next = filter.fromSeq
        if filter.fromSeq <= reader.lastSeq {
            do {
                try reader.scan(from: filter.fromSeq) { view in
                    next = view.seq + 1
                    guard filter.matches(view) else { return }
                    body.append(contentsOf: view.line)
                    body.append(0x0A)
                    count += 1
                    if count == filter.limit { throw EnoughRecords() }
                }
            } catch is EnoughRecords {}
        }
        return .response(HTTPResponse(status: 200, contentType: HTTPResponse.ndjsonType, body: body,
                                      headers: [("X-Tslog-Seq", String(reader.lastSeq)), ("X-Tslog-Next-Seq", String(next))]))
    }

    /// Ends a scan once the limit is reached.
    struct EnoughRecords: Error {}

    private static func bad(_ message: String, _ parameter: String) -> HTTPProtocolError {
        HTTPProtocolError(status: 400, message: message, parameter: parameter)
    }

    /// Whether `pattern` occurs in `bytes` (a record's payload): each place its first byte
    /// stands is tried, in bounds-checked collection code (no pointers above the engine).
    static func contains(_ bytes: some Collection<UInt8>, _ pattern: [UInt8]) -> Bool {
        guard let first = pattern.first else { return false }
        var rest = bytes[...]
        while let i = rest.firstIndex(of: first) {
            if rest[i...].starts(with: pattern) { return true }
            rest = rest[rest.index(after: i)...]
        }
        return false
    }
}
