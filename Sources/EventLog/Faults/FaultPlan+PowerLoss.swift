#if canImport(Glibc)
import Glibc
#endif

extension FaultPlan {
    /// How `losePower` treated one file.
    package struct Loss: CustomStringConvertible {
        package var path: String
        /// Bytes written but not durable at the cut, and how many of them were kept.
        package var undurable: Int
        package var kept: Int
        /// Bytes at the end of the kept part overwritten (zeros or garbage): a torn sector.
        package var torn: Int
        /// The file's name was not durable and was dropped with all its bytes.
        package var nameLost: Bool

        package var description: String {
            nameLost ? "\(path): name lost" : "\(path): kept \(kept) of \(undurable) undurable bytes, last \(torn) torn"
        }
    }

    /// Simulates a power cut after the writer died: every byte written since the file's last
    /// successful fsync may be lost. For each such file a seeded choice keeps a prefix of those
    /// bytes (none, some or all), and may overwrite the end of the kept part with zeros or
    /// garbage (a sector half written); a file whose name was never made durable may vanish.
    /// Durable bytes are never touched. `random(n)` returns a seeded value in `0..<n`.
    ///
    /// The model is the one recovery is built for: what survives of unsynced data is a prefix
    /// (possibly torn at its end), not later bytes with holes before them. Bytes written over a
    /// segment's padding (below its durable size) that are not kept turn back into the zeros
    /// they overwrote; zeros written to extend the padding count as data (kept as a prefix, or
    /// lost with the size they added).
    package func losePower(random: (Int) -> Int) throws -> [Loss] {
        var losses: [Loss] = []
        for path in written.keys.sorted() {
            let size = written[path] ?? 0
            let safe = durable[path] ?? 0
            let from = min(dirtyFrom[path] ?? safe, safe)
            if undurableNames.contains(path), random(3) == 0 {
                _ = system_unlink(path)
                losses.append(Loss(path: path, undurable: size, kept: 0, torn: 0, nameLost: true))
                continue
            }
            guard size > from else { continue }
            let undurable = size - from
            let kept: Int
            switch random(4) {
            case 0: kept = 0
            case 1: kept = undurable
            default: kept = random(undurable + 1)
            }
            var torn = 0
            if kept > 0, random(2) == 0 { torn = 1 + random(min(kept, 512)) }
            let fd = try FileDescriptor.open(path, O_RDWR)
            defer { try? fd.close() }
            try fd.truncate(to: max(safe, from + kept))
            if from + kept < safe {
                // Lost writes over the padding: the zeros they overwrote are what the disk holds.
                try [UInt8](repeating: 0, count: safe - from - kept).withUnsafeBytes { try fd.writeAll($0, at: from + kept) }
            }
            if torn > 0 {
                let zeros = random(2) == 0
                let bytes = (0..<torn).map { _ in zeros ? UInt8(0) : UInt8(truncatingIfNeeded: random(256)) }
                try bytes.withUnsafeBytes { try fd.writeAll($0, at: from + kept - torn) }
            }
            losses.append(Loss(path: path, undurable: undurable, kept: kept, torn: torn, nameLost: false))
        }
        written.removeAll()
        durable.removeAll()
        dirtyFrom.removeAll()
        undurableNames.removeAll()
        return losses
    }
}
