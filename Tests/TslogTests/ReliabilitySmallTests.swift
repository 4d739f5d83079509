import EventLog
import Foundation
import Projections
import SampleDomain
import TestSupport
import Testing

/// Issue 17 item 8, the smaller findings, each through the built binary.
@Suite("Smaller reliability findings")
struct ReliabilitySmallTests {
    /// `--as-of T` means at or before T: a finer-than-microsecond T is cut, never rounded up into
    /// the next microsecond (where a record recorded after T would be taken in).
    @Test func aRequestedTimeIsNeverRoundedUp() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("L").path
        let writer = try LogWriter.open(directory: log)
        for text in ["2026-11-25T12:00:00.000000Z", "2026-11-25T12:00:00.999999Z", "2026-11-25T12:00:01.000000Z"] {
            _ = try writer.append([NewRecord(type: "t", schemaVersion: 1, payload: Array("{}".utf8),
                                             recordedAt: Timestamp(rfc3339: text))])
        }
        try writer.close()
        for (asOf, expected) in [("2026-11-25T12:00:00.9999995Z", 2), ("2026-11-25T12:00:00.999999999Z", 2),
                                 ("2026-11-25T12:00:00.9999994Z", 2), ("2026-11-25T12:00:01Z", 3),
                                 ("2026-11-25T12:00:00.0000005Z", 1)] {
            let copy = dir.appendingPathComponent("copy-\(asOf)").path
            let r = try tool.run(["replay", "--log", log, "--into", copy, "--as-of", asOf])
            #expect(r.status == 0, "\(r.stderrText)")
            #expect(r.stdoutText == "replayed \(expected) event\(expected == 1 ? "" : "s") (seq 1-\(expected)) into \(copy); verified\n", "--as-of \(asOf)")
        }
    }

    /// C1 controls (CSI U+009B) and bidirectional overrides (U+202E) in stored values reach the
    /// terminal escaped in `log` and `history` tables, never raw.
    @Test func controlAndBidiCharactersAreEscapedInTerminalOutput() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("L").path
        let id = "00000000-0000-4000-8000-000000000001"
        let line = #"{"type":"sample.submitted","sample_id":"\#(id)","image_url":"https://x.example/a.jpg","image_path":"a31mb.jpg","label":"ok‮evil⁦","label_type":"grade"}"#
        let appended = try tool.run(["append", "--log", log], stdin: Array((line + "\n").utf8))
        try #require(appended.status == 0, "\(appended.stderrText)")
        let unsafe: Set<UInt32> = [0x9B, 0x85, 0x202E, 0x2066]
        for words in [["log", "--log", log], ["history", "--log", log, id]] {
            let r = try tool.run(words)
            #expect(r.status == 0, "\(r.stderrText)")
            #expect(!r.stdoutText.unicodeScalars.contains { unsafe.contains($0.value) }, "\(words[0]) printed a control raw")
            #expect(r.stdoutText.contains("202e") && r.stdoutText.contains("9b"), "\(words[0]): \(r.stdoutText)")
        }
    }

    /// `images check` lists stored URLs, failure reasons and labels: escaped as in every table
    /// (it printed them raw, so a URL could recolour or clear the terminal).
    @Test func imagesCheckShowsStoredValuesEscaped() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("L").path
        let (a, b, c) = ("00000000-0000-4000-8000-00000000000a", "00000000-0000-4000-8000-00000000000b", "00000000-0000-4000-8000-00000000000c")
        let sha = "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"  // SHA-256 of "x"
        let lines = [
            #"{"type":"sample.submitted","sample_id":"\#(a)","image_url":"https://x.example/\u001b[2Ja.jpg","image_path":"a.jpg","label":"ok","label_type":"grade"}"#,
            #"{"type":"image.fetch_failed","sample_id":"\#(a)","url":"https://x.example/\u001b[2Ja.jpg","reason":"HTTP 404 \u009b31m\u001b]0;t\u0007"}"#,
            #"{"type":"sample.submitted","sample_id":"\#(b)","image_url":"https://x.example/\u202eb.jpg","image_path":"b.jpg","label":"x\u202e1","label_type":"grade"}"#,
            #"{"type":"sample.submitted","sample_id":"\#(c)","image_url":"https://x.example/c.jpg","image_path":"c.jpg","label":"y","label_type":"grade"}"#,
            #"{"type":"image.fetched","sample_id":"\#(b)","url":"https://x.example/\u202eb.jpg","sha256":"\#(sha)","bytes":1,"format":"png","width":1,"height":1}"#,
            #"{"type":"image.fetched","sample_id":"\#(c)","url":"https://x.example/c.jpg","sha256":"\#(sha)","bytes":1,"format":"png","width":1,"height":1}"#,
        ]
        let appended = try tool.run(["append", "--log", log], stdin: Array((lines.joined(separator: "\n") + "\n").utf8))
        try #require(appended.status == 0, "\(appended.stderrText)")
        // The blob b and c share, so that they are a label conflict.
        try FileManager.default.createDirectory(atPath: log + "/images/sha256/2d", withIntermediateDirectories: true)
        #expect(FileManager.default.createFile(atPath: log + "/images/sha256/2d/" + sha, contents: Data("x".utf8)))
        let r = try tool.run(["images", "check", "--log", log])
        #expect(r.status == 1, "\(r.stderrText)")
        #expect(!r.stdoutText.unicodeScalars.contains { $0 != "\n" && TerminalText.isUnsafe($0) }, "printed a control raw: \(r.stdoutText)")
        #expect(r.stdoutText.contains(#"failed     \#(a)  HTTP 404 \u{9b}31m\u{1b}]0;t\u{7}  https://x.example/\u{1b}[2Ja.jpg"#), "\(r.stdoutText)")
        #expect(r.stdoutText.contains(#"labels: x\u{202e}1, y"#), "\(r.stdoutText)")
    }

    /// `images fetch` lists each failure with its URL and reason on standard output: escaped,
    /// one line each (the URL was printed raw).
    @Test func imagesFetchShowsFailedURLsEscaped() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("L").path
        let id = "00000000-0000-4000-8000-00000000000a"
        let line = #"{"type":"sample.submitted","sample_id":"\#(id)","image_url":"http://127.0.0.1:9/\u001b[2J\u202ea\n.png","image_path":"a.png","label":"ok","label_type":"grade"}"#
        let appended = try tool.run(["append", "--log", log], stdin: Array((line + "\n").utf8))
        try #require(appended.status == 0, "\(appended.stderrText)")
        let r = try tool.run(["images", "fetch", "--log", log, "--timeout", "5", "--retries", "0"])
        #expect(r.status == 1, "\(r.stderrText)")
        #expect(!r.stdoutText.unicodeScalars.contains { $0 != "\n" && TerminalText.isUnsafe($0) }, "printed a control raw: \(r.stdoutText)")
        #expect(r.stdoutText.hasPrefix(#"failed: \#(id) http://127.0.0.1:9/\u{1b}[2J\u{202e}a\n.png: "#), "\(r.stdoutText)")
        #expect(r.stdoutText.split(separator: "\n").count == 1, "\(r.stdoutText)")
    }

    /// Tag names that look like another (`v1` + U+3164 HANGUL FILLER), hide characters, or come
    /// from invalid UTF-8 are refused (exit 64, naming the code point); nothing is appended.
    @Test func tagNamesRefuseInvisibleCharactersAndInvalidUTF8() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("L").path
        try #require(try tool.run(["demo", "--log", log, "--samples", "3"]).status == 0)
        let before = try LogReader(directory: log).lastSeq
        for (name, code) in [("v1\u{3164}", "U+3164"), ("v\u{2060}1", "U+2060"), ("v1\u{FEFF}", "U+FEFF"),
                             ("v1\u{115F}", "U+115F"), ("v1\u{E000}", "U+E000"), ("v1\u{2800}", "U+2800")] {
            let r = try tool.run(["tag", "--log", log, name])
            #expect(r.status == 64)
            #expect(r.stderrText.hasPrefix("Error: invalid tag name '\(name)': a tag name must not contain ") && r.stderrText.contains("(found \(code))"), "\(r.stderrText)")
        }
        // Invalid UTF-8 in the argument itself (a shell passes the raw byte 0xFF).
        let err = dir.appendingPathComponent("stderr").path
        let child = try ChildProcess.spawn("/bin/sh", ["-c", #"exec "$0" tag --log "$1" "$(printf 'v1\377')""#, tool.executable.path, log],
                                           environment: ["PATH": "/usr/bin:/bin"], stderr: err)
        #expect(try child.wait() == 64)
        #expect(try String(contentsOfFile: err, encoding: .utf8).contains("(found U+FFFD)"))
        #expect(try LogReader(directory: log).lastSeq == before)
        // Emoji with a joiner and a variation selector are still names.
        #expect(try tool.run(["tag", "--log", log, "ok\u{1F44D}\u{200D}\u{2764}\u{FE0F}"]).status == 0)
    }

    /// An editor's swap or backup file beside the segments (even one named after a segment) is
    /// ignored with a warning: reads, appends and verify go on.
    @Test func swapAndBackupFilesBesideTheSegmentsAreIgnoredWithAWarning() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("L").path
        // --crops 0: the demo's three samples and their events only (no image.fetched), 7 records.
        try #require(try tool.run(["demo", "--log", log, "--samples", "3", "--crops", "0"]).status == 0)
        let segment = try Data(contentsOf: URL(fileURLWithPath: log + "/00000000000000000001.jsonl"))
        let junk = [".00000000000000000001.jsonl.swp", "00000000000000000001.jsonl~", "00000000000000000001.jsonl.swo",
                    "00000000000000000001.jsonl.bak", "00000000000000000001.bak", "00000000000000000001.jsonl.orig",
                    "#00000000000000000001.jsonl#"]
        for name in junk { try Data("garbage\n".utf8).write(to: URL(fileURLWithPath: log + "/" + name)) }
        let query = try tool.run(["query", "overall", "--log", log])
        #expect(query.status == 0, "\(query.stderrText)")
        // Named in a warning when they resemble a segment (the `#…#` one does not: ignored quietly, as before).
        for name in junk.dropLast() { #expect(query.stderrText.contains("warning: ignoring '\(name)'"), "\(query.stderrText)") }
        let tagged = try tool.run(["tag", "--log", log, "after-swap"])
        #expect(tagged.status == 0, "\(tagged.stderrText)")
        let verified = try tool.run(["verify", "--log", log])
        #expect(verified.status == 0 && verified.stdoutText.hasPrefix("ok: 1 segment, 7 records"), "\(verified.stdoutText)\(verified.stderrText)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: log + "/00000000000000000001.jsonl")).prefix(segment.count) == segment)
    }

    /// `verify` and writes refuse a directory that holds files but is not a tslog log (no
    /// segment, no LOCK), naming it; nothing is created there. An empty directory is a new log.
    @Test func aDirectoryThatIsNotALogIsRefusedByVerifyAndWrites() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let other = dir.appendingPathComponent("photos").path
        try FileManager.default.createDirectory(atPath: other, withIntermediateDirectories: false)
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: other + "/notes.txt"))
        let expected = "Error: \(other) holds files (such as 'notes.txt') but is not a tslog log (no segment, no LOCK); name a log or a new or empty directory\n"
        for words in [["verify", "--log", other], ["tag", "--log", other, "v1"],
                      ["append", "--log", other], ["demo", "--log", other, "--samples", "2"]] {
            let r = try tool.run(words, stdin: Array((String(format: ReliabilityTempFileTests.submit, 1) + "\n").utf8))
            #expect(r.status == 1, "\(words[0])")
            #expect(r.stderrText == expected, "\(words[0]): \(r.stderrText)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: other) == ["notes.txt"])
        let empty = dir.appendingPathComponent("empty").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: false)
        #expect(try tool.run(["verify", "--log", empty]).status == 0)
    }
}


