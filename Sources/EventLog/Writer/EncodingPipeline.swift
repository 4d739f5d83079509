import Dispatch
import Foundation

/// Encodes the stored lines of one append in pieces, on background threads, so that the writer
/// can `write` one piece while the pieces after it are still being encoded and checksummed.
///
/// Copying a batch into the page cache is the largest single cost of a big append (more so on a
/// machine whose memory is fresh); overlapping it with the encoding hides most of the encoding.
/// Pieces come back in order and hold exactly the bytes `EncodedLines` makes of their records, so
/// the file is the same whatever the piece size (`ParallelPlanTests`). Small batches are encoded
/// on the calling thread, as one piece.
final class EncodingPipeline: @unchecked Sendable {
    /// Records per piece: large enough that a `write` per piece costs nothing, small enough that
    /// the first piece is ready soon.
    static let defaultPieceSize = 1024

    /// The record ranges of the pieces, in order.
    let pieces: [Range<Int>]
    private var encoded: [EncodedLines?]
    private let condition = NSCondition()
    private let running = DispatchGroup()

    /// Starts encoding `records[i]` as seq `firstSeq + i` recorded at `times[i]`.
    init(_ records: [NewRecord], firstSeq: UInt64, times: [Timestamp], pieceSize: Int = EncodingPipeline.defaultPieceSize) {
        let size = max(1, pieceSize)
        let background = records.count >= ParallelMap.minimumItems && ParallelMap.threads > 1
        pieces = background
            ? stride(from: 0, to: records.count, by: size).map { $0..<min($0 + size, records.count) }
            : [0..<records.count]
        encoded = Array(repeating: nil, count: pieces.count)
        guard background else {
            encoded[0] = EncodedLines(records, 0..<records.count, firstSeq: firstSeq, times: times)
            return
        }
        let pieces = self.pieces
        DispatchQueue.global().async(group: running) {
            // Iterations are handed out in order, so the first pieces are ready first.
            DispatchQueue.concurrentPerform(iterations: pieces.count) { k in
                let lines = EncodedLines(records, pieces[k], firstSeq: firstSeq, times: times)
                self.condition.lock()
                self.encoded[k] = lines
                self.condition.broadcast()
                self.condition.unlock()
            }
        }
    }

    /// Piece `k`'s lines, once encoded; each piece is taken once.
    func take(_ k: Int) -> EncodedLines {
        condition.lock()
        defer { condition.unlock() }
        while encoded[k] == nil { condition.wait() }
        guard let lines = encoded[k].take() else { preconditionFailure("piece \(k) taken twice") }
        return lines
    }

    /// Waits until no background work is left (before an error unwinds past the records).
    func finish() {
        running.wait()
    }
}
