import EventLog
import Foundation
import Projections
import SampleDomain

/// The desk page's JSON reads: the queue one page at a time, and one sample with its history.
/// Answered from the server's live state (nothing folded per request, except a history, which
/// reads the sample's records from the log as `tslog history` does).
struct DeskAPI {
    let live: LiveState
    let logDirectory: String
    let blobs: BlobStore
    /// The server's writer: each card's `last_seq` comes from its registry.
    let appender: EventAppender

    static let defaultLimit = 48
    static let maxLimit = 500

    /// `GET /desk/api/samples?status=S[,S…]|all&label_type=T&label=L&changed_since=TAG&images=conflicts|mismatches&cursor=C&limit=N`:
    /// `{"seq","total","next","samples":[…],"labels":{TYPE:[…]}}`. `status` defaults to
    /// `error,rejected` (errors and rejections first); `total` is what `tslog query` counts for
    /// the same filter (`failed` for `error`, `problems` for the default, `samples --label` …);
    /// `images` keeps the samples `tslog images check` lists under `conflicts` (the same bytes
    /// stored for samples with different labels) or `mismatches` (recorded size or dimensions
    /// that differ from the stored image).
    func samples(_ request: HTTPRequest) throws -> HTTPResponse {
        let imageFilter = request.parameter("images").flatMap { $0.isEmpty ? nil : $0 }
        if let kind = imageFilter, kind != "conflicts", kind != "mismatches" {
            return Self.bad("images", "images must be conflicts or mismatches; got '\(RequestHeadParser.printable(kind))'")
        }
        let snapshot = live.snapshot()
        var filter = ProjectionSet.PageFilter()
        let statusText = request.parameter("status") ?? "error,rejected"
        if statusText != "all" && !statusText.isEmpty {
            for word in statusText.split(separator: ",") {
                guard let s = NyckelStatus(rawValue: String(word)) else {
                    return Self.bad("status", "status must be 'all' or a comma-separated list of submitted, accepted, rejected, error; got '\(RequestHeadParser.printable(statusText))'")
                }
                filter.statuses.append(s)
            }
        }
        if let t = request.parameter("label_type"), !t.isEmpty {
            guard let type = LabelType(rawValue: t) else {
                return Self.bad("label_type", "label_type must be defect, region or grade; got '\(RequestHeadParser.printable(t))'")
            }
            filter.labelType = type
        }
        if let l = request.parameter("label"), !l.isEmpty { filter.label = l }
        var cursor: ProjectionSet.PageCursor?
        if let c = request.parameter("cursor"), !c.isEmpty {
            let parts = c.split(separator: "_", maxSplits: 1)
            guard parts.count == 2, let at = Int64(parts[0]), let id = SampleID(parts[1]) else {
                return Self.bad("cursor", "cursor must be the 'next' of an earlier page")
            }
            cursor = ProjectionSet.PageCursor(createdAt: at, id: id)
        }
        var limit = Self.defaultLimit
        if let text = request.parameter("limit") {
            guard let n = Int(text), n >= 1, n <= Self.maxLimit else { return Self.bad("limit", "limit must be 1 to \(Self.maxLimit)") }
            limit = n
        }
        var only: Set<SampleID>?
        if let tag = request.parameter("changed_since"), !tag.isEmpty {
            guard let from = try? snapshot.tags.tag(named: tag).seq else {
                return Self.bad("changed_since", "no tag named '\(RequestHeadParser.printable(tag))'")
            }
            only = try changedSamples(after: from, through: snapshot.seq)
        }
        if let kind = imageFilter {
            let flagged = try DeskImages.flagged(kind, snapshot, blobs: blobs)
            only = only.map { $0.intersection(flagged) } ?? flagged
        }
        let page = try snapshot.projections.page(filter, after: cursor, limit: limit, only: only)
        var w = JSONWriter(capacity: 512 + 400 * page.rows.count)
        w.beginObject()
        w.key("seq"); w.uint(snapshot.seq)
        w.key("total"); w.int(page.total)
        w.key("next"); w.string(page.next.map { "\($0.createdAt)_\($0.id)" })
        w.key("samples"); w.beginArray()
        let lastSeqs = lastSeqs(page.rows.map(\.id), asOf: snapshot.seq)
        for (row, last) in zip(page.rows, lastSeqs) { writeCard(row, lastSeq: last, images: snapshot.images, to: &w) }
        w.endArray()
        w.key("labels"); w.beginObject()
        for type in LabelType.allCases {
            w.key(type.rawValue); w.beginArray()
            for label in snapshot.projections.labels(of: type).prefix(200) { w.string(label) }
            w.endArray()
        }
        w.endObject()
        w.endObject()
        return .json(200, w, headers: [("X-Tslog-Seq", String(snapshot.seq)), ("Cache-Control", "no-store")])
    }

