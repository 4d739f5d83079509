
/// One segment file: `<20-digit first seq>.jsonl` directly in the log directory.
struct Segment: Sendable, Equatable {
    let firstSeq: UInt64
    let directory: String

    var name: String { Segment.name(firstSeq: firstSeq) }
    var path: String { directory + "/" + name }

    /// `00000000000000000001.jsonl` for 1.
    static func name(firstSeq: UInt64) -> String {
        let digits = String(firstSeq)
        return String(repeating: "0", count: max(0, 20 - digits.count)) + digits + ".jsonl"
    }

    /// The first seq a segment file name stands for; nil for any other name.
    static func firstSeq(ofName name: String) -> UInt64? {
        let u = Array(name.utf8)
        guard u.count == 26, name.hasSuffix(".jsonl"), u[0..<20].allSatisfy({ $0 &- 48 < 10 }),
              let value = UInt64(String(decoding: u[0..<20], as: UTF8.self)), value > 0 else { return nil }
        return value
    }
}

/// Lists and names the files of a log directory.
enum SegmentDirectory {
    /// The segments of `directory`, by first seq. Refuses names that look like segments but are
    /// not (`1.jsonl`, `00000000000000000001.jsonl.tmp`, a zero seq): they mean someone else wrote
    /// here, or a segment was renamed, and guessing would risk losing records.
    /// Other files (`LOCK`, `index/`, notes) are ignored, and so are dotfiles and editors' swap
    /// and backup files even when they name a segment (`.00000000000000000001.jsonl.swp`,
    /// `00000000000000000001.jsonl~`): see `isIgnorable`; `ignoredNames` lists them for a warning.
    static func list(_ directory: String) throws -> [Segment] {
        let names = try names(directory)
        if names.contains("repair"), RepairPlan.exists(RepairPlan.path(directory)) {
            throw LogError(.corrupt, "a repair of \(directory) was interrupted (\(RepairPlan.path(directory)) is there): run 'tslog verify --repair' to finish it; until then the log is neither read nor written",
                           path: RepairPlan.path(directory))
        }
        var segments: [Segment] = []
        for name in names {
            if let seq = Segment.firstSeq(ofName: name) {
                segments.append(Segment(firstSeq: seq, directory: directory))
            } else if isIgnorable(name) {
                continue
            } else if looksLikeSegment(name) {
                throw LogError(.notALog, "stray file \(name) in log directory \(directory) looks like a segment but is not named <20-digit first seq>.jsonl; move it away",
                               segment: name, path: directory + "/" + name)
            }
        }
        segments.sort { $0.firstSeq < $1.firstSeq }
        if let first = segments.first, first.firstSeq != 1 {
            throw LogError(.gap, "the first segment of \(directory) starts at seq \(first.firstSeq), not 1"
                               + first.misnamedNote(expected: 1), segment: first.name, seq: 1)
        }
        return segments
    }

    /// The refusal of a log path that names a file (readers and writers say the same).
    static func notADirectory(_ directory: String) -> LogError {
        LogError(.notALog, "no log at \(directory): it is a file, not a directory", path: directory)
    }

    /// The names in `directory`; a missing directory or a file is "no log at …".
    static func names(_ directory: String) throws -> [String] {
        let status: FileStatus?
        do { status = try PathOps.statusFollowingLinks(directory) } catch {
            throw LogError(.notALog, "cannot inspect log directory \(directory): \(error.errno)", path: directory)
        }
        guard let status else {
            throw LogError(.notALog, "no log at \(directory): the directory does not exist", path: directory)
        }
        guard status.kind == .directory else { throw notADirectory(directory) }
        do { return try Directory.entries(directory) } catch {
            throw LogError(.notALog, "cannot list log directory \(directory): \(error.errno.message)", path: directory)
        }
    }

    /// Files that are never log files whatever they resemble: dotfiles (editors' swap files
    /// `.NAME.swp`, tslog's own temporaries `.NAME.tmp-…`), editors' swap files (vim's
    /// `NAME.swp`/`.swo`/`.swx`, emacs's `#NAME#`) and backup copies (`NAME~` of vim and emacs,
    /// `NAME.bak`, `NAME.orig`). Any other look-alike (`7.jsonl`, `….jsonl.tmp`) still stops the
    /// log: it may be a renamed segment (`RepairTests.aGarbageLookAlikeFileIsNamedAndMovedAside`).
    static func isIgnorable(_ name: String) -> Bool {
        if name.hasPrefix(".") || name.hasSuffix("~") || (name.hasPrefix("#") && name.hasSuffix("#")) { return true }
        return [".swp", ".swo", ".swx", ".bak", ".orig"].contains { name.hasSuffix($0) }
    }

    /// The ignorable names in `directory` that resemble segments (for a warning: someone edited
    /// or copied a segment here); empty when it cannot be listed.
    static func ignoredNames(_ directory: String) -> [String] {
        ((try? Directory.entries(directory)) ?? []).filter { isIgnorable($0) && looksLikeSegment($0) }.sorted()
    }

    /// Refuses a directory that holds files but is not a tslog log — no segment and no `LOCK`
    /// (the writer makes `LOCK` before anything else) — so `verify` does not call it ok and a
    /// write does not turn it into a log. A missing or empty directory is fine (a new log).
    static func requireLogOrEmpty(_ directory: String) throws {
        guard (try? PathOps.statusFollowingLinks(directory)) != nil else { return }
        let names = try names(directory)
        if names.contains("LOCK") || names.contains(where: { Segment.firstSeq(ofName: $0) != nil }) { return }
        guard let other = names.filter({ !isIgnorable($0) }).sorted().first else { return }
        throw LogError(.notALog, "\(directory) holds files (such as '\(other)') but is not a tslog log (no segment, no LOCK); name a log or a new or empty directory",
                       path: directory)
    }

    static func looksLikeSegment(_ name: String) -> Bool {
        if name.hasSuffix(".jsonl") || name.contains(".jsonl.") { return true }
        let prefix = name.utf8.prefix(while: { $0 &- 48 < 10 })
        return prefix.count == 20
    }

    static func indexDirectory(_ directory: String) -> String { directory + "/index" }
}
