import EventLog

extension SampleSeqFile {
    /// What the file says of one sample, for a reader of the log.
    public struct Located: Sendable {
        /// The sample's records through `coveredSeq`, in seq order: seq and where each is stored.
        public var records: [(seq: UInt64, location: RecordLocation)]
        /// The last seq the file covers; records after it are not in the file.
        public var coveredSeq: UInt64
    }

    /// Where `id`'s records are, per the file, when the file can be believed for `reader`'s log:
    /// it exists and passes its checks, names this log, and the log holds the prefix it covers
    /// (the same checksum at that seq). Nil otherwise: the caller scans the log.
    ///
    /// - Complexity: the file's header and block directory, one or two 4 KiB blocks per 128
    ///   records of the sample, and one record read to check the prefix.
    public static func locate(_ id: SampleID, in reader: LogReader) -> Located? {
        guard case .loaded(let table) = SortedTable.open(path(reader.directory), kind: kind) else { return nil }
        defer { table.close() }
        let prefix = table.prefix
        guard let logID = reader.logID, prefix.logID == logID, prefix.seq <= reader.lastSeq else { return nil }
        if prefix.seq > 0 {
            guard let crc = try? reader.storedChecksum(ofSeq: prefix.seq), crc == prefix.crc else { return nil }
        }
        var records: [(seq: UInt64, location: RecordLocation)] = []
        var lost = false
        do {
            try table.entries(withFirstWord: id.high) { raw in
                let e = decode(raw)
                guard e.id.low == id.low else { return true }
                guard e.seq <= prefix.seq, let segment = reader.segmentFirstSeq(containing: e.seq) else {
                    lost = true  // an entry the prefix does not hold: not believed
                    return false
                }
                records.append((e.seq, RecordLocation(segmentFirstSeq: segment, byteOffset: Int(e.offset))))
                return true
            }
        } catch {
            return nil
        }
        return lost ? nil : Located(records: records, coveredSeq: prefix.seq)
    }
}
