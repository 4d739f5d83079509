import EventLog
import Projections
import SampleDomain

/// Prints events as they stream out of the log, one aligned row each, without buffering the log.
struct EventTable {
    /// The most columns a row may use; nil for no limit.
    let width: Int?
    private var rows = 0
    /// The rows shown of each kind, for the footer.
    private var events = 0, tags = 0, markers = 0

    init(width: Int?) { self.width = width }

    private static let header = pad("seq", 8, right: true) + "  " + pad("recorded_at", 27) + "  "
        + pad("type", 18) + "  " + pad("sample_id", 36) + "  details"

    /// Where the details column starts: after seq, recorded_at, type and sample_id.
    private static let detailsColumn = 8 + 2 + 27 + 2 + 18 + 2 + 36 + 2
    /// A details column narrower than this is not worth keeping aligned on a terminal.
    private static let narrowestDetails = 24
    /// Continuation lines of a row wrapped on a narrow terminal start under recorded_at, so the
    /// seq column shows where each row begins.
    private static let hangingIndent = 10

    /// Adds a row for a sample event or a tag record (whose sample_id column is blank).
    mutating func add(record: RecordView, entry: LogEntry, to out: OutputWriter) throws {
        switch entry {
        case .sample(let event): try add(record: record, event: event, to: out)
        case .tag(let tag):
            tags += 1
            var parts = ["name=\(Self.quote(tag.name.text))", "seq=\(tag.seq)"]
            if let note = tag.note { parts.append("note=\(Self.quote(note))") }
            if let moved = tag.movedFrom { parts.append("moved_from=\(moved)") }
            try addRow(record: record, type: TagRecord.setType, sample: String(repeating: " ", count: 36),
                       details: parts.joined(separator: " "), to: out)
        case .lost(let reason):
            markers += 1
            try addRow(record: record, type: RepairMarker.type, sample: String(repeating: " ", count: 36),
                       details: "lost in a repair: \(Self.quote(reason))", to: out)
        }
    }

    mutating func add(record: RecordView, event: SampleEvent, to out: OutputWriter) throws {
        events += 1
        try addRow(record: record, type: event.body.type.rawValue, sample: event.sampleID.description,
                   details: Self.details(event.body), to: out)
    }

    private mutating func addRow(record: RecordView, type: String, sample: String, details: String,
                                 to out: OutputWriter) throws {
        if rows == 0 {
            for line in fitted(Self.header) { try out.writeLine(line) }
            try out.writeLine(String(repeating: "-", count: min(width ?? 120, 120)))
        }
        rows += 1
        let line = Self.pad(String(record.seq), 8, right: true) + "  "
            + Self.pad(record.recordedAt.rfc3339(.microseconds), 27) + "  "
            + Self.pad(type, 18) + "  " + sample + "  " + details
        for piece in fitted(line) { try out.writeLine(piece) }
    }

    /// `line` as the terminal shows it: whole when it fits (or with no width: a pipe gets one line
    /// per row), else wrapped, never cut (`TextWidth.wrap`: at spaces where it can). On a terminal
    /// wide enough for an aligned details column of `narrowestDetails`, the details wrap inside
    /// it; on a narrower one the row wraps with continuation lines indented by `hangingIndent`.
    private func fitted(_ line: String) -> [String] {
        guard let width, TextWidth.of(line) > width else { return [line] }
        let column = Self.detailsColumn
        let pieces: [String]
        let indent: Int
        if width - column >= Self.narrowestDetails, line.count > column {
            let start = line.index(line.startIndex, offsetBy: column)
            let details = TextWidth.wrap(String(line[start...]), to: width - column)
            pieces = [String(line[..<start]) + details[0]] + details.dropFirst()
            indent = column
        } else {
            indent = min(Self.hangingIndent, width / 2)
            pieces = TextWidth.wrap(line, to: width, thenTo: width - indent)
        }
        return pieces.enumerated().map { n, piece in
            var text = (n == 0 ? "" : String(repeating: " ", count: indent)) + piece
            while text.last == " " { text.removeLast() }
            return text
        }
    }

