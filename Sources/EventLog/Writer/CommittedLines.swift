/// The lines one append wrote, byte for byte, and where they are stored: what a reader in the
/// same process (the server's live projections) folds after a commit instead of reading the
/// records back from the segment it just wrote (`LogWriter.lastCommit`).
///
/// The bytes are the ones written and made durable, so folding them is folding the log; each
/// line's checksum is still checked as a read would check it.
package struct CommittedLines: Sendable {
    /// The seq of the first line.
    package let firstSeq: UInt64
    /// The seq of the last line.
    package let lastSeq: UInt64
    /// The segment holding every line (its first seq).
    package let segmentFirstSeq: UInt64
    /// The byte offset of the first line in that segment.
    package let byteOffset: Int
    /// The lines, each ending with its newline.
    let bytes: [UInt8]

    /// Appends larger than this are not kept (a reader then reads them back from the log): the
    /// writer holds the last commit's bytes until the next one.
    static let maximumBytes = 1 << 20

    /// Calls `body` with each record in seq order, until it returns false.
    /// - Throws: `LogError.corrupt` for a line that does not parse or fails its checksum (it
    ///   cannot, having just been encoded), and what `body` throws.
    /// - Complexity: O(bytes), no system call.
    package func forEach(_ body: (RecordView) throws -> Bool) throws {
        try bytes.withUnsafeBufferPointer { all in
            var start = 0
            while start < all.count {
                guard let length = Memory.firstIndex(of: 0x0A, in: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: all[start...]))) else { return }
                let end = start + length
                let line = UnsafeBufferPointer(rebasing: all[start..<end])
                let parsed: ParsedRecord
                do {
                    parsed = try RecordParser.parse(line, verifyChecksum: true)
                } catch {
                    throw LogError(.corrupt, "a line just committed is not valid: \(error)",
                                   segment: Segment.name(firstSeq: segmentFirstSeq), byteOffset: byteOffset + start)
                }
                let view = RecordView(parsed, line: line, segmentFirstSeq: segmentFirstSeq, byteOffset: byteOffset + start)
                guard try body(view) else { return }
                start = end + 1
            }
        }
    }
}
