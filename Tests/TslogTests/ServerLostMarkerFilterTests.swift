import Foundation
import Testing

/// `GET /v1/events` and the event stream keep a `log.lost` repair marker whatever `type` and
/// `sample_id` say, as `tslog log` does (issue 17): nobody can tell what the lost record was, so
/// a client that filters must still learn it is gone. The server's filters dropped the marker,
/// so `?type=sample.relabeled` answered nothing where `tslog log --type sample.relabeled`
/// printed the marker. Through the built binary, on a log repaired by `verify --repair`.
@Suite("tslog serve: filters keep the repair marker")
struct ServerLostMarkerFilterTests {
    @Test func filteredReadsAndStreamsShowTheMarkerAsTheLogCommandDoes() throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        // Ten submissions; seq 5 damaged and replaced by a marker.
        let log = try RepairMarkerOutputsTests().repairedLog(tool, base)
        let server = try ServerProcess(directory: base.path, log: log)

        let filters: [(query: String, cli: [String])] = [
            ("type=sample.relabeled", ["--type", "sample.relabeled"]),
            ("type=tag.set", ["--type", "tag.set"]),
            ("sample_id=\(RepairMarkerOutputsTests.id(2))", ["--sample", RepairMarkerOutputsTests.id(2)]),
        ]
        for filter in filters {
            let read = try server.request("GET", "/v1/events?" + filter.query, token: ServerProcess.readToken)
            let printed = try tool.run(["log", "--log", log, "--format", "json"] + filter.cli)
            #expect(read.status == 200 && printed.status == 0, "\(filter.query): \(read.text)")
            #expect(read.text.contains(#""type":"log.lost""#), "\(filter.query): \(read.text)")
            #expect(read.text == printed.stdoutText, "\(filter.query)")

            let stream = try HTTPClient(port: server.port, receiveTimeout: 5)
            defer { stream.close() }
            stream.send("GET /v1/events/stream?from_seq=1&\(filter.query) HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer \(ServerProcess.readToken)\r\n\r\n")
            let text = ServerStreamTests.read(stream, until: "event: log.lost\n", timeout: 5)
            #expect(text.contains("id: 5\nevent: log.lost\n"), "\(filter.query): \(text)")
            #expect(!text.contains("id: 4\n"), "\(filter.query): \(text)")
        }
        #expect(try server.stop() == 0)
    }
}