    /// `GET /desk/api/sample?id=ID`: `{"seq","last_seq","sample":{…}|null,"history":[…],"labels":[…],
    /// "same_bytes":{…}|null}`; `last_seq` is the seq of the sample's last event (what an action
    /// expects); `same_bytes` lists the other live samples with the same stored bytes
    /// (`DeskSameBytes`).
    func sample(_ request: HTTPRequest) throws -> HTTPResponse {
        guard let text = request.parameter("id"), let id = SampleID(text) else {
            return Self.bad("id", "id must be a sample id (a UUID)")
        }
        let snapshot = live.snapshot()
        // The sample's records only (`SampleHistory.load`: the per-sample index, then the
        // records after it), through the snapshot's seq.
        let history = try SampleHistory.load(id, from: try LogReader(directory: logDirectory), through: snapshot.seq)
        guard let last = history.entries.last else {
            return .error(404, "no sample \(id) in the log")
        }
        let row = try snapshot.projections.readRow(id)
        var w = JSONWriter(capacity: 4096)
        w.beginObject()
        w.key("seq"); w.uint(snapshot.seq)
        w.key("last_seq"); w.uint(last.seq)
        w.key("sample")
        if let row { writeCard(row, lastSeq: last.seq, images: snapshot.images, to: &w) } else { w.null() }
        w.key("history"); w.raw(Array(history.render(.json).utf8).filter { $0 != 0x0A })
        w.key("labels"); w.beginArray()
        for label in snapshot.projections.labels(of: row?.labelType ?? .grade).prefix(200) { w.string(label) }
        w.endArray()
        w.key("same_bytes"); try DeskSameBytes.write(id, snapshot, blobs: blobs, to: &w)
        w.endObject()
        return .json(200, w, headers: [("X-Tslog-Seq", String(snapshot.seq)), ("Cache-Control", "no-store")])
    }

    /// The seq of each sample's last event as a page made from the snapshot at `snapshotSeq`
    /// shows it: what the page sends back as `expect_last_seq`. The writer's registry may be
    /// ahead of the snapshot; a sample changed after it gets `snapshotSeq`, which its
    /// precondition can no longer meet (its last event is later), so acting on the stale card
    /// is a conflict, as it should be.
    func lastSeqs(_ ids: [SampleID], asOf snapshotSeq: UInt64) -> [UInt64] {
        appender.lastSeqs(of: ids).map { $0 <= snapshotSeq ? $0 : snapshotSeq }
    }

    /// One card: the row's columns the desk shows, where its crop comes from, and `last_seq`, the
    /// seq of the sample's last event as shown (what an action sends as `expect_last_seq`).
    func writeCard(_ row: SampleRow, lastSeq: UInt64, images: ImageLedger?, to w: inout JSONWriter) {
        w.beginObject()
        w.key("id"); w.string(row.id.description)
        w.key("last_seq"); w.uint(lastSeq)
        w.key("label"); w.string(row.label)
        w.key("label_type"); w.string(row.labelType.rawValue)
        w.key("status"); w.string(row.status.rawValue)
        w.key("created_at"); w.string(row.createdAt.rfc3339(.whenNonZero))
        w.key("image_url"); w.string(row.imageURL)
        w.key("image_path"); w.string(row.imagePath)
        w.key("image_width"); w.int(row.imageWidth)
        w.key("image_height"); w.int(row.imageHeight)
        w.key("file_size_bytes"); w.int(row.fileSizeBytes)
        w.key("crop"); w.string(DeskImages.source(for: row, images: images, blobs: blobs))
        w.endObject()
    }

    /// The samples with an event after `seq` through `through` (the tail since a tag).
    private func changedSamples(after seq: UInt64, through: UInt64) throws -> Set<SampleID> {
        var ids = Set<SampleID>()
        guard through > seq else { return ids }
        let reader = try LogReader(directory: logDirectory)
        try SampleEventReader.forEach(in: reader, from: seq + 1, through: through) { _, _, event, _ in
            ids.insert(event.sampleID)
        }
        return ids
    }

    static func bad(_ parameter: String, _ message: String) -> HTTPResponse {
        var w = JSONWriter()
        w.beginObject()
        w.key("error"); w.string(message)
        w.key("parameter"); w.string(parameter)
        w.endObject()
        return .json(400, w)
    }
}
