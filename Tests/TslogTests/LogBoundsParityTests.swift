import Foundation
import Testing

/// `tslog log --from-seq` and `--limit` take what `GET /v1/events?from_seq=&limit=` takes: seqs
/// start at 1 and a read of no records is a mistake, so 0 is refused on both sides, naming the
/// option (exit 64) or the parameter (400). The CLI took `--from-seq 0` as the start and
/// printed "(0 events)" for `--limit 0`, exit 0, where the endpoint (and its OpenAPI minimum
/// of 1) refused both.
@Suite("tslog log and GET /v1/events agree on from-seq and limit")
struct LogBoundsParityTests {
    @Test func zeroIsRefusedOnBothSidesNamingTheOption() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let server = try ServerProcess(directory: base.path)
        for n in 1...3 { #expect(try server.request("POST", "/v1/events", body: ServerLines.submit(n)).status == 201) }
        let tool = try BinaryRunner.locate()
        for (option, parameter) in [("--from-seq", "from_seq"), ("--limit", "limit")] {
            for words in [[option, "0"], [option, "0", "--format", "json"], [option, "0", "--follow"]] {
                let cli = try tool.run(["log", "--log", server.log] + words)
                #expect(cli.status == 64, "log \(words): \(cli.stderrText)")
                #expect(cli.stdoutText.isEmpty, "log \(words) printed \(cli.stdoutText)")
                #expect(cli.stderrText.hasPrefix("Error: invalid value '0' for '\(option)': expected an integer of at least 1\n"),
                        "log \(words): \(cli.stderrText)")
            }
            let http = try server.request("GET", "/v1/events?\(parameter)=0", token: ServerProcess.readToken)
            #expect(http.status == 400 && http.json["parameter"] as? String == parameter, "\(parameter)=0: \(http.text)")
        }
        // From the first record, one at a time, on both sides: seq 1 and nothing else.
        let cli = try tool.run(["log", "--log", server.log, "--from-seq", "1", "--limit", "1", "--format", "json"])
        let http = try server.request("GET", "/v1/events?from_seq=1&limit=1", token: ServerProcess.readToken)
        #expect(cli.status == 0 && LogEdgeTests.seqs(cli.stdoutText) == [1], "\(cli.stdoutText)")
        #expect(cli.stdoutText == http.text)
        #expect(try server.stop() == 0)
    }
}
