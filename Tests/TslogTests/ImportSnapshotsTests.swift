import Foundation
import Testing

/// Two Supabase "Download as CSV" snapshots of `training_samples`, the second differing from the
/// first in every kind of column: importing both gives a log whose export is the second;
/// importing either again right after it appends nothing.
@Suite("tslog import: two snapshots")
struct ImportSnapshotsTests {
    /// One row as the table holds it: column → value (String, Int, a crop dictionary, or nil).
    typealias Row = [String: Any?]

    static let columns = ["id", "created_at", "image_url", "image_path", "label", "label_type", "nyckel_function_id",
                          "nyckel_sample_id", "nyckel_status", "source_scan_id", "region_name", "crop_data",
                          "image_width", "image_height", "file_size_bytes"]

    static func id(_ n: Int) -> String { "5e0c2a41-7b3d-4c8e-9f10-00000000000\(n)" }

    static func row(_ n: Int, _ changes: Row = [:]) -> Row {
        var r: Row = [
            "id": id(n), "created_at": "2026-11-0\(n) 10:15:00.12345\(n)+00",
            "image_url": "https://x.supabase.co/storage/v1/object/public/training-data/\(n).jpg", "image_path": "\(n).jpg",
            "label": "Spine Tick", "label_type": "defect", "nyckel_function_id": "fn_defect", "nyckel_sample_id": "ns_\(n)",
            "nyckel_status": "accepted", "source_scan_id": "scan-\(n)", "region_name": "spine",
            "crop_data": ["x": 10, "y": 20.5, "width": 100, "height": 80] as [String: Double],
            "image_width": 100, "image_height": 80, "file_size_bytes": 12_345,
        ]
        for (k, v) in changes { r[k] = v }
        return r
    }

    static var first: [Row] { [
        row(1, ["nyckel_status": "submitted", "nyckel_sample_id": nil]),
        row(2, ["nyckel_function_id": nil, "nyckel_sample_id": nil, "nyckel_status": "error", "source_scan_id": nil,
                "region_name": nil, "crop_data": nil, "image_width": nil, "image_height": nil, "file_size_bytes": nil]),
        row(3),
        row(4, ["label": "say \"hi\", ok", "region_name": "您好🙂"]),
        row(5),
    ] }

    /// Every column kind changed somewhere: texts, label type, status, Nyckel ids set, changed
    /// and back to NULL, crop and integers set, changed and cleared; row 4 untouched, row 5
    /// gone, row 6 new.
    static var second: [Row] { [
        row(1, ["image_url": "https://x.supabase.co/storage/v1/object/public/training-data/moved/1.jpg",
                "image_path": "moved/1.jpg", "label": "near_mint", "label_type": "grade", "nyckel_function_id": "fn_grade",
                "nyckel_sample_id": "ns_1b", "nyckel_status": "accepted", "source_scan_id": "scan-1b",
                "region_name": "cover", "crop_data": ["x": 0, "y": 0, "width": 1200, "height": 1800] as [String: Double],
                "image_width": 1200, "image_height": 1800, "file_size_bytes": 9_000_000_000]),
        row(2, ["nyckel_function_id": "fn_defect_v2", "nyckel_status": "submitted", "nyckel_sample_id": "ns_2"]),
        row(3, ["nyckel_function_id": nil, "nyckel_sample_id": nil, "nyckel_status": "rejected", "source_scan_id": nil,
                "region_name": nil, "crop_data": nil, "image_width": nil, "image_height": nil, "file_size_bytes": nil]),
        row(4, ["label": "say \"hi\", ok", "region_name": "您好🙂"]),
        row(6, ["label": "Corner Crease", "region_name": ""]),
    ] }

    /// The rows as Supabase's "Download as CSV" writes them: PostgreSQL's timestamp text, jsonb
    /// as its text (`{"x": 10, …}`), NULL as an empty field, quotes doubled.
    static func csv(_ rows: [Row]) -> String {
        func cell(_ value: Any?) -> String {
            switch value {
            case nil: return ""
            case let crop as [String: Double]:
                let text = ["x", "y", "width", "height"].map { k in
                    let v = crop[k]!
                    return "\"\(k)\": " + (v == v.rounded() ? String(Int(v)) : String(v))
                }.joined(separator: ", ")
                return "\"{" + text.replacingOccurrences(of: "\"", with: "\"\"") + "}\""
            case let n as Int: return String(n)
            case let s as String:
                // PostgreSQL's CSV quotes an empty string ("") to tell it from NULL.
                return s.isEmpty || s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" })
                    ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
            default: return "\(value!)"
            }
        }
        return columns.joined(separator: ",") + "\n" + rows.map { r in columns.map { cell(r[$0] ?? nil) }.joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// The log's export as rows (JSON Lines), compared with `rows` column by column.
    static func expectExport(_ log: String, equals rows: [Row], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let r = runInProcess(["export", "--log", log, "--format", "jsonl"])
        #expect(r.status == 0, "\(r.stderr)", sourceLocation: sourceLocation)
        let exported = try r.stdout.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
        }
        let byID = Dictionary(uniqueKeysWithValues: exported.map { ($0["id"] as? String ?? "", $0) })
        #expect(Set(byID.keys) == Set(rows.map { $0["id"]! as! String }), sourceLocation: sourceLocation)
        for row in rows {
            let id = row["id"]! as! String
            guard let got = byID[id] else { continue }
            for column in columns {
                let want = row[column] ?? nil, have = got[column]
                let same: Bool
                switch want {
                case nil: same = have is NSNull
                case let crop as [String: Double]: same = (have as? [String: Double]) == crop
                case let n as Int: same = (have as? NSNumber)?.int64Value == Int64(n)
                case let s as String where column == "created_at":
                    // 2026-11-01 10:15:00.123451+00 is 2026-11-01T10:15:00.123451Z.
                    same = (have as? String) == s.replacingOccurrences(of: " ", with: "T").replacingOccurrences(of: "+00", with: "Z")
                case let s as String: same = (have as? String).map { Array($0.utf8) == Array(s.utf8) } ?? false
                default: same = false
                }
                #expect(same, "row \(id) column \(column): want \(String(describing: want)), have \(String(describing: have))",
                        sourceLocation: sourceLocation)
            }
        }
    }

