import EventLog
import SampleDomain

/// One row change of `training_samples` as a Supabase Database Webhook sends it:
/// `{"type":"INSERT"|"UPDATE"|"DELETE","table":…,"schema":…,"record":{…}|null,"old_record":{…}|null}`.
///
/// `events(now:)` gives the events that take the log from `old_record` to `record`, with the
/// mapping of `tslog import` (`ImportPlan`): an INSERT is the row's submission and its Nyckel
/// state; an UPDATE is what `ImportPlan` plans from the old row to the new one; a DELETE is a
/// `sample.deleted`. Each event carries an `event_id` derived from the change itself, so a
/// repeated delivery of the same change is a duplicate and appends nothing.
public struct WebhookChange: Sendable {
    public enum Kind: String, Sendable {
        case insert = "INSERT", update = "UPDATE", delete = "DELETE"
    }

    public var kind: Kind
    public var table: String
    public var record: ImportedRow?
    public var oldRecord: ImportedRow?
    /// The content the event ids are derived from: the kind and both rows' bytes as sent.
    private var identity: [UInt8]

    /// The table the webhook must be for, and its schema: a table of the same name in another
    /// schema (a staging copy, say) is another table, whose changes must not reach the log.
    public static let table = "training_samples"
    public static let schema = "public"

    /// Reads a webhook body. Errors name the field (`record.label_type`), with line 1.
    public static func parse(_ body: [UInt8]) throws(ImportError) -> WebhookChange {
        let parsed = JSONScanner.parseObject(body)
        let object: JSONObject
        switch parsed {
        case .success(let o): object = o
        case .failure(let e):
            if let key = e.duplicateKey { throw ImportError(line: 1, column: key, message: "appears twice") }
            throw ImportError(line: 1, column: nil, message: "malformed JSON at byte \(e.offset): \(e.message)")
        }
        guard case .string(let typeText)? = object["type"], let kind = Kind(rawValue: typeText) else {
            throw ImportError(line: 1, column: "type", message: "must be INSERT, UPDATE or DELETE")
        }
        guard case .string(let table)? = object["table"] else {
            throw ImportError(line: 1, column: "table", message: "must be a string")
        }
        guard table == WebhookChange.table else {
            throw ImportError(line: 1, column: "table", message: "is \(quoted(table)); only \(WebhookChange.table) changes are taken")
        }
        guard case .string(let schema)? = object["schema"] else {
            throw ImportError(line: 1, column: "schema", message: "must be a string")
        }
        guard schema == WebhookChange.schema else {
            throw ImportError(line: 1, column: "schema",
                              message: "is \(quoted(schema)); only \(WebhookChange.schema).\(WebhookChange.table) changes are taken")
        }
        func row(_ key: String) throws(ImportError) -> ImportedRow? {
            switch object[key] {
            case nil, .null?: return nil
            case .object(let o)?:
                do { return try ImportReader.row(o, line: 1) } catch {
                    throw ImportError(line: 1, column: "\(key).\(error.column ?? "")", message: error.message)
                }
            case let other?:
                throw ImportError(line: 1, column: key, message: "expected an object or null, got \(InputParser.describe(other))")
            }
        }
        let record = try row("record"), oldRecord = try row("old_record")
        switch kind {
        case .insert where record == nil, .update where record == nil:
            throw ImportError(line: 1, column: "record", message: "an \(kind.rawValue) needs the new row")
        case .update where oldRecord == nil:
            throw ImportError(line: 1, column: "old_record", message: "an UPDATE needs the old row (the webhook sends it)")
        case .delete where oldRecord == nil:
            throw ImportError(line: 1, column: "old_record", message: "a DELETE needs the deleted row")
        default: break
        }
        if let record, let oldRecord, record.state.id != oldRecord.state.id {
            throw ImportError(line: 1, column: "record.id", message: "the old and new rows have different ids")
        }
        var identity = Array(kind.rawValue.utf8)
        for r in [oldRecord, record] {
            identity.append(0)
            if let r { identity += InputLine.encode(SampleEvent(sampleID: r.state.id, occurredAt: r.state.createdAt,
                                                                body: .submitted(r.state.fields)), eventID: nil).utf8
                identity += "|\(r.state.status.rawValue)|\(r.state.nyckelSampleID ?? "\u{0}")".utf8 }
        }
        return WebhookChange(kind: kind, table: table, record: record, oldRecord: oldRecord, identity: identity)
    }

    /// The input lines (for `tslog append`'s validation) of the events this change stands for,
    /// each with its derived `event_id` (`supabase-<hash>-<n>`; for the k-th repeat of an
    /// identical change, k ≥ 1, `supabase-<hash>-r<k>-<n>`). Events that have no time of their
    /// own in the rows (updates, deletions) occur at `now`.
    public func events(now: Timestamp, occurrence: Int = 0) throws(ImportError) -> [[UInt8]] {
        let steps: [ImportPlan.Step]
        switch kind {
        case .insert:
            guard let record else { return [] }
            steps = try ImportPlan.make(rows: [record], current: { _ in nil }, liveIDs: [], deletions: false, now: now).steps
        case .update:
            guard let record, let oldRecord else { return [] }
            steps = try ImportPlan.make(rows: [record], current: { $0 == oldRecord.state.id ? oldRecord.state : nil },
                                        liveIDs: [], deletions: false, now: now).steps
        case .delete:
            guard let oldRecord else { return [] }
            let event = SampleEvent(sampleID: oldRecord.state.id, occurredAt: now, body: .deleted(SampleDeleted()))
            return [Array(InputLine.encode(event, eventID: eventID(0, occurrence: occurrence)).utf8)]
        }
        return steps.enumerated().map { n, step in Array(InputLine.encode(step.event, eventID: eventID(n, occurrence: occurrence)).utf8) }
    }

    /// Whether the log's current row of the sample (nil: not live) already is the row this
    /// change leads to. A change whose events are all stored already is a repeated delivery when
    /// this holds; when it does not, it is a new change identical to an earlier one (a label set
    /// from A to B again after going back to A), to be stored under its next occurrence.
    public func isApplied(current: TableRowState?, now: Timestamp) -> Bool {
        switch kind {
        case .delete:
            return current == nil
        case .insert, .update:
            guard let record, let current else { return false }
            let plan = ImportPlan.planning(rows: [record], current: { $0 == record.state.id ? current : nil },
                                           liveIDs: [], deletions: false, now: now)
            return plan.refusals.isEmpty && plan.steps.isEmpty
        }
    }

    /// The id of the sample the change is about.
    public var sampleID: SampleID? { (record ?? oldRecord)?.state.id }

    /// The event id of the change's n-th event: 128 bits of two FNV-1a hashes of the change.
    /// The `event_id` of the first event of the change's `occurrence`-th time (0: the first).
    public func firstEventID(occurrence: Int) -> String { eventID(0, occurrence: occurrence) }

    private func eventID(_ n: Int, occurrence: Int) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325, b: UInt64 = 0x6c62_272e_07bb_0142
        for byte in identity {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = (b ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            b = b &+ (b >> 29)
        }
        func hex(_ v: UInt64) -> String { let s = String(v, radix: 16); return String(repeating: "0", count: 16 - s.count) + s }
        let repeatMark = occurrence == 0 ? "" : "r\(occurrence)-"
        return "supabase-\(hex(a))\(hex(b))-\(repeatMark)\(n)"
    }
}
