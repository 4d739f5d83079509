/// The record `repairLog` puts at a seq whose record was damaged (or missing) and could not be
/// healed from a backup: a valid record of type `log.lost`, so that the seq chain stays gapless,
/// the intact records after the damage keep their seqs, and the loss is written in the log
/// itself, never silent. THE FORMAT IS FROZEN (docs/events.md, "The repair marker"):
///
///     {"seq":5,"recorded_at":"…","type":"log.lost","v":1,"data":{"reason":"…","repaired_at":"…"},"crc32c":"…"}
///
/// `reason` says what was wrong at that place (the checksum mismatch, a missing segment);
/// `repaired_at` is when the repair ran. `recorded_at` is the previous record's (so times never
/// decrease), or the next record's when the first records are lost. Types starting with `log.`
/// belong to the log itself: sample-event readers skip them (as they skip `tag.…` records);
/// `verify`, `history` and the repair report count and show them.
public enum RepairMarker {
    /// The marker's record type.
    public static let type = "log.lost"
    /// The prefix of every record type the log itself writes.
    public static let typePrefix: StaticString = "log."

    /// Whether `type` (a record's raw type bytes) is a type the log itself writes (`log.…`).
    /// - Complexity: O(1): four bytes compared as one word (`RecordTypePrefix`).
    package static func isLogType(_ type: UnsafeBufferPointer<UInt8>) -> Bool {
        RecordTypePrefix.matches(type, typePrefix)
    }

    /// Whether `view` is a repair marker.
    public static func isMarker(_ view: RecordView) -> Bool {
        view.type.elementsEqual(type.utf8)
    }

    /// The marker's `reason` (nil when `view` is not a marker). `reason` is the payload's first key.
    public static func reason(_ view: RecordView) -> String? {
        guard isMarker(view) else { return nil }
        let prefix = Array(#"{"reason":""#.utf8)
        let p = view.payload
        guard p.count > prefix.count, p.prefix(prefix.count).elementsEqual(prefix) else { return nil }
        var j = prefix.count
        while j < p.count, p[j] != 0x22 { j += p[j] == 0x5C ? 2 : 1 }
        guard j < p.count else { return nil }
        return JSONUnescape.string(UnsafeBufferPointer(rebasing: p[prefix.count..<j]))
    }

    /// The whole stored line (newline included) of the marker for `seq`.
    static func line(seq: UInt64, recordedAt: Timestamp, reason: String, repairedAt: Timestamp) -> [UInt8] {
        var payload = JSONWriter()
        payload.beginObject()
        payload.key("reason"); payload.string(reason)
        payload.key("repaired_at"); payload.string(repairedAt.rfc3339(.microseconds))
        payload.endObject()
        var out: [UInt8] = []
        RecordEncoder.append(seq: seq, recordedAt: recordedAt, record: NewRecord(type: type, payload: payload.bytes), to: &out)
        return out
    }
}