    static func recordCount(_ log: String) throws -> Int {
        let names = try FileManager.default.contentsOfDirectory(atPath: log).filter { $0.hasSuffix(".jsonl") }
        return try names.reduce(0) { n, name in
            n + (try String(contentsOfFile: log + "/" + name, encoding: .utf8)).split(separator: "\n").count
        }
    }

    @Test func secondSnapshotOverFirstExportsAsTheSecond() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        try Self.csv(Self.first).write(toFile: a, atomically: true, encoding: .utf8)
        try Self.csv(Self.second).write(toFile: b, atomically: true, encoding: .utf8)

        let one = runInProcess(["import", a, "--log", log])
        #expect(one.status == 0, "\(one.stderr)")
        try Self.expectExport(log, equals: Self.first)
        let oneAgain = runInProcess(["import", a, "--log", log])
        #expect(oneAgain.status == 0 && oneAgain.stdout.hasPrefix("appended 0 events; "), "\(oneAgain.stdout)\(oneAgain.stderr)")

        let records = try Self.recordCount(log)
        let dry = runInProcess(["import", b, "--log", log, "--deletions", "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(dry.stdout.contains(#""type":"sample.updated""#))
        #expect(try Self.recordCount(log) == records, "a dry run appends nothing")

        let two = runInProcess(["import", b, "--log", log, "--deletions"])
        #expect(two.status == 0, "\(two.stderr)")
        #expect(two.stdout.contains("1 new, 3 changed, 1 unchanged, 1 deleted"), "\(two.stdout)")
        try Self.expectExport(log, equals: Self.second)
        let afterTwo = try Self.recordCount(log)
        let twoAgain = runInProcess(["import", b, "--log", log, "--deletions"])
        #expect(twoAgain.status == 0 && twoAgain.stdout.hasPrefix("appended 0 events; "), "\(twoAgain.stdout)\(twoAgain.stderr)")
        #expect(try Self.recordCount(log) == afterTwo)
        // The updates are in each sample's history.
        #expect(runInProcess(["history", Self.id(3), "--log", log]).stdout.contains("sample.updated"))
    }

    /// Every bad row is listed (the file's own, and those the log refuses: a `created_at` that
    /// is not the log's, by row), in file order, and nothing is appended; a dry run never makes
    /// the log directory.
    @Test func everyBadRowIsListedAndADryRunWritesNothing() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let a = dir.appendingPathComponent("a.csv").path, b = dir.appendingPathComponent("b.csv").path
        try Self.csv(Self.first).write(toFile: a, atomically: true, encoding: .utf8)

        let dry = runInProcess(["import", a, "--log", log, "--dry-run"])
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(!FileManager.default.fileExists(atPath: log), "a dry run makes no log directory")
        #expect(runInProcess(["import", a, "--log", log]).status == 0)
        let records = try Self.recordCount(log)
        let files = try FileManager.default.contentsOfDirectory(atPath: log).sorted()

        var rows = Self.first
        rows[0]["created_at"] = "2026-11-01 10:15:01+00"         // not the log's created_at
        rows[1]["label_type"] = "color"                            // not a label type
        rows[2]["crop_data"] = ["x": 1, "y": 2, "width": 0, "height": 4] as [String: Double]  // width 0
        rows[3]["region_name"] = "moved"                           // fine: an update
        rows[4]["created_at"] = "2026-11-05 10:15:00.12345+00"     // not the log's either
        try Self.csv(rows).write(toFile: b, atomically: true, encoding: .utf8)
        for extra in [[], ["--dry-run"]] {
            let r = runInProcess(["import", b, "--log", log] + extra)
            #expect(r.status == 1)
            #expect(r.stderr == """
                line 2: column 'created_at': is '2026-11-01T10:15:01Z' in the file but '2026-11-01T10:15:00.123451Z' in the log, and no event changes it
                line 3: column 'label_type': expected defect, region or grade, got 'color'
                line 4: column 'crop_data.width': must be greater than 0, got 0
                line 6: column 'created_at': is '2026-11-05T10:15:00.123450Z' in the file but '2026-11-05T10:15:00.123455Z' in the log, and no event changes it
                Error: nothing appended: 4 of 5 rows refused

                """)
            #expect(try Self.recordCount(log) == records)
            #expect(try FileManager.default.contentsOfDirectory(atPath: log).sorted() == files, "nothing written beside the log either")
        }
    }
}
