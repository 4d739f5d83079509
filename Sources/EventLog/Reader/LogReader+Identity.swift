extension LogReader {
    /// The log's identity (`DIR/log.id`, made by the first writer open); nil before that.
    package var logID: LogID? { LogID.load(directory) }

    /// The stored CRC-32C of record `seq` (its checksum checked); nil when the log does not hold
    /// `seq`. With the id, what a follower remembers to notice that the log it reads was cut
    /// or replaced under it: the same seq holding another record means another log.
    ///
    /// - Complexity: one record read, started at the nearest time index entry.
    package func storedChecksum(ofSeq seq: UInt64) throws -> UInt32? {
        guard seq > 0, seq <= lastSeq else { return nil }
        var crc: UInt32?
        try layout.walk(from: seq, through: seq, buffer: ChunkBuffer(capacity: 128 << 10)) { view in
            crc = RecordAtEnd.storedCRC(view.line)
            return false
        }
        return crc
    }
}
