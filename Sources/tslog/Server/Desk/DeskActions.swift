import EventLog
import Foundation
import Projections
import SampleDomain

/// The desk's writes: relabel, delete, undo. Each is one event built here — the actor is the
/// session's token NAME, never a field the page sends — appended through the server's writer
/// with the precondition `expect_last_seq` (docs/events.md): the seq of the sample's last event
/// as the reviewer saw it. If anyone appended an event about the sample since, the writer
/// refuses it (nothing appended, nothing overwritten) and the answer is 409 with the sample's
/// state now. The desk checks nothing itself: the writer's precondition is the one check.
struct DeskActions {
    let appender: EventAppender
    let live: LiveState
    let sessions: DeskSessions
    let api: DeskAPI

    /// What the page sends (JSON object); unknown members are ignored, `actor` among them.
    struct Body {
        var sampleID: SampleID
        /// The card's `last_seq` when the reviewer started the action.
        var expectLastSeq: UInt64
        var label: String?
        var reason: String?

        init(_ request: HTTPRequest) throws {
            guard let object = try? JSONSerialization.jsonObject(with: Data(request.body)) as? [String: Any] else {
                throw HTTPProtocolError(status: 400, message: "the body must be a JSON object")
            }
            guard let idText = object["sample_id"] as? String, let id = SampleID(idText) else {
                throw HTTPProtocolError(status: 400, message: "sample_id must be a sample id (a UUID)")
            }
            // An integer only: `true` (a Bool NSNumber, objCType "c"), 1.5 or 1e30 is not a seq.
            guard let number = object["expect_last_seq"] as? NSNumber, String(cString: number.objCType) != "c",
                  let seen = object["expect_last_seq"] as? Int, seen >= 0 else {
                throw HTTPProtocolError(status: 400, message: "expect_last_seq must be the seq of the sample's last event as the page showed it (its card's last_seq)")
            }
            sampleID = id
            expectLastSeq = UInt64(seen)
            label = try Body.text(object, "label")
            reason = try Body.text(object, "reason")
        }

        /// The member `key` as a string: absent or null is nil; any other JSON value (a number,
        /// an array) is refused by name, not taken for a missing one.
        private static func text(_ object: [String: Any], _ key: String) throws -> String? {
            guard let value = object[key], !(value is NSNull) else { return nil }
            guard let text = value as? String else { throw HTTPProtocolError(status: 400, message: "\(key) must be a string") }
            return text
        }
    }