/// Readers keep a bounded number of segments open: a log of 2,000 segments is read by the
/// binary under `ulimit -n 64` (`export` reads every row back by location, across all of them).
@Suite("Many segments, few descriptors")
struct ReliabilityManySegmentsTests {
    @Test func twoThousandSegmentsReadUnderUlimit64() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("L").path
        let lines = FollowTests.demoLines(0..<2_000, samples: 1_000)
        let store = try SampleStore(directory: log, options: LogOptions(segmentMaxBytes: 200, durable: false))
        _ = try store.append(lines: lines, skipInvalid: false, now: .now())
        try store.close()
        let segments = try FileManager.default.contentsOfDirectory(atPath: log).filter { $0.hasSuffix(".jsonl") }.count
        try #require(segments >= 2_000, "made \(segments) segments")
        for words in [["export", "--format", "csv"], ["query", "samples", "--label", "good", "--no-checkpoint"],
                      ["log", "--format", "json"], ["verify"]] {
            let out = dir.appendingPathComponent("out").path, err = dir.appendingPathComponent("err").path
            let child = try ChildProcess.spawn("/bin/sh", ["-c", #"ulimit -n 64 && exec "$0" "$@""#, tool.executable.path] + words + ["--log", log],
                                               environment: ["PATH": "/usr/bin:/bin"], stdout: out, stderr: err)
            let status = try child.wait(timeout: 300)
            #expect(status == 0, "\(words[0]): \((try? String(contentsOfFile: err, encoding: .utf8)) ?? "")")
        }
    }
}
