extension BlobStore {
    /// What `copyAll(into:)` did.
    public struct CopyReport: Equatable, Sendable {
        /// Blobs copied, and their bytes.
        public var copied = 0
        public var bytes = 0
        /// Blobs left out, sorted: their bytes no longer hash to their name (damaged since they
        /// were stored; `verify` says the same).
        public var damaged: [String] = []
    }

    /// Copies every stored blob into `target` (another log's store: `tslog replay`'s copy), each
    /// re-hashed on the way, so a copy never holds bytes its name does not promise; a damaged
    /// blob is left out and named. Written with `putAll` in batches of at most `batchBytes` (each
    /// blob hashed once, here): a few device flushes per batch, and memory bounded by one batch
    /// (and one blob).
    public func copyAll(into target: BlobStore, batchBytes: Int = 64 << 20) throws -> CopyReport {
        var report = CopyReport()
        var batch: [(name: String, bytes: [UInt8])] = []
        var size = 0
        func flush() throws {
            _ = try target.putAll(named: batch)
            batch.removeAll()
            size = 0
        }
        for name in allBlobs() {
            let bytes = try read(name)
            guard SHA256.hex(SHA256.hash(bytes)) == name else {
                report.damaged.append(name)
                continue
            }
            batch.append((name, bytes))
            size += bytes.count
            report.copied += 1
            report.bytes += bytes.count
            if size >= batchBytes { try flush() }
        }
        if !batch.isEmpty { try flush() }
        return report
    }
}
