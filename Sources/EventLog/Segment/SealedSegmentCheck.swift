import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Checks a log's sealed segments ahead of `LogCheck`'s walk, on background threads: every
/// record's envelope, checksum (and JSON, when asked) and seq, one segment at a time.
///
/// Sealed segments never change, so a segment found clean here holds exactly the records a
/// checking walk would find: `LogCheck` can read it again without the checksums and JSON — the
/// costly part — while the next segments are checked here, on the other core. A segment found
/// unclean (or not checked, for any reason) is walked with every check, so an error is found,
/// placed and worded exactly as it would be without this.
final class SealedSegmentCheck: @unchecked Sendable {
    private let segments: [Segment]
    private let validateJSON: Bool
    // Guarded by `condition`:
    private let condition = NSCondition()
    private var clean: [Bool?]
    private var nextToCheck = 0
    private var cancelled = false
    private var running = 0

    /// Starts checking `segments` (sealed ones, in log order) on `threads` threads.
    init(_ segments: [Segment], validateJSON: Bool, threads: Int) {
        self.segments = segments
        self.validateJSON = validateJSON
        clean = Array(repeating: nil, count: segments.count)
        running = max(threads, 1)
        for _ in 0..<running {
            let thread = Thread { [self] in work() }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Whether segment `index` was found clean; waits for its check.
    func isClean(_ index: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while clean[index] == nil, !cancelled { condition.wait() }
        return clean[index] ?? false
    }

    /// Stops the checks not yet started and waits for the running ones to end.
    func stop() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        while running > 0 { condition.wait() }
        condition.unlock()
    }

    private func work() {
        let buffer = ChunkBuffer()
        while let index = claim() {
            let ok = check(segments[index], buffer: buffer)
            condition.lock()
            clean[index] = ok
            condition.broadcast()
            condition.unlock()
        }
        condition.lock()
        running -= 1
        condition.broadcast()
        condition.unlock()
    }

    private func claim() -> Int? {
        condition.lock()
        defer { condition.unlock() }
        guard !cancelled, nextToCheck < segments.count else { return nil }
        nextToCheck += 1
        return nextToCheck - 1
    }

    /// Every record of `segment` intact, in seq order from its first seq, up to its last byte.
    private func check(_ segment: Segment, buffer: ChunkBuffer) -> Bool {
        guard let file = try? OwnedFile.open(segment.path, O_RDONLY) else { return false }
        defer { try? file.close() }
        guard let walk = try? SegmentWalk.run(segment, file: file, from: 0, expectedSeq: segment.firstSeq,
                                              verifyChecksums: true, validateJSON: validateJSON,
                                              buffer: buffer, { _ in true }) else { return false }
        return walk.bad == nil && walk.validEnd == walk.end
    }
}
