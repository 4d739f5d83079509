import Foundation
import SampleDomain
import Testing

/// Hostile JSON given to `tslog append` and `tslog import --format json` (the built binary):
/// every bad line is refused naming its line (and its field when one is to blame), the run exits
/// 1 and changes nothing — not even a log directory that did not exist —, nothing crashes or
/// hangs, and no key or value reaches the terminal with its control characters. Then a seeded
/// fuzz run mutates valid lines: the all-or-nothing run refuses exactly the lines the
/// `--skip-invalid` run skips, and that run keeps every other one.
@Suite("hostile JSON input")
struct HostileJSONInputTests {
    static let sample = "00000000-0000-4000-8000-000000000001"
    static let good = #"{"type":"sample.submitted","sample_id":"\#(sample)","occurred_at":"2026-11-25T12:00:00Z","image_url":"u","image_path":"p","label":"mint","label_type":"grade"}"#

    /// `good` with `"mint"` replaced by `value` (raw bytes).
    static func label(_ value: [UInt8]) -> [UInt8] { replace(Array(good.utf8), #""mint""#, [0x22] + value + [0x22]) }
    /// `good` with `text` added after the label.
    static func extra(_ text: String) -> [UInt8] { replace(Array(good.utf8), #""label":"mint""#, Array((#""label":"mint","# + text).utf8)) }

    static func replace(_ bytes: [UInt8], _ old: String, _ new: [UInt8]) -> [UInt8] {
        let o = Array(old.utf8)
        guard let at = (0...(bytes.count - o.count)).first(where: { Array(bytes[$0..<($0 + o.count)]) == o }) else { return bytes }
        return Array(bytes[..<at]) + new + Array(bytes[(at + o.count)...])
    }

    /// Lines that must be refused, and what the refusal names after `line N: `.
    static let refused: [(bytes: [UInt8], names: String)] = [
        (label([0x6D, 0xC0, 0xAF]), "malformed JSON at byte"),                       // overlong '/'
        (label([0x6D, 0xC0, 0x80]), "malformed JSON at byte"),                       // overlong NUL
        (label([0x6D, 0xED, 0xA0, 0x80]), "malformed JSON at byte"),                 // UTF-16 surrogate as UTF-8
        (label([0x6D, 0xF4, 0x90, 0x80, 0x80]), "malformed JSON at byte"),           // above U+10FFFF
        (label([0x6D, 0x00]), "malformed JSON at byte"),                             // raw NUL
        (label([0x6D, 0x09]), "malformed JSON at byte"),                             // raw tab
        (label(Array(#"m\ud800"#.utf8)), "malformed JSON at byte"),                  // lone surrogate
        (label(Array(#"m\udc00\ud800"#.utf8)), "malformed JSON at byte"),            // reversed pair
        (label(Array(#"m\u0000"#.utf8)), "field 'label': must not contain control characters"),
        (label(Array(#"m\u001b[31m"#.utf8)), "field 'label': must not contain control characters"),
        (extra(#""label":"poor""#), "field 'label': appears twice"),
        (extra(#""image_width":1e400"#), "field 'image_width': expected an integer"),
        (extra(#""image_width":3.0"#), "field 'image_width': expected an integer"),
        (extra(#""image_width":99999999999999999999"#), "field 'image_width': must be at most"),
        (extra(#""crop_data":{"x":1e400,"y":0,"width":1,"height":1}"#), "field 'crop_data.x': number out of range"),
        (extra(#""crop_data":{"x":1,"x":2,"y":0,"width":1,"height":1}"#), "field 'crop_data.x': appears twice"),
        (extra(#""expect_last_seq":0.5"#), "field 'expect_last_seq': expected an integer"),
        (extra(#""event_id":7"#), "field 'event_id': expected a string"),
        (Array(good.replacingOccurrences(of: "\"\(sample)\"", with: "1.0").utf8), "field 'sample_id': expected a UUID"),
        (Array((good + " x").utf8), "malformed JSON at byte"),                        // trailing garbage
        (Array((good + good).utf8), "malformed JSON at byte"),                        // two objects
        (Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8), "malformed JSON at byte 0"),
        (Array((String(repeating: #"{"a":"#, count: 50_000) + "1" + String(repeating: "}", count: 50_000)).utf8), "malformed JSON at byte"),
        (extra(#""\u006c\u0000\u001b[2J":1"#), #"field 'l\u{0}\u{1b}[2J': unknown field"#),  // a key that drives a terminal, shown escaped
        (extra(#""\u202eevil":1"#), #"field '\u{202e}evil': unknown field"#),         // right-to-left override, shown escaped
        (label(Array(repeating: 0x78, count: 2_000_000)), "line is longer than"),    // one 2 MB line
    ]

    /// Lines that are valid and must be stored as the values they mean.
    static let accepted: [(bytes: [UInt8], stored: String)] = [
        (Array(good.utf8), #""label":"mint""#),
        (replace(Array(good.utf8), sample, Array(sample.replacingOccurrences(of: "001", with: "00A").utf8)), #""sample_id":"00000000-0000-4000-8000-00000000000a""#),
        (replace(extra(#""image_width":-0"#), "0001", Array("0002".utf8)), #""image_width":0"#),
        (replace(extra(#""crop_data":{"x":-0,"y":1e-400,"width":1E2,"height":0.5}"#), "0001", Array("0003".utf8)), #""crop_data":{"x":0,"y":0,"width":100,"height":0.5}"#),
        (replace(label(Array(#"m\ud83d\ude00 \u00e9"#.utf8)), "0001", Array("0004".utf8)), #""label":"m😀 é""#),
        (replace(label(Array("\u{202E}abc".utf8)), "0001", Array("0005".utf8)), "\"label\":\"\u{202E}abc\""),
        (replace(Array(good.replacingOccurrences(of: #""label""#, with: #""\u006cabel""#).utf8), "0001", Array("0006".utf8)), #""label":"mint""#),
        ([0xEF, 0xBB, 0xBF], ""),  // a byte order mark on the first line only (joined with the next below)
    ]

    @Test func eachHostileLineIsRefusedNamingItsLineAndNothingIsMade() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let input = Self.refused.map(\.bytes).joined(separator: [0x0A]) + [0x0A]
        let run = try tool.run(["append", "--log", log], stdin: Array(input), timeout: 60)
        #expect(run.status == 1)
        #expect(!FileManager.default.fileExists(atPath: log), "a refused append makes no log directory")
        let messages = run.stderrText.split(separator: "\n").map(String.init)
        for (n, case_) in Self.refused.enumerated() {
            let prefix = "line \(n + 1): "
            let message = messages.first { $0.hasPrefix(prefix) } ?? "(none)"
            #expect(message.hasPrefix(prefix + case_.names), "line \(n + 1): \(message)")
        }
        #expect(messages.last == "Error: nothing appended: \(Self.refused.count) of \(Self.refused.count) lines refused (use --skip-invalid to append the valid ones)")
        #expect(!run.stderr.contains(0x1B) && !run.stderr.contains(0x00), "no raw ESC or NUL on the terminal")
        #expect(!run.stderrText.unicodeScalars.contains("\u{202E}"), "no raw bidi override on the terminal")

        // An existing log is left byte for byte as it was.
        #expect(try tool.run(["append", "--log", log], stdin: Array((Self.good + "\n").utf8)).status == 0)
        let before = try snapshot(log)
        #expect(try tool.run(["append", "--log", log], stdin: Array(input)).status == 1)
        #expect(try snapshot(log) == before)

        // The same rows through import (as JSON Lines rows): each refused row named, nothing made.
        let fresh = dir.appendingPathComponent("fresh").path
        let rows = dir.appendingPathComponent("rows.jsonl")
        let rowBytes = Self.refused.prefix(19).map { Self.asRow($0.bytes) }.joined(separator: [0x0A]) + [0x0A]
        try Data(rowBytes).write(to: rows)
        let imported = try tool.run(["import", rows.path, "--format", "json", "--log", fresh])
        #expect(imported.status == 1)
        #expect(!FileManager.default.fileExists(atPath: fresh))
        #expect(!imported.stderr.contains(0x1B) && !imported.stderr.contains(0x00))
        // (Row 17 is valid as a row: import ignores the columns it does not know, expect_last_seq too.)
        for n in Array(1...16) + [18, 19] {
            #expect(imported.stderrText.contains("\nline \(n): ") || imported.stderrText.hasPrefix("line \(n): "), "row \(n): \(imported.stderrText)")
        }
        // Two objects on one line are named as such, not read as two rows of that line.
        try Data((String(decoding: Self.asRow(Array(Self.good.utf8)), as: UTF8.self) + String(decoding: Self.asRow(Self.accepted[1].bytes), as: UTF8.self) + "\n").utf8).write(to: rows)
        let two = try tool.run(["import", rows.path, "--format", "json", "--log", fresh])
        #expect(two.status == 1 && two.stderrText.contains("line 1: a second JSON object on the line"), "\(two.stderrText)")
    }

    @Test func validEdgeLinesAreStoredAsTheValuesTheyMean() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let lines = Self.accepted.dropLast().map(\.bytes)
        let input = [0xEF, 0xBB, 0xBF] + lines.joined(separator: [0x0A]) + [0x0A]
        let run = try tool.run(["append", "--log", log], stdin: Array(input))
        #expect(run.status == 0, "\(run.stderrText)")
        let stored = try tool.run(["log", "--format", "json", "--log", log]).stdoutText.split(separator: "\n")
        #expect(stored.count == lines.count)
        for (n, case_) in Self.accepted.dropLast().enumerated() where n < stored.count {
            #expect(stored[n].contains(case_.stored), "line \(n + 1): \(stored[n])")
        }
        #expect(try tool.run(["verify", "--log", log]).status == 0)
    }

    /// A seeded fuzz run: valid lines mutated byte-wise (flips, nasty insertions, cuts, repeats).
    /// The all-or-nothing append refuses exactly the lines the `--skip-invalid` run skips and
    /// changes nothing; the skip run keeps every other line; nothing crashes or hangs.
    @Test(arguments: [UInt64(1), 2])
    func mutatedLinesAreRefusedOrKeptConsistently(seed: UInt64) throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        let nasty: [[UInt8]] = ["\"", "\\", "{", "}", "[", "]", ",", ":", "\\u0000", "\\ud800", "\\u202e", "1e400", "-0", "0.5", "null",
                                "true", "\"label\":\"x\",", "\u{0}", "\u{1B}"].map { Array($0.utf8) }
            + [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xFF], [0xEF, 0xBB, 0xBF], Array(repeating: 0x5B, count: 40)]
        var lines: [[UInt8]] = []
        for n in 0..<600 {
            let id = String(format: "00000000-0000-4000-8000-%012x", n + 1)
            var line = Array(Self.good.replacingOccurrences(of: Self.sample, with: id).utf8)
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let at = Int(rng.next() % UInt64(line.count))
                switch rng.next() % 5 {
                case 0: line[at] ^= UInt8(1 << (rng.next() % 8))
                case 1: line.insert(contentsOf: pick(nasty), at: at)
                case 2: line.removeSubrange(at..<min(line.count, at + 1 + Int(rng.next() % 8)))
                case 3: line.insert(contentsOf: line[at..<min(line.count, at + 12)], at: at)
                default: break  // left valid
                }
                if line.isEmpty { line = [0x7B] }
            }
            lines.append(line.filter { $0 != 0x0A })
        }
        let input = Array(lines.joined(separator: [0x0A]) + [0x0A])

        let strict = dir.appendingPathComponent("strict").path
        let all = try tool.run(["append", "--log", strict], stdin: input, timeout: 20)
        let skipping = dir.appendingPathComponent("skip").path
        let some = try tool.run(["append", "--log", skipping, "--skip-invalid"], stdin: input, timeout: 20)
        #expect(some.status == 0, "\(some.stderrText.prefix(2000))")
        let skipped = Set(some.stderrText.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("skipped line ") else { return nil }
            return Int(line.dropFirst("skipped line ".count).prefix { $0.isNumber })
        })
        let refused = Set(all.stderrText.split(separator: "\n").compactMap { line -> Int? in
            guard line.hasPrefix("line ") else { return nil }
            return Int(line.dropFirst("line ".count).prefix { $0.isNumber })
        })
        #expect(!skipped.isEmpty && skipped.count < lines.count, "the mutations make some lines bad and leave some good")
        #expect(refused == skipped)
        #expect(all.status == 1 && !FileManager.default.fileExists(atPath: strict))
        #expect(!all.stderr.contains(0x1B) && !all.stderr.contains(0x00))
        let kept = try tool.run(["log", "--format", "json", "--log", skipping]).stdoutText.split(separator: "\n").count
        #expect(some.stdoutText.hasPrefix("appended \(kept) event"), "\(some.stdoutText)")
        #expect(kept + skipped.count + (Int(some.stdoutText.split(separator: ",")[1].split(separator: " ")[0]) ?? -1) == lines.count,
                "every line is kept, skipped or a duplicate: \(some.stdoutText)")
        #expect(try tool.run(["verify", "--log", skipping]).status == 0)
    }

    /// An append line as an import row: `sample_id` → `id`, `occurred_at` → `created_at`, no type.
    static func asRow(_ line: [UInt8]) -> [UInt8] {
        var row = replace(line, #""type":"sample.submitted","#, [])
        row = replace(row, #""sample_id""#, Array(#""id""#.utf8))
        return replace(row, #""occurred_at""#, Array(#""created_at""#.utf8))
    }

    func snapshot(_ directory: String) throws -> [String: Data] {
        var out: [String: Data] = [:]
        let root = URL(fileURLWithPath: directory)
        for case let url as URL in FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) ?? .init() {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue {
                out[url.path] = try Data(contentsOf: url)
            }
        }
        return out
    }
}
