import EventLog
import Projections
import SampleDomain

extension ReadRoutes {
    /// `POST /v1/tags` with `{"name":…,"at_seq":…,"note":…,"move":…}`: `tslog tag` over HTTP.
    ///
    /// 201 with the tag set: `{"name":…,"seq":…,"record_seq":…,"note":…,"moved_from":…}`
    /// (`record_seq` is where the `tag.set` record was stored, `moved_from` the seq the tag named
    /// before a move, else null). 400 for a bad body or a seq past the end (naming the field),
    /// 409 when the tag exists and `move` is not true; 507 (or 503) when storage (or descriptors)
    /// ran out, nothing stored (`ReadRoutes.answer`). The server checks the write token first.
    func setTag(_ request: ReadRequest) throws -> ReadResponse {
        if let (name, _) = request.query.first {
            return .error(400, "unknown parameter '\(name)'; this endpoint takes a JSON body", seq: live.seq,
                          extra: [("parameter", .string(name))])
        }
        let wanted: TagSetRequest
        do {
            wanted = try TagSetRequest.parse(request.body)
        } catch {
            return .error(400, error.description, seq: live.seq, extra: error.field.map { [("field", .string($0))] } ?? [])
        }
        let written: (record: TagRecord, storedAt: UInt64)
        do {
            written = try tagLock.withLock { try set(wanted) }
        } catch let error as TagError {
            switch error {
            case .exists(let name, let seq):
                // The CLI's text says `--move`; a request says it in its body.
                return .error(409, "tag '\(name)' already exists (at seq \(seq)); send \"move\":true to move it", seq: live.seq,
                              extra: [("field", .string("name"))])
            case .beyondEnd:
                // Worded as the body's other refusals of at_seq, and as the CLI names --at-seq.
                return .error(400, "field 'at_seq': \(error.description)", seq: live.seq, extra: [("field", .string("at_seq"))])
            default: throw error
            }
        }
        let seq = try live.catchUp()
        let record = written.record
        var w = JSONWriter(capacity: 128)
        w.beginObject()
        w.key("name"); w.string(record.name.text)
        w.key("seq"); w.uint(record.seq)
        w.key("record_seq"); w.uint(written.storedAt)
        w.key("note"); w.string(record.note)
        w.key("moved_from"); if let from = record.movedFrom { w.uint(from) } else { w.null() }
        w.endObject()
        w.raw([10])
        return ReadResponse(status: 201, contentType: ReadResponse.jsonType, body: w.bytes, seq: seq)
    }

    /// Appends the tag record through the server's writer (checked against the tags of a live
    /// state caught up to the end of the log), or with `TagStore.set` when there is none.
    private func set(_ wanted: TagSetRequest) throws -> (record: TagRecord, storedAt: UInt64) {
        guard let append else {
            return try TagStore.set(directory: logDirectory, name: wanted.name, at: wanted.atSeq, note: wanted.note,
                                    move: wanted.move)
        }
        let last = try live.catchUp()
        let record = try TagStore.plan(name: wanted.name, at: wanted.atSeq, note: wanted.note, move: wanted.move,
                                       last: last, tags: live.snapshot().tags)
        return (record, try append([record.newRecord]))
    }
}
