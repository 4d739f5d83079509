import Foundation
import TestSupport
import Testing

/// Eight processes append single lines through the binary at once while two more keep running
/// `tslog log --format json` and `tslog query overall`. The log ends with exactly the records
/// appended, gapless, every line intact, every event_id once; no reader ever fails or sees a
/// partial record. `TSLOG_CONCURRENCY_APPENDS` sets the appends per process (2000 for the full
/// 8 × 2,000 run; the default keeps the suite fast on a debug build).
@Suite("Concurrent appends and readers through the binary")
struct ConcurrencyTests {
    @Test func eightWritersAndTwoReadersAtOnce() throws {
        let perWriter = Int(ProcessInfo.processInfo.environment["TSLOG_CONCURRENCY_APPENDS"] ?? "") ?? 40
        let writers = 8
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let dir = base.path
        let log = dir + "/log"
        let bin = tool.executable.path
        // The log exists before the readers start (seq 1).
        let first = try tool.run(["append", "--log", log], stdin: Array(Self.line(worker: 9, index: 0).utf8))
        #expect(first.status == 0, "\(first.stderrText)")

        var children: [ChildProcess] = []
        for k in 0..<2 {
            let command = k == 0
                ? #"i=0; while [ ! -f "$1/done" ]; do i=$((i+1)); "$2" log --log "$1/log" --format json > "$1/read-$i.jsonl" 2>> "$1/reader-errors" || echo "log run $i exit $?" >> "$1/reader-errors"; done"#
                : #"while [ ! -f "$1/done" ]; do "$2" query overall --log "$1/log" > /dev/null 2>> "$1/reader-errors" || echo "query exit $?" >> "$1/reader-errors"; done"#
            children.append(try ChildProcess.spawn("/bin/sh", ["-c", command, "reader", dir, bin]))
        }
        var writerProcesses: [ChildProcess] = []
        for w in 0..<writers {
            let script = #"""
                w=$3; n=$4; i=1
                while [ $i -le $n ]; do
                  printf '{"type":"sample.submitted","sample_id":"0000000%d-0000-4000-8000-%012d","event_id":"w%d-%d","image_url":"https://x.example/%d/%d.jpg","image_path":"%d/%d.jpg","label":"near_mint","label_type":"grade"}\n' $w $i $w $i $w $i $w $i \
                    | "$2" append --log "$1/log" > /dev/null 2>> "$1/writer-errors-$w" || echo "append $w-$i exit $?" >> "$1/writer-errors-$w"
                  i=$((i+1))
                done
                """#
            writerProcesses.append(try ChildProcess.spawn("/bin/sh", ["-c", script, "writer", dir, bin, String(w), String(perWriter)]))
        }
        for p in writerProcesses { #expect(try p.wait(timeout: 900) == 0) }
        _ = FileManager.default.createFile(atPath: dir + "/done", contents: nil)
        for p in children { #expect(try p.wait(timeout: 120) == 0) }

        for w in 0..<writers {
            let errors = (try? String(contentsOfFile: dir + "/writer-errors-\(w)", encoding: .utf8)) ?? ""
            #expect(errors.isEmpty, "writer \(w): \(errors.prefix(500))")
        }
        let readerErrors = (try? String(contentsOfFile: dir + "/reader-errors", encoding: .utf8)) ?? ""
        #expect(readerErrors.isEmpty, "readers: \(readerErrors.prefix(500))")

        // The final log: exactly every append, gapless, each event_id once.
        let expected = 1 + writers * perWriter
        let out = try tool.run(["log", "--log", log, "--format", "json"])
        #expect(out.status == 0)
        let records = try Self.records(out.stdoutText, context: "final log")
        #expect(records.map(\.seq) == Array(1...UInt64(expected)))
        let ids = records.compactMap(\.eventID)
        #expect(ids.count == expected && Set(ids).count == expected)
        for w in 0..<writers {
            // Each writer's own appends are in its order (one process appends one after another).
            let mine = ids.filter { $0.hasPrefix("w\(w)-") }
            #expect(mine == (1...perWriter).map { "w\(w)-\($0)" })
        }
        let verify = try tool.run(["verify", "--log", log])
        #expect(verify.stdoutText.hasPrefix("ok: 1 segment, \(expected) records"), "\(verify.stdoutText)\(verify.stderrText)")

        // Every read taken during the appends was a gapless prefix of whole records.
        let reads = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasPrefix("read-") }
        #expect(reads.count >= 2, "the reader hardly ran")
        for name in reads {
            let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            let seen = try Self.records(text, context: name)
            #expect(seen.map(\.seq) == (0..<seen.count).map { UInt64($0 + 1) }, "\(name): not a gapless prefix")
        }
        print("concurrency: \(writers) writers × \(perWriter) appends = \(expected - 1) (+1 seed), \(reads.count) concurrent log reads, 0 failures")
    }

    static func line(worker: Int, index: Int) -> String {
        String(format: #"{"type":"sample.submitted","sample_id":"0000000%d-0000-4000-8000-%012d","event_id":"w%d-%d","image_url":"u","image_path":"p","label":"near_mint","label_type":"grade"}"#, worker, index, worker, index) + "\n"
    }

    struct Seen { var seq: UInt64; var eventID: String? }

    /// Parses `tslog log --format json` output: every line must be a whole JSON object.
    static func records(_ text: String, context: String) throws -> [Seen] {
        var out: [Seen] = []
        for (n, line) in text.split(separator: "\n").enumerated() {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let seq = object["seq"] as? NSNumber else {
                Issue.record("\(context): line \(n + 1) is not a whole record: \(line.prefix(200))")
                continue
            }
            out.append(Seen(seq: seq.uint64Value, eventID: object["event_id"] as? String))
        }
        return out
    }
}
