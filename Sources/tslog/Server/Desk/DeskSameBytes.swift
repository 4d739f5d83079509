import EventLog
import Projections
import SampleDomain

/// "The other samples with the same bytes" on a sample's page: the live samples whose last
/// `image.fetched` stored the same SHA-256 as this sample's, when the store holds it — the
/// definition of `tslog images check`'s duplicates (one SHA-256 under two or more live samples),
/// seen from one of them. Answered from the live image facts' index (`ImageBytesIndex`): the
/// cost is the size of the group, not of the log.
enum DeskSameBytes {
    /// At most this many of the others are listed (with their labels); `total` counts them all.
    static let listed = 100

    /// Writes `null` when the sample has no stored bytes, else
    /// `{"sha256","total","labels_differ","samples":[{id,label,label_type,status}]}`: `total` other
    /// live samples (the first `listed` of them, in the order they got the bytes), and whether a
    /// listed one's label differs from this sample's (a conflict, in `images check`'s words, when
    /// this sample is live).
    static func write(_ id: SampleID, _ snapshot: LiveSnapshot, blobs: BlobStore, to w: inout JSONWriter) throws {
        guard let group = snapshot.images?.samplesSharingBytes(with: id), blobs.contains(group.sha256) else {
            w.null()
            return
        }
        let others = group.sampleIDs.filter { $0 != id && snapshot.projections.isLive($0) }
        var rows: [SampleRow] = []
        for other in others.prefix(listed) {
            if let row = try snapshot.projections.readRow(other) { rows.append(row) }
        }
        let own = try snapshot.projections.readRow(id)
        var labels = Set(rows.map(\.label))
        if let own { labels.insert(own.label) }
        w.beginObject()
        w.key("sha256"); w.string(group.sha256)
        w.key("total"); w.int(others.count)
        w.key("labels_differ"); w.bool(labels.count > 1)
        w.key("samples"); w.beginArray()
        for row in rows {
            w.beginObject()
            w.key("id"); w.string(row.id.description)
            w.key("label"); w.string(row.label)
            w.key("label_type"); w.string(row.labelType.rawValue)
            w.key("status"); w.string(row.status.rawValue)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}