    func finish(to out: OutputWriter) throws {
        try out.writeLine(footer)
    }

    /// What the rows were, counted by kind: `(12 events)` when every row is a sample event (or
    /// none was shown), `(2 tag records)` when all are tag records, and for a mix the records
    /// with each kind's count: `(9 records: 7 events, 2 tag records)`.
    var footer: String {
        func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
        let kinds = [(events, "event"), (tags, "tag record"), (markers, "repair marker")].filter { $0.0 > 0 }
        guard kinds.count > 1 else { return "(" + count(rows, kinds.first?.1 ?? "event") + ")" }
        return "(" + count(rows, "record") + ": " + kinds.map { count($0.0, $0.1) }.joined(separator: ", ") + ")"
    }

    /// A one-line summary of what the event says, control characters escaped.
    static func details(_ body: EventBody) -> String {
        var parts: [String] = []
        func add(_ key: String, _ value: String?) { if let value { parts.append("\(key)=\(quote(value))") } }
        switch body {
        case .submitted(let s):
            add("label", s.label); add("label_type", s.labelType.rawValue); add("image_path", s.imagePath)
            add("region_name", s.regionName); add("source_scan_id", s.sourceScanID)
        case .responded(let r):
            add("status", r.status.rawValue); add("nyckel_sample_id", r.nyckelSampleID); add("error", r.error)
        case .resubmitted(let r):
            add("nyckel_function_id", r.nyckelFunctionID)
        case .relabeled(let r):
            add("label", r.label); add("label_type", r.labelType?.rawValue); add("reason", r.reason); add("actor", r.actor)
        case .deleted(let d):
            add("reason", d.reason); add("actor", d.actor)
        case .updated(let u):
            add("image_url", u.imageURL); add("image_path", u.imagePath)
            add("nyckel_function_id", u.nyckelFunctionID); add("nyckel_sample_id", u.nyckelSampleID)
            add("source_scan_id", u.sourceScanID); add("region_name", u.regionName)
            if let c = u.cropData {
                add("crop_data", [c.x, c.y, c.width, c.height].map { JSONWriter.numberText($0) }.joined(separator: ","))
            }
            add("image_width", u.imageWidth.map { String($0) }); add("image_height", u.imageHeight.map { String($0) })
            add("file_size_bytes", u.fileSizeBytes.map { String($0) })
            add("clear", u.clear.map { $0.names.joined(separator: ",") })
            add("reason", u.reason); add("actor", u.actor)
        case .imageFetched(let f):
            add("sha256", f.sha256); add("format", f.format.rawValue); add("size", "\(f.width)x\(f.height)")
            add("bytes", String(f.bytes))
        case .imageFetchFailed(let f):
            add("reason", f.reason); add("http_status", f.httpStatus.map { String($0) })
        }
        return parts.joined(separator: " ")
    }

    /// The value as is when it is a plain word, else quoted with escapes, so a row stays one line.
    static func quote(_ value: String) -> String {
        let plain = !value.isEmpty && value.unicodeScalars.allSatisfy { $0.value > 0x20 && $0 != "\"" && $0 != "\\" && !TerminalText.isUnsafe($0) }
        if plain { return value }
        var out: [UInt8] = []
        JSONWriter.appendQuoted(value, to: &out)
        let quoted = String(decoding: out, as: UTF8.self)
        guard TerminalText.needsEscaping(quoted) else { return quoted }
        // JSON leaves C1 and bidirectional controls raw: escape them the JSON way too.
        var escaped = ""
        for s in quoted.unicodeScalars {
            if TerminalText.isUnsafe(s) {
                let hex = String(s.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                escaped.unicodeScalars.append(s)
            }
        }
        return escaped
    }

    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        let fill = String(repeating: " ", count: max(width - text.count, 0))
        return right ? fill + text : text + fill
    }
}
