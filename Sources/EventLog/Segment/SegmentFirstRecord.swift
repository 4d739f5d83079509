#if canImport(Glibc)
import Glibc
#endif

extension Segment {
    /// The seq of the record on the segment's first line (checksum verified); nil when the file
    /// cannot be read or that line is not an intact record. Read only to explain a segment whose
    /// name does not fit the seq chain: a renamed file still holds its records, and the error
    /// then says so instead of only announcing seqs that are not missing.
    func firstRecordSeq() -> UInt64? {
        guard let file = try? OwnedFile.open(path, O_RDONLY) else { return nil }
        defer { try? file.close() }
        var seq: UInt64?
        _ = try? LineReader.forEachLine(file, from: 0, buffer: ChunkBuffer()) { line, _ in
            seq = try? RecordParser.parse(line, verifyChecksum: true).seq
            return false
        }
        return seq
    }

    /// What the segment's first record adds to an error about where its name places it
    /// (`expected` is the seq that belongs there): "" when the record agrees with the name or
    /// cannot be read. A first record at `expected` means the file was renamed and no record
    /// is missing (`tslog verify --repair` names it back).
    func misnamedNote(expected: UInt64) -> String {
        guard let first = firstRecordSeq(), first != firstSeq else { return "" }
        return first == expected
            ? "; its first record is seq \(first), which is the seq expected there: the file was renamed and no record is missing"
            : "; its first record is seq \(first), not the seq its name says"
    }
}
