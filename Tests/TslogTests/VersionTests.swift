import Foundation
import Testing

/// `tslog --version` through the binary: one line, exit 0, and the schema versions it names are
/// the ones the binary writes into a log.
struct VersionTests {
    @Test func theVersionLineNamesTheSchemasTheBinaryWrites() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let run = try tool.run(["--version"])
        #expect(run.status == 0 && run.stderrText.isEmpty)
        let line = run.stdoutText
        let pattern = #/^tslog (\d+)\.(\d+)\.(\d+) \(event payload schema (\d+), tag schema (\d+), checkpoint fold (\d+)\)\n$/#
        let match = try #require(line.wholeMatch(of: pattern), "printed: \(line)")
        // Before a command's global options too, as `--help` is.
        #expect(try tool.run(["--log", dir.path + "/none", "--version"]).stdoutText == line)

        // The versions written: an event's and a tag record's `v`.
        let log = dir.path + "/log"
        let submit = #"{"type":"sample.submitted","sample_id":"00000000-0000-4000-8000-000000000001","image_url":"https://cdn.example/1.jpg","image_path":"training-data/1.jpg","label":"spine","label_type":"region"}"#
        #expect(try tool.run(["append", "--log", log], stdin: Array(submit.utf8)).status == 0)
        #expect(try tool.run(["tag", "--log", log, "v1"]).status == 0)
        let records = try storedRecords(log)
        let eventV = records.first { $0["type"] as? String == "sample.submitted" }?["v"] as? Int
        let tagV = records.first { $0["type"] as? String == "tag.set" }?["v"] as? Int
        #expect(eventV == Int(match.output.4) && tagV == Int(match.output.5), "\(records)")

        // Listed in the top-level help; not an option of a command.
        #expect(try tool.run(["--help"]).stdoutText.contains("--version"))
        #expect(try tool.run(["query", "overall", "--version"]).status == 64)
    }
}
