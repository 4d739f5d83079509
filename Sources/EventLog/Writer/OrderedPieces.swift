import Dispatch
import Foundation

/// Work on contiguous pieces of `0..<count`, done on background threads and handed to the caller
/// piece by piece, in order, as each is ready: the caller works on piece k (writing it, or
/// checking it against the pieces before it) while later pieces are still being made.
///
/// For the two halves of a big append that are per item on one side and in order on the other:
/// reading input lines (per line) before the checks that depend on earlier lines, and encoding
/// record lines (per record) before writing them. With two cores, the in-order work then costs
/// little more than the time of the per-item work. Small counts, and machines with one core, are
/// made on the calling thread as one piece.
package final class OrderedPieces<Piece: Sendable>: @unchecked Sendable {
    /// The item ranges of the pieces, in order; they cover `0..<count` without gaps.
    package let ranges: [Range<Int>]
    // Each slot written once by a maker thread, under `condition`; taken once by the caller.
    private var made: [Piece?]
    private let condition = NSCondition()
    private let running = DispatchGroup()

    /// Starts making the pieces of `0..<count`, `pieceSize` items each (the last may be shorter).
    package init(count: Int, pieceSize: Int, _ make: @escaping @Sendable (Range<Int>) -> Piece) {
        let size = max(1, pieceSize)
        let background = count >= ParallelMap.minimumItems && ParallelMap.threads > 1
        ranges = background
            ? stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
            : [0..<count]
        made = Array(repeating: nil, count: ranges.count)
        guard background else {
            made[0] = make(0..<count)
            return
        }
        let ranges = self.ranges
        DispatchQueue.global().async(group: running) {
            // Iterations are handed out in order, so the first pieces are ready first.
            DispatchQueue.concurrentPerform(iterations: ranges.count) { k in
                let piece = make(ranges[k])
                self.condition.lock()
                self.made[k] = piece
                self.condition.broadcast()
                self.condition.unlock()
            }
        }
    }

    /// Piece `k`, once made; each piece is taken once.
    package func take(_ k: Int) -> Piece {
        condition.lock()
        defer { condition.unlock() }
        while made[k] == nil { condition.wait() }
        guard let piece = made[k].take() else { preconditionFailure("piece \(k) taken twice") }
        return piece
    }

    /// Waits until no background work is left: call it (in a `defer`) before anything the
    /// makers read can go away, an error unwinding included.
    package func finish() {
        running.wait()
    }
}
