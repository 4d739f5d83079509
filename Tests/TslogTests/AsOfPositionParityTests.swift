import Foundation
import Testing

/// A position the log does not have — `--as-of-seq` past the end, `--as-of` in the future,
/// `--as-of-tag` unknown — is refused by the CLI naming the option, as the read endpoints name
/// the parameter, with the same words after it: `option '--as-of-seq': seq 99 is beyond …`
/// (exit 1) and `parameter 'as_of_seq': seq 99 is beyond …` (400). The CLI named no option.
@Suite("--as-of… past the log: the CLI names the option as HTTP names the parameter")
struct AsOfPositionParityTests {
    @Test func theRefusalNamesTheOptionOnBothSides() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        for n in 1...2 { #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(n)).status == 201) }
        let tool = try BinaryRunner.locate()
        let positions = [("--as-of-seq", "as_of_seq", "99"), ("--as-of", "as_of", "2999-01-01"), ("--as-of-tag", "as_of_tag", "nope")]
        let reads: [(words: [String], path: String)] = [
            (["query", "overall", "--format", "json"], "/v1/query/overall"), (["project", "stats", "--format", "json"], "/v1/stats"),
            (["export", "--format", "csv"], "/v1/export?format=csv"), (["report"], "/v1/report"),
        ]
        for (option, parameter, value) in positions {
            for read in reads {
                let cli = try tool.run(read.words + ["--log", server.log, option, value] + (read.words == ["report"] ? ["--out", base.path + "/r.html"] : []))
                let http = try server.request("GET", read.path + (read.path.contains("?") ? "&" : "?") + "\(parameter)=\(value)",
                                              token: ServerProcess.readToken)
                #expect(cli.status == 1 && http.status == 400, "\(read.words) \(option): \(cli.status) \(http.status)")
                let said = try #require((http.json["error"] as? String)?.split(separator: ":", maxSplits: 1).last, "\(http.text)")
                #expect(http.json["parameter"] as? String == parameter, "\(http.text)")
                #expect(cli.stderrText == "Error: option '\(option)':\(said)\n", "\(read.words) \(option): \(cli.stderrText) vs \(http.text)")
            }
        }
        #expect(try server.stop() == 0)
    }
}
