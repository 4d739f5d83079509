import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Work on contiguous pieces of `0..<count`, made on background threads and handed to the caller
/// piece by piece, in order, as each is ready: the caller works on piece k (writing it, or
/// checking it against the pieces before it) while later pieces are still being made.
///
/// For the two halves of a big append that are per item on one side and in order on the other:
/// reading input lines (per line) before the checks that depend on earlier lines, and encoding
/// record lines (per record) before writing them. With two cores, the in-order work then costs
/// little more than the time of the per-item work. Small counts, and machines with one core, are
/// made on the calling thread as one piece.
///
/// Pieces are claimed in order, by the helper threads and by the caller alike: a caller that
/// asks for a piece no helper has started makes it itself. So the caller never waits on a
/// helper that has not started (a busy thread pool delays the work, never deadlocks it), and
/// nothing needs to be awaited before the caller returns or throws: `make` holds its own
/// references to what it reads, and a helper that starts late finds nothing left to claim.
package final class OrderedPieces<Piece: Sendable>: @unchecked Sendable {
    /// Below this many items a helper thread costs more than it saves.
    package static var minimumItems: Int { 256 }

    /// Helper threads: one per core, at most two (the append's other half runs on the caller).
    package static var helpers: Int { OrderedPiecesCores.helpers }

    /// The item ranges of the pieces, in order; they cover `0..<count` without gaps.
    package let ranges: [Range<Int>]
    private let make: @Sendable (Range<Int>) -> Piece
    // Guarded by `condition`: each slot is written once by whoever claimed its piece and taken
    // once by the caller; `claimed` pieces are those some thread has started.
    private var made: [Piece?]
    private var claimed = 0
    /// Nil when no helper runs (a small count, one core): the one piece is made by `take`, with
    /// no lock to make and destroy on every small append or validation.
    private let condition: NSCondition?

    /// Starts making the pieces of `0..<count`, `pieceSize` items each (the last may be shorter).
    package init(count: Int, pieceSize: Int, _ make: @escaping @Sendable (Range<Int>) -> Piece) {
        let size = max(1, pieceSize)
        let background = count >= Self.minimumItems && Self.helpers > 1
        ranges = background
            ? stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
            : [0..<count]
        self.make = make
        made = Array(repeating: nil, count: ranges.count)
        condition = background ? NSCondition() : nil
        guard background else { return }
        for _ in 0..<Self.helpers {
            DispatchQueue.global().async { self.help() }
        }
    }

    /// A helper thread's loop: make the next unclaimed piece until none is left.
    private func help() {
        while let k = claimNext() {
            store(k, make(ranges[k]))
        }
    }

    private func claimNext() -> Int? {
        guard let condition else { return nil }
        condition.lock()
        defer { condition.unlock() }
        guard claimed < ranges.count else { return nil }
        claimed += 1
        return claimed - 1
    }

    private func store(_ k: Int, _ piece: Piece) {
        guard let condition else { return }
        condition.lock()
        made[k] = piece
        condition.broadcast()
        condition.unlock()
    }

    /// Piece `k`, once made (by a helper, or here when no helper has claimed it yet); each
    /// piece is taken once.
    package func take(_ k: Int) -> Piece {
        guard let condition else {
            // No helper: every piece is made here, when taken (there is one: `ranges`).
            precondition(claimed == k, "piece \(k) taken out of order or twice")
            claimed += 1
            return make(ranges[k])
        }
        condition.lock()
        while made[k] == nil {
            if claimed <= k {
                // Not started: make the next unclaimed piece here; claims go in order, so piece
                // k is made by this loop or is under way elsewhere within a few turns.
                let j = claimed
                claimed += 1
                condition.unlock()
                let piece = make(ranges[j])
                condition.lock()
                made[j] = piece
                condition.broadcast()
            } else {
                condition.wait()
            }
        }
        guard let piece = made[k].take() else { preconditionFailure("piece \(k) taken twice") }
        condition.unlock()
        return piece
    }
}

/// The machine's cores, asked once (a generic class cannot hold a stored static).
private enum OrderedPiecesCores {
    static let helpers: Int = {
        #if canImport(Glibc)
        return min(2, max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))))
        #else
        return 1
        #endif
    }()
}
