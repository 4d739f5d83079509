import Foundation
import Testing
@testable import tslog

@Suite("tslog export")
struct ExportCommandTests {
    @Test func outWritesAtomicallyWithAPositionSidecar() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        try ExportTestLog.make(log)
        let out = dir.appendingPathComponent("export.csv").path
        let stdout = try ExportTestLog.run(["export", "--log", log, "--as-of-seq", "30"])
        let r = runInProcess(["export", "--log", log, "--as-of-seq", "30", "--out", out])
        #expect(r.status == 0 && r.stdout.isEmpty)
        #expect(try String(contentsOfFile: out, encoding: .utf8) == stdout)
        let sidecar = try String(contentsOfFile: out + ".position.json", encoding: .utf8)
        #expect(sidecar.hasPrefix(#"{"format":"csv","seq":30,"recorded_at":""#))
        let count = try ExportTestLog.run(["export", "--log", log, "--as-of-seq", "30", "--format", "jsonl"])
            .split(separator: "\n").count
        #expect(sidecar.hasSuffix(#"","rows":\#(count),"status":null,"label_type":null,"label":null}"# + "\n"))
        #expect(r.stderr.hasPrefix("exported ") && r.stderr.contains("as of seq 30 (recorded at "))
        // Nothing but the two files is left behind.
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(names == ["export.csv", "export.csv.position.json", "log"])
        // Overwriting replaces the file whole.
        #expect(runInProcess(["export", "--log", log, "--as-of-seq", "0", "--out", out]).status == 0)
        #expect(try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").count == 1)
    }

    @Test func outRefusesASymbolicLinkAndLeavesItsTargetAlone() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        try ExportTestLog.make(log, samples: 3)
        let target = dir.appendingPathComponent("precious").path
        try "keep me\n".write(toFile: target, atomically: true, encoding: .utf8)
        let link = dir.appendingPathComponent("link.csv").path
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        let r = runInProcess(["export", "--log", log, "--out", link])
        #expect(r.status == 1)
        #expect(r.stderr == "Error: cannot write the export: '\(link)' is a symbolic link; refusing to write through or over it (remove the link or name its target)\n")
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep me\n")
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: link) == target)
    }

    @Test func filtersAndPositions() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let last = try ExportTestLog.make(log)
        let all = try ExportTestLog.run(["export", "--log", log, "--format", "jsonl"])
        let accepted = try ExportTestLog.run(["export", "--log", log, "--format", "jsonl", "--status", "accepted"])
        let expected = all.split(separator: "\n").filter { $0.contains(#""nyckel_status":"accepted""#) }
        #expect(!expected.isEmpty)
        #expect(accepted.split(separator: "\n") == expected)
        let grade = try ExportTestLog.run(["export", "--log", log, "--format", "jsonl", "--label-type", "grade", "--label", "good"])
        #expect(grade.split(separator: "\n") == all.split(separator: "\n").filter {
            $0.contains(#""label":"good","label_type":"grade""#)
        })
        #expect(try ExportTestLog.run(["export", "--log", log, "--as-of-seq", "\(last)"]) == ExportTestLog.run(["export", "--log", log]))
        #expect(try ExportTestLog.run(["export", "--log", log, "--format", "json", "--as-of-seq", "0"]) == "[]\n")
        let future = runInProcess(["export", "--log", log, "--as-of-seq", "\(last + 1)"])
        #expect(future.status == 1 && future.stderr.hasPrefix("Error: option '--as-of-seq': seq \(last + 1) is beyond the end of the log"))
    }

    @Test func usageErrors() {
        let both = runInProcess(["export", "--as-of-seq", "1", "--as-of", "2026-11-25T12:00:00Z"])
        #expect(both.status == 64 && both.stderr.hasPrefix("Error: options '--as-of-seq' and '--as-of' cannot be used together\n"))
        let raw = runInProcess(["export", "--format", "json", "--raw-cells"])
        #expect(raw.status == 64 && raw.stderr.hasPrefix("Error: option '--raw-cells' applies to --format csv only\n"))
        let format = runInProcess(["export", "--format", "xml"])
        #expect(format.status == 64)
        #expect(format.stderr.hasPrefix("Error: invalid value 'xml' for '--format': expected one of csv, json, jsonl, sql, roboflow, label-studio, manifest"))
    }
}
