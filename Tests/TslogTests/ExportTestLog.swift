import EventLog
import Foundation
@testable import tslog

/// A seeded log of edge-case samples and every kind of event, for the export, import and
/// replay tests: the same seed always gives the same input lines.
enum ExportTestLog {
    static let labels = ["near_mint", "heavy_wear", "Spine Tick", "a/b", "../../etc/passwd", "=SUM(A1)", "-1", "'quoted",
                         "say \"hi\", ok", "您好🙂", "Good", "good", "e\u{301}", "\u{e9}", "+x", "@home"]
    static let texts = ["", "plain", "line\nbreak", "tab\there", "comma, \"quote\"", "=cmd()", "'", "您好🙂"]
    /// `source_scan_id` values: uuids, as the app's table's column type is (`export --format sql`
    /// refuses anything else); upper case too, which PostgreSQL accepts.
    static let scanIDs = ["7d3f0c1e-0000-4000-8000-00000000abcd", "7D3F0C1E-0000-4000-8000-00000000ABCE",
                          "00000000-0000-0000-0000-000000000000"]

    /// The input lines (JSON, no newline) for `samples` samples and about three events each.
    static func lines(seed: UInt64, samples: Int) -> [String] {
        var rng = SplitMix64(seed: seed)
        func pick<T>(_ xs: [T]) -> T { xs[Int(rng.next() % UInt64(xs.count))] }
        func chance(_ percent: UInt64) -> Bool { rng.next() % 100 < percent }
        var time = Timestamp(rfc3339: "2026-11-20T08:00:00Z")!.microseconds
        var live: [String] = []
        var deleted: [String] = []
        var out: [String] = []
        func line(_ type: String, _ id: String, _ fields: (inout JSONWriter) -> Void) {
            time += Int64(rng.next() % 40_000_000_000)  // up to ~11 hours, with microseconds
            var w = JSONWriter()
            w.beginObject()
            w.key("type"); w.string(type)
            w.key("sample_id"); w.string(id)
            w.key("occurred_at"); w.string(Timestamp(microseconds: time).rfc3339())
            fields(&w)
            w.endObject()
            out.append(String(decoding: w.bytes, as: UTF8.self))
        }
        func submit(_ id: String) {
            line("sample.submitted", id) { w in
                w.key("image_url"); w.string(chance(10) ? "=IMAGE(\"x\")" : "https://cdn.example/\(id).jpg")
                w.key("image_path"); w.string(chance(20) ? "training-data/\(id).PNG" : "training-data/\(id).jpg")
                w.key("label"); w.string(pick(labels))
                w.key("label_type"); w.string(pick(["defect", "region", "grade"]))
                if chance(50) { w.key("nyckel_function_id"); w.string(pick(["fn-a", "fn-b"])) }
                if chance(40) { w.key("source_scan_id"); w.string(pick(scanIDs)) }
                if chance(40) { w.key("region_name"); w.string(pick(texts)) }
                if chance(40) {
                    w.key("crop_data"); w.beginObject()
                    w.key("x"); w.number(Double(rng.next() % 1000) / 8)
                    w.key("y"); w.number(0)
                    w.key("width"); w.number(Double(rng.next() % 1000 + 1) / 3)
                    w.key("height"); w.number(1e-7)
                    w.endObject()
                }
                if chance(30) { w.key("image_width"); w.int(Int64(rng.next() % 4000)) }
                if chance(30) { w.key("image_height"); w.int(Int64(2_147_483_647)) }
                if chance(30) { w.key("file_size_bytes"); w.int(Int64(rng.next() % 10_000_000)) }
            }
            live.append(id)
        }
        for n in 0..<samples {
            if !deleted.isEmpty, chance(10) {
                let id = deleted.removeLast()
                submit(id)
            } else {
                submit(String(format: "%08x-0000-4000-8000-%012x", UInt32(truncatingIfNeeded: rng.next()), n))
            }
            for _ in 0..<Int(rng.next() % 4) where !live.isEmpty {
                let id = pick(live)
                switch rng.next() % 10 {
                case 0...3:
                    line("nyckel.responded", id) { w in
                        w.key("status"); w.string(pick(["accepted", "rejected", "error"]))
                        if chance(60) { w.key("nyckel_sample_id"); w.string("ny-\(rng.next() % 1000)") }
                    }
                case 4, 5:
                    line("nyckel.resubmitted", id) { w in
                        if chance(50) { w.key("nyckel_function_id"); w.string(pick(["fn-a", "fn-c"])) }
                    }
                case 6, 7:
                    line("sample.relabeled", id) { w in
                        w.key("label"); w.string(pick(labels))
                        if chance(50) { w.key("label_type"); w.string(pick(["defect", "region", "grade"])) }
                        w.key("reason"); w.string(pick(texts))
                    }
                default:
                    line("sample.deleted", id) { _ in }
                    live.removeAll { $0 == id }
                    deleted.append(id)
                }
            }
        }
        return out
    }

    /// A fresh log in `directory` holding `lines(seed:samples:)`; returns its last seq.
    @discardableResult
    static func make(_ directory: String, seed: UInt64 = 7, samples: Int = 60) throws -> Int {
        let text = lines(seed: seed, samples: samples).joined(separator: "\n") + "\n"
        let r = runInProcess(["append", "--log", directory], stdin: Array(text.utf8))
        guard r.status == 0 else { throw CLIFailure.runtime("append failed: \(r.stderr)") }
        return lines(seed: seed, samples: samples).count
    }

    /// Runs `tslog` in-process, requiring exit 0; returns stdout.
    static func run(_ words: [String]) throws -> String {
        let r = runInProcess(words)
        guard r.status == 0 else { throw CLIFailure.runtime("tslog \(words.joined(separator: " ")) exited \(r.status): \(r.stderr)") }
        return r.stdout
    }
}
