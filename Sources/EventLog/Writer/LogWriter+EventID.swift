extension LogWriter {
    /// The seq of the record that stored this event_id, or nil when none did (answered from the
    /// event-id index, each hash hit confirmed by reading the record). An event_id is stored at
    /// most once, so this is where it was first — and only — stored: a permanent receipt.
    public func seq(ofEventID eventID: String) throws -> UInt64? {
        guard !isClosed else { throw LogError(.writerUnusable, "the writer for \(directory) is closed") }
        let escaped = EventIDIndex.escaped(eventID)
        let hash = escaped.withUnsafeBufferPointer { EventIDIndex.hash($0) }
        let seqs = try eventIDCandidates(hash)
        guard !seqs.isEmpty else { return nil }
        let buffer = ChunkBuffer(capacity: 128 << 10)
        for seq in seqs {
            var match = false
            try layout.walk(from: seq, through: seq, buffer: buffer) { view in
                match = view.eventIDRaw?.elementsEqual(escaped) ?? false
                return false
            }
            if match { return seq }
        }
        return nil
    }
}
