import EventLog
import Foundation
import Projections
import SampleDomain

/// The desk's writes: relabel, delete, undo. Each is one event built here — the actor is the
/// session's token NAME, never a field the page sends — and appended through the server's
/// writer only if the sample is as the reviewer saw it: no event about it after `seen_seq`
/// (the seq the page showed it at). Checked while no other write is in flight, so a conflict
/// overwrites nothing and appends nothing: 409 with the sample's state now.
struct DeskActions {
    let appender: EventAppender
    let live: LiveState
    let logDirectory: String
    let sessions: DeskSessions
    let api: DeskAPI

    /// What the page sends (JSON object); unknown members are ignored, `actor` among them.
    struct Body {
        var sampleID: SampleID
        var seenSeq: UInt64
        var label: String?
        var reason: String?

        init(_ request: HTTPRequest, needsSample: Bool = true) throws {
            guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
                throw HTTPProtocolError(status: 400, message: "the body must be a JSON object")
            }
            guard let idText = object["sample_id"] as? String, let id = SampleID(idText) else {
                throw HTTPProtocolError(status: 400, message: "sample_id must be a sample id (a UUID)")
            }
            guard let seen = object["seen_seq"] as? NSNumber, seen.int64Value >= 0 else {
                throw HTTPProtocolError(status: 400, message: "seen_seq must be the seq the page showed the sample at")
            }
            sampleID = id
            seenSeq = UInt64(seen.int64Value)
            label = object["label"] as? String
            reason = object["reason"] as? String
        }
    }

    /// `POST /desk/api/relabel` `{"sample_id","seen_seq","label","reason"?}`.
    func relabel(_ request: HTTPRequest, session: String, name: String) throws -> HTTPResponse {
        let body = try Body(request)
        guard let label = body.label, !label.isEmpty else { return DeskAPI.bad("label", "label must not be empty") }
        guard let row = try live.snapshot().projections.readRow(body.sampleID) else {
            return .error(404, "no live sample \(body.sampleID)")
        }
        let event = SampleEvent(sampleID: body.sampleID, occurredAt: .now(),
                                body: .relabeled(SampleRelabeled(label: label, labelType: row.labelType, reason: body.reason, actor: name)))
        return try append(event, seen: body.seenSeq, session: session) { seq in
            DeskAction(sampleID: body.sampleID.description, kind: .relabeled(fromLabel: row.label, fromType: row.labelType), seq: seq)
        }
    }

    /// `POST /desk/api/delete` `{"sample_id","seen_seq","reason"}`: the reason is required.
    func delete(_ request: HTTPRequest, session: String, name: String) throws -> HTTPResponse {
        let body = try Body(request)
        guard let reason = body.reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
            return DeskAPI.bad("reason", "a deletion needs a reason")
        }
        guard let row = try live.snapshot().projections.readRow(body.sampleID) else {
            return .error(404, "no live sample \(body.sampleID)")
        }
        let event = SampleEvent(sampleID: body.sampleID, occurredAt: .now(), body: .deleted(SampleDeleted(reason: reason, actor: name)))
        return try append(event, seen: body.seenSeq, session: session) { seq in
            DeskAction(sampleID: body.sampleID.description, kind: .deleted(row: row), seq: seq)
        }
    }

    /// `POST /desk/api/undo`: takes back this session's last action with a new event (a relabel
    /// back, or the deleted row submitted again), if nothing happened to the sample since.
    func undo(_ request: HTTPRequest, session: String, name: String) throws -> HTTPResponse {
        guard let action = sessions.update(session, { $0.actions.last }) ?? nil else {
            return .error(409, "nothing to undo in this session")
        }
        guard let id = SampleID(action.sampleID) else { return .error(500, "bad action") }
        let event: SampleEvent
        switch action.kind {
        case .relabeled(let label, let type):
            event = SampleEvent(sampleID: id, occurredAt: .now(),
                                body: .relabeled(SampleRelabeled(label: label, labelType: type, reason: "undo", actor: name)))
        case .deleted(let row):
            event = SampleEvent(sampleID: id, occurredAt: row.createdAt, body: .submitted(SampleSubmitted(
                imageURL: row.imageURL, imagePath: row.imagePath, label: row.label, labelType: row.labelType,
                nyckelFunctionID: row.nyckelFunctionID, sourceScanID: row.sourceScanID, regionName: row.regionName,
                cropData: row.cropData, imageWidth: row.imageWidth, imageHeight: row.imageHeight, fileSizeBytes: row.fileSizeBytes)))
        }
        let response = try append(event, seen: action.seq, session: session, record: nil)
        if response.status == 201 { _ = sessions.update(session) { $0.actions.removeLast() } }
        return response
    }

    /// Appends `event` if no event about its sample came after `seen`; records the action.
    /// 201 `{"seq","sample"}`; 409 `{"error","conflict":true,"changed_at","sample"}` when the
    /// sample changed after `seen` (nothing appended); 422 when the event is refused.
    private func append(_ event: SampleEvent, seen: UInt64, session: String,
                        record: ((UInt64) -> DeskAction)?) throws -> HTTPResponse {
        let line = Array(SampleDomain.InputLine.encode(event, eventID: nil).utf8)
        let receipt: BatchReceipt
        do {
            receipt = try appender.appendChecked(GroupBatch(lines: [(1, line)], skipInvalid: false)) {
                if let changed = try DeskActions.lastChange(of: event.sampleID, after: seen, in: logDirectory) {
                    throw Conflict(seq: changed)
                }
            }
        } catch let conflict as Conflict {
            var w = JSONWriter()
            w.beginObject()
            w.key("error"); w.string("someone changed this sample (at seq \(conflict.seq)) after you saw it (seq \(seen)); nothing was saved — here is how it is now")
            w.key("conflict"); w.bool(true)
            w.key("changed_at"); w.uint(conflict.seq)
            w.key("seq"); w.uint(live.seq)
            w.key("sample")
            if let row = try live.snapshot().projections.readRow(event.sampleID) { api.writeCard(row, to: &w) } else { w.null() }
            w.endObject()
            return .json(409, w)
        }
        if let refused = receipt.refused.first {
            return AppendEventsHandler.refusal(receipt.refused, message: "nothing appended: \(refused.message)")
        }
        guard let seq = receipt.range?.upperBound else { return .error(500, "nothing was appended") }
        if let record {
            let action = record(seq)
            sessions.update(session) { $0.actions.append(action) }
        }
        var w = JSONWriter()
        w.beginObject()
        w.key("seq"); w.uint(seq)
        w.key("sample")
        if let row = try live.snapshot().projections.readRow(event.sampleID) { api.writeCard(row, to: &w) } else { w.null() }
        w.endObject()
        return .json(201, w, headers: [("X-Tslog-Seq", String(seq))])
    }

    struct Conflict: Error { var seq: UInt64 }

    /// The seq of the last event about `id` after `seen`, or nil when there is none: a scan of
    /// the records appended since the reviewer's view, not of the whole log.
    static func lastChange(of id: SampleID, after seen: UInt64, in directory: String) throws -> UInt64? {
        let reader = try LogReader(directory: directory)
        guard reader.lastSeq > seen else { return nil }
        let pattern = Array("\"sample_id\":\"\(id)\"".utf8)
        var found: UInt64?
        try reader.scan(from: seen + 1) { view in
            if ReadEventsHandler.contains(view.payload, pattern) { found = view.seq }
        }
        return found
    }
}
