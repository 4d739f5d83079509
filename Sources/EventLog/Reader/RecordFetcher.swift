import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where one record is stored: its segment (by first seq) and the byte offset of its line.
///
/// What `RecordView.segmentFirstSeq` and `RecordView.byteOffset` say; enough to read the record
/// again later with `RecordFetcher`.
public struct RecordLocation: Hashable, Sendable {
    public var segmentFirstSeq: UInt64
    public var byteOffset: Int

    public init(segmentFirstSeq: UInt64, byteOffset: Int) {
        self.segmentFirstSeq = segmentFirstSeq
        self.byteOffset = byteOffset
    }
}

extension RecordView {
    /// Where this record is stored.
    public var location: RecordLocation { RecordLocation(segmentFirstSeq: segmentFirstSeq, byteOffset: byteOffset) }
}

/// Reads single records back by location: what a projection that keeps only locators of its
/// wide columns uses to print the rows a query returns.
///
/// Keeps the segments it has read from open until `close()` (or deinit), so reading many rows
/// costs one `pread` each — at most `maxOpenSegments` of them, the least recently used closed
/// first, so a log of thousands of segments reads under a small `ulimit -n`. Safe to use from
/// several threads (one lock around the reads).
public final class RecordFetcher: @unchecked Sendable {
    public let directory: String
    // Guarded by `lock`:
    private let lock = NSLock()
    private var files: [UInt64: OwnedFile] = [:]
    /// The open segments' first seqs, least recently used first.
    private var recency: [UInt64] = []
    private var buffer = [UInt8](repeating: 0, count: 4096)

    /// How many segment files one fetcher keeps open at most.
    public static let maxOpenSegments = 16

    public init(directory: String) {
        self.directory = directory
    }

    /// Calls `body` with the record stored at `location`, checksum verified.
    ///
    /// - Throws: `LogError` (`.io` for a failed read; `.corrupt` for a line that is missing, cut
    ///   short or fails its checksum — the log changed under the reader), naming segment and offset.
    /// - Complexity: one `pread` (more for a line longer than 4 KiB).
    public func withRecord<T>(at location: RecordLocation, _ body: (RecordView) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        let name = Segment.name(firstSeq: location.segmentFirstSeq)
        let file: OwnedFile
        if let open = files[location.segmentFirstSeq] {
            file = open
            if recency.last != location.segmentFirstSeq, let at = recency.firstIndex(of: location.segmentFirstSeq) {
                recency.remove(at: at)
                recency.append(location.segmentFirstSeq)
            }
        } else {
            if files.count >= Self.maxOpenSegments, let oldest = recency.first {
                recency.removeFirst()
                try? files.removeValue(forKey: oldest)?.close()
            }
            file = try OwnedFile.open(directory + "/" + name, O_RDONLY)
            files[location.segmentFirstSeq] = file
            recency.append(location.segmentFirstSeq)
        }
        var filled = 0
        while true {
            // One `pread` at a time, stopping at the first newline: a record shorter than the
            // buffer costs one call, not a second one that finds the end of the file.
            let n = try LogError.io(file.path, "cannot read segment") {
                try buffer.withUnsafeMutableBytes { raw in
                    try file.descriptor.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[filled...]),
                                             at: location.byteOffset + filled)
                }
            }
            if filled == 0, n > 0, buffer[0] == 0 {
                // A record never starts with NUL: this is the zeros a writer keeps ahead of its data.
                throw LogError(.corrupt, "no record at this location: the bytes there are a writer's padding (zeros)",
                               segment: name, byteOffset: location.byteOffset)
            }
            let newline = buffer.withUnsafeBufferPointer { b in
                memchr(b.baseAddress! + filled, 0x0A, n).map { UnsafeRawPointer($0) - UnsafeRawPointer(b.baseAddress!) }
            }
            filled += n
            if let newline {
                return try buffer.withUnsafeBufferPointer { b in
                    let line = UnsafeBufferPointer(rebasing: b[0..<newline])
                    let parsed: ParsedRecord
                    do {
                        parsed = try RecordParser.parse(line, verifyChecksum: true)
                    } catch {
                        throw LogError(.corrupt, "record read back by location is not valid: \(error)",
                                       segment: name, byteOffset: location.byteOffset)
                    }
                    return try body(RecordView(parsed, line: line, segmentFirstSeq: location.segmentFirstSeq,
                                               byteOffset: location.byteOffset))
                }
            }
            guard n > 0 else {
                throw LogError(.corrupt, "no complete record at this location", segment: name, byteOffset: location.byteOffset)
            }
            if filled == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
        }
    }

    /// Closes every segment this fetcher opened.
    public func close() {
        lock.lock()
        defer { lock.unlock() }
        for file in files.values { try? file.close() }
        files.removeAll()
        recency.removeAll()
    }

    deinit {
        for file in files.values { try? file.close() }
    }
}
