import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The result of reading every record of a log once.
struct LogCheckResult {
    var lastSeq: UInt64 = 0
    var lastRecordedAt: Timestamp?
    var records: UInt64 = 0
    var bytes: UInt64 = 0
    /// Where the last segment's valid records end, and where its data ends (its size on disk
    /// less a running writer's padding, `SegmentPadding`).
    var lastSegmentValidEnd = 0
    var lastSegmentSize = 0
    /// The torn tail of the last segment, if any (bytes after its last valid record).
    var tornTail: BadPlace?
}

/// Reads every record of every segment: checksums, envelopes, seq continuity, segment names.
///
/// Any bad record in a sealed segment, a gap, or a bad record in the last segment followed by an
/// intact one is thrown as corruption. So is a last line that is a complete, newline-terminated
/// record whose only fault is its checksum: its write finished, so it may have been acknowledged,
/// and a damaged acknowledged record is named and left for `tslog verify --repair`, never cut. A bad stretch at the very end of the last segment with no
/// intact record after it is a torn tail: returned, not thrown, for the caller to cut or report.
/// NUL bytes at the end of the last segment are a writer's padding, not data (`SegmentPadding`):
/// the last segment is read up to its last byte that is not NUL.
enum LogCheck {
    /// Checks every record; `each`, when given, sees every valid record in seq order on the
    /// calling thread.
    static func run(_ segments: [Segment], validateJSON: Bool = false,
                    _ each: ((RecordView) throws -> Void)? = nil) throws -> LogCheckResult {
        // Every record must reach `each`: then clean sealed segments are read again (without
        // their checksums); with no `each`, their summaries suffice.
        try run(segments, validateJSON: validateJSON, extract: noExtract, inline: { try each?($0) },
                readsAgain: each != nil, apply: { _ in })
    }

    /// No values read out on the checking threads: for the record-by-record form.
    private static let noExtract: (@Sendable (RecordView) throws -> Never?)? = nil

    /// Checks every record, like `run(_:validateJSON:_:)` with `each` = `extract` then `apply`
    /// of its non-nil results, but `extract` may run on background threads, on the sealed
    /// segments checked ahead: only `apply` runs on the calling thread, in seq order, and a clean
    /// sealed segment is not read again. `extract` must depend on nothing but the record.
    static func run<Value>(_ segments: [Segment], validateJSON: Bool = false, extract: @escaping @Sendable (RecordView) throws -> Value?,
                           apply: (Value) throws -> Void) throws -> LogCheckResult {
        try run(segments, validateJSON: validateJSON, extract: extract, inline: { view in
            if let value = try extract(view) { try apply(value) }
        }, readsAgain: false, apply: apply)
    }

    /// The walk: `inline` sees the records of every segment read here. A sealed segment found
    /// clean ahead is taken from its summary (its values handed to `apply`), or, when
    /// `readsAgain`, read again without checksums so that `inline` sees its records.
    private static func run<Value>(_ segments: [Segment], validateJSON: Bool,
                                   extract: (@Sendable (RecordView) throws -> Value?)?,
                                   inline: (RecordView) throws -> Void, readsAgain: Bool,
                                   apply: (Value) throws -> Void) throws -> LogCheckResult {
        var result = LogCheckResult()
        let buffer = ChunkBuffer()
        // The sealed segments' checksums (and JSON) are checked ahead on the other cores. Worth
        // it from two sealed segments.
        let cores = Processors.usable
        let ahead = segments.count > 2 && cores > 1
            ? SealedSegmentCheck<Value>(Array(segments.dropLast()), validateJSON: validateJSON, threads: min(cores, 2),
                                        extract: extract) : nil
        defer { ahead?.stop() }
        var expected: UInt64 = 1
        for (index, segment) in segments.enumerated() {
            let isLast = index == segments.count - 1
            guard segment.firstSeq == expected else { throw LogLayout.gap(segment, expected: expected) }
            let summary = isLast ? nil : ahead?.take(index)
            if let summary, !readsAgain {
                for value in summary.values { try apply(value) }
                result.records += summary.records
                result.bytes += UInt64(summary.bytes)
                if let time = summary.lastRecordedAt { result.lastRecordedAt = time }
                expected += summary.records
                continue
            }
            let checkedAhead = summary != nil
            let file = try OwnedFile.open(segment.path, O_RDONLY)
            defer { try? file.close() }
            let walk = try SegmentWalk.run(segment, file: file, from: 0, end: isLast ? try SegmentPadding.dataEnd(of: file) : nil,
                                           expectedSeq: expected,
                                           verifyChecksums: !checkedAhead, validateJSON: validateJSON && !checkedAhead,
                                           continueAfterBad: isLast, buffer: buffer) { view in
                try inline(view)
                return true
            }
            try result.take(walk, isLast: isLast)
            result.records += walk.nextSeq - expected
            result.bytes += UInt64(walk.validEnd)
            expected = walk.nextSeq
        }
        result.lastSeq = expected - 1
        return result
    }
}

extension LogCheckResult {
    /// Takes in the walk of one segment, as `LogCheck` and `RecoveryCheck` both do: a bad place
    /// is corruption (thrown) unless it is the last segment's torn tail — no intact record after
    /// it, and not a complete line whose only fault is its checksum — which is kept in
    /// `tornTail` for the caller to cut or report. Notes the last time, and the last segment's
    /// valid end and size.
    mutating func take(_ walk: SegmentWalkResult, isLast: Bool) throws {
        if let bad = walk.bad {
            if !isLast || walk.intactAfterBad || bad.isCompleteRecordWithBadChecksum { throw bad.error(sealed: !isLast) }
            tornTail = bad
        }
        if let time = walk.lastRecordedAt { lastRecordedAt = time }
        if isLast {
            lastSegmentValidEnd = walk.validEnd
            lastSegmentSize = walk.end
        }
    }
}

extension BadPlace {
    /// A newline-terminated line with a well-formed envelope whose checksum does not match: not
    /// what an interrupted append leaves (that is a line without its newline), but damage.
    var isCompleteRecordWithBadChecksum: Bool {
        if case .checksum = defect { return true }
        return false
    }
}
