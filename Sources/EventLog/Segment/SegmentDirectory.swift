import Foundation

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
    /// Other files (`LOCK`, `index/`, notes) are ignored.
    static func list(_ directory: String) throws -> [Segment] {
        let names: [String]
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw LogError(.notALog, "no log at \(directory): the directory does not exist", path: directory)
        }
        guard isDirectory.boolValue else {
            throw LogError(.notALog, "no log at \(directory): it is a file, not a directory", path: directory)
        }
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory)
        } catch {
            throw LogError(.notALog, "cannot list log directory \(directory): \(error.localizedDescription)", path: directory)
        }
        var segments: [Segment] = []
        for name in names {
            if let seq = Segment.firstSeq(ofName: name) {
                segments.append(Segment(firstSeq: seq, directory: directory))
            } else if looksLikeSegment(name) {
                throw LogError(.notALog, "stray file \(name) in log directory \(directory) looks like a segment but is not named <20-digit first seq>.jsonl; move it away",
                               segment: name, path: directory + "/" + name)
            }
        }
        segments.sort { $0.firstSeq < $1.firstSeq }
        if let first = segments.first, first.firstSeq != 1 {
            throw LogError(.gap, "the first segment of \(directory) starts at seq \(first.firstSeq), not 1", segment: first.name, seq: 1)
        }
        return segments
    }

    static func looksLikeSegment(_ name: String) -> Bool {
        if name.hasSuffix(".jsonl") || name.contains(".jsonl.") { return true }
        let prefix = name.utf8.prefix(while: { $0 &- 48 < 10 })
        return prefix.count == 20
    }

    static func indexDirectory(_ directory: String) -> String { directory + "/index" }
}
