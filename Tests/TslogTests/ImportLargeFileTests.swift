import Foundation
import Testing

/// What `tslog import` must keep while it validates its lines once (the append is the check)
/// and keeps only the lines of its plan: a refusal anywhere in a large file appends nothing and
/// names the file's line, and a dry run prints exactly the events the import stores.
@Suite("tslog import: a large file")
struct ImportLargeFileTests {
    static let header = "id,created_at,image_url,image_path,label,label_type,nyckel_function_id,nyckel_sample_id,nyckel_status,"
        + "source_scan_id,region_name,crop_data,image_width,image_height,file_size_bytes\n"
    static let rows = 3_000

    static func id(_ n: Int) -> String { "00000000-0000-4000-8000-" + String(format: "%012d", n) }

    /// Row `n` (file line n + 1): every fifth relabeled when `changed`, statuses and Nyckel ids varied.
    static func row(_ n: Int, changed: Bool = false, label: String? = nil) -> String {
        let label = label ?? (changed && n % 5 == 0 ? "heavy_wear" : "near_mint")
        let status = ["accepted", "rejected", "submitted", "error"][n % 4]
        let nyckelID = n % 3 == 0 ? "" : "ns_\(n)"
        // Quoted fields with doubled quotes, commas and non-ASCII text; JSON in a cell.
        let region = n % 7 == 0 ? "\"r \"\"q\"\", 您好🙂 \(n)\"" : ""
        let crop = n % 11 == 0 ? #""{""x"":1,""y"":2.5,""width"":30,""height"":40}""# : ""
        return "\(id(n)),2026-11-01T00:00:00.\(String(format: "%06d", n))Z,https://cdn.example/\(n).jpg,grade/\(n).jpg,"
            + "\(label),grade,fn_grade,\(nyckelID),\(status),,\(region),\(crop),\(n),\(n + 1),\(n * 1000)\n"
    }

    static func file(_ rows: some Sequence<Int>, changed: Bool = false, then extra: String = "") -> String {
        header + rows.map { row($0, changed: changed) }.joined() + extra
    }

    /// The stored events after `seq` as `tslog append` input lines: type, then the payload's members.
    static func storedLines(_ log: String, after seq: Int) throws -> [String] {
        try ExportTestLog.run(["log", "--log", log, "--format", "json", "--from-seq", "\(seq + 1)"])
            .split(separator: "\n").map { record in
                let type = record.firstRange(of: #""type":""#).map { record[$0.upperBound...].prefix { $0 != "\"" } } ?? ""
                let data = record.firstRange(of: #""data":"#).map { record[$0.upperBound...] } ?? ""
                let payload = data.firstRange(of: #","crc32c":"#).map { data[..<$0.lowerBound] } ?? data
                return #"{"type":"\#(type)","# + payload.dropFirst()
            }
    }

    @Test func aRefusedRowAtTheEndAppendsNothingAndNamesItsLine() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let path = dir.appendingPathComponent("rows.csv").path
        try Self.file(1...Self.rows).write(toFile: path, atomically: true, encoding: .utf8)
        let first = try ExportTestLog.run(["import", path, "--log", log])
        #expect(first.hasPrefix("appended ") && first.contains("3000 rows read: 3000 new"))
        let before = try ExportTestLog.run(["log", "--log", log, "--format", "json"])

        // A bad value on the last line: refused while reading, the log not even opened for writing.
        try Self.file(1...Self.rows, changed: true, then: Self.row(Self.rows + 1, label: "bad\u{7}label"))
            .write(toFile: path, atomically: true, encoding: .utf8)
        let bad = runInProcess(["import", path, "--log", log])
        #expect(bad.status == 1)
        #expect(bad.stderr == "Error: nothing appended: line 3002: column 'label': must not contain control characters, found U+0007\n")
        // The first row again on the last line: refused while planning, with the log open for writing.
        try Self.file(1...Self.rows, changed: true, then: Self.row(1)).write(toFile: path, atomically: true, encoding: .utf8)
        let twice = runInProcess(["import", path, "--log", log])
        #expect(twice.status == 1)
        #expect(twice.stderr == "Error: nothing appended: line 3002: column 'id': sample \(Self.id(1)) is also on line 2\n")
        #expect(try ExportTestLog.run(["log", "--log", log, "--format", "json"]) == before)
    }

    @Test func aDryRunPrintsTheEventsTheImportStores() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let path = dir.appendingPathComponent("rows.csv").path
        try Self.file(1...Self.rows).write(toFile: path, atomically: true, encoding: .utf8)
        let dryNew = runInProcess(["import", path, "--log", log, "--dry-run"])
        _ = try ExportTestLog.run(["import", path, "--log", log])
        #expect(dryNew.status == 0)
        #expect(dryNew.stdout.contains(#""region_name":"r \"q\", 您好🙂 7","image_width":7"#))
        #expect(dryNew.stdout.contains(#""crop_data":{"x":1,"y":2.5,"width":30,"height":40},"image_width":11"#))
        #expect(try Self.storedLines(log, after: 0) == dryNew.stdout.split(separator: "\n").map(String.init))
        let stored = try Self.storedLines(log, after: 0).count

        // Relabeled rows, and the last hundred rows gone (deleted), at a fixed time.
        try Self.file(1...(Self.rows - 100), changed: true).write(toFile: path, atomically: true, encoding: .utf8)
        let options = ["--log", log, "--deletions", "--taken-at", "2026-12-01T00:00:00Z"]
        let dry = runInProcess(["import", path, "--dry-run"] + options)
        #expect(dry.status == 0)
        #expect(dry.stderr == "dry run: would append 680 events; 2900 rows read: 0 new, 580 changed, 2320 unchanged, 100 deleted\n")
        #expect(try ExportTestLog.run(["import", path] + options)
                == "appended 680 events (seq \(stored + 1)-\(stored + 680)); 2900 rows read: 0 new, 580 changed, 2320 unchanged, 100 deleted\n")
        #expect(try Self.storedLines(log, after: stored) == dry.stdout.split(separator: "\n").map(String.init))
    }
}