    /// `POST /desk/api/relabel` `{"sample_id","expect_last_seq","label","reason"?}`.
    func relabel(_ request: HTTPRequest, session: String, name: String) throws -> HTTPResponse {
        let body = try Body(request)
        guard let label = body.label, !label.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return DeskAPI.bad("label", "label must not be empty or blank")
        }
        guard let row = try live.snapshot().projections.readRow(body.sampleID) else {
            return .error(404, "no live sample \(body.sampleID)")
        }
        let event = SampleEvent(sampleID: body.sampleID, occurredAt: .now(),
                                body: .relabeled(SampleRelabeled(label: label, labelType: row.labelType, reason: body.reason, actor: name)))
        return try append(event, expect: body.expectLastSeq) { seq in
            record(DeskAction(sampleID: body.sampleID.description, kind: .relabeled(fromLabel: row.label, fromType: row.labelType),
                              seq: seq, expected: body.expectLastSeq), in: session)
        }
    }

    /// `POST /desk/api/delete` `{"sample_id","expect_last_seq","reason"}`: the reason is required.
    func delete(_ request: HTTPRequest, session: String, name: String) throws -> HTTPResponse {
        let body = try Body(request)
        guard let reason = body.reason, !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            return DeskAPI.bad("reason", "a deletion needs a reason")
        }
        guard let row = try live.snapshot().projections.readRow(body.sampleID) else {
            return .error(404, "no live sample \(body.sampleID)")
        }
        let event = SampleEvent(sampleID: body.sampleID, occurredAt: .now(), body: .deleted(SampleDeleted(reason: reason, actor: name)))
        return try append(event, expect: body.expectLastSeq) { seq in
            record(DeskAction(sampleID: body.sampleID.description, kind: .deleted(row: row), seq: seq, expected: body.expectLastSeq),
                   in: session)
        }
    }

    /// `POST /desk/api/undo`: takes back this session's last action with a new event (a relabel
    /// back, or the deleted row submitted again), expecting the action's own event to be the
    /// sample's last (or the event of the undo that brought the sample back to it).
    ///
    /// The action leaves the session's list when it is taken back, and also on a conflict: the log
    /// only grows, so once another event follows the action's it can never be undone, and keeping
    /// it on top would make every later Undo the same 409. Either way the next Undo takes back the
    /// action before it. When that one is on the same sample and the undone action was made on
    /// top of it, the sample is now as that action left it, at the undo's event: undoing it next
    /// expects that event (so Undo twice takes back two relabels of one sample).
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
        let response = try append(event, expect: action.seq) { seq in
            sessions.update(session) { s in
                s.forget(seq: action.seq)
                s.rebase(sampleID: action.sampleID, from: action.expected, to: seq)
            }
        }
        if response.status == 409 { sessions.update(session) { $0.forget(seq: action.seq) } }
        return response
    }

    /// Adds `action` to the session's list, newest last (what Undo takes back; the oldest beyond
    /// `DeskSessions.undoDepth` are forgotten).
    private func record(_ action: DeskAction, in session: String) {
        sessions.update(session) { $0.remember(action) }
    }

    /// Appends `event` with `expect_last_seq` `expect`; `appended(seq)` is called once it is.
    /// 201 `{"seq","sample"}`; 409 `{"error","conflict":true,"expected","changed_at","seq","sample"}`
    /// when the sample's last event is no longer `expect` (nothing appended); 422 when refused.
    private func append(_ event: SampleEvent, expect: UInt64, appended: (UInt64) -> Void) throws -> HTTPResponse {
        var line = Array(SampleDomain.InputLine.encode(event, eventID: nil).utf8)
        guard line.last == UInt8(ascii: "}") else { return .error(500, "an input line is not a JSON object") }
        line.insert(contentsOf: Array(",\"expect_last_seq\":\(expect)".utf8), at: line.count - 1)
        let receipt = try appender.append(GroupBatch(lines: [(1, line)], skipInvalid: false))
        if let conflict = receipt.conflicts.first {
            let snapshot = live.snapshot()
            var w = JSONWriter()
            w.beginObject()
            w.key("error"); w.string("someone changed this sample after you saw it (its last event was seq \(conflict.expected), now seq \(conflict.actual)); nothing was saved — here is how it is now")
            w.key("conflict"); w.bool(true)
            w.key("expected"); w.uint(conflict.expected)
            w.key("changed_at"); w.uint(conflict.actual)
            w.key("seq"); w.uint(snapshot.seq)
            w.key("sample")
            if let row = try snapshot.projections.readRow(event.sampleID) {
                api.writeCard(row, lastSeq: api.lastSeqs([row.id], asOf: snapshot.seq)[0], images: snapshot.images, to: &w)
            } else { w.null() }
            w.endObject()
            return .json(409, w)
        }
        if let refused = receipt.refused.first {
            return AppendEventsHandler.refusal(receipt.refused, message: "nothing appended: \(refused.message)")
        }
        guard let seq = receipt.range?.upperBound else { return .error(500, "nothing was appended") }
        appended(seq)
        let snapshot = live.snapshot()
        var w = JSONWriter()
        w.beginObject()
        w.key("seq"); w.uint(seq)
        w.key("sample")
        if let row = try snapshot.projections.readRow(event.sampleID) {
            api.writeCard(row, lastSeq: api.lastSeqs([row.id], asOf: snapshot.seq)[0], images: snapshot.images, to: &w)
        } else { w.null() }
        w.endObject()
        return .json(201, w, headers: [("X-Tslog-Seq", String(seq))])
    }
}
