import Foundation
import Testing

/// docs/events.md: a `sample.updated` must change something, and may not both set and clear
/// one column. `tslog append` and `POST /v1/events` (the built binary) refuse both, naming the
/// line and field, and append nothing; the store's fast path once wrote them unchecked.
@Suite("sample.updated's rules across fields, through the binary")
struct UpdateChangesSomethingTests {
    static let id = "00000000-0000-4000-8000-0000000000b1"
    static let submit = #"{"type":"sample.submitted","sample_id":"\#(id)","image_url":"u","image_path":"p","label":"mint","label_type":"grade"}"#
    static let refused: [(line: String, message: String)] = [
        (#"{"type":"sample.updated","sample_id":"\#(id)"}"#,
         "line 1: sample.updated changes nothing: give at least one of image_url, image_path, nyckel_function_id, nyckel_sample_id, source_scan_id, region_name, crop_data, image_width, image_height, file_size_bytes or clear"),
        (#"{"type":"sample.updated","sample_id":"\#(id)","reason":"why"}"#,
         "line 1: sample.updated changes nothing: give at least one of"),
        (#"{"type":"sample.updated","sample_id":"\#(id)","region_name":"x","clear":["region_name"]}"#,
         "line 1: field 'clear': names region_name, which the same event sets"),
    ]

    @Test func appendRefusesAnUpdateThatChangesNothingOrSetsAndClearsAColumn() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        #expect(try tool.run(["append", "--log", log], stdin: Array((Self.submit + "\n").utf8)).status == 0)
        for (line, message) in Self.refused {
            for extra in [[String](), ["--skip-invalid"]] {
                let run = try tool.run(["append", "--log", log] + extra, stdin: Array((line + "\n").utf8))
                #expect(run.status == (extra.isEmpty ? 1 : 0), "\(line): \(run.stderrText)")
                #expect(run.stderrText.contains(message), "\(line): \(run.stderrText)")
            }
        }
        #expect(try storedRecords(log).count == 1, "nothing but the submission is stored")
    }

    @Test func postEventsRefusesThemWith422NamingTheField() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let server = try ServerProcess(directory: dir.path)
        #expect(try server.request("POST", "/v1/events", body: Self.submit).status == 201)
        for (line, message) in Self.refused {
            let answer = try server.request("POST", "/v1/events", body: line)
            #expect(answer.status == 422, "\(line): \(answer.text)")
            let named = message.contains("changes nothing") ? "changes nothing" : #""field":"clear""#
            #expect(answer.text.contains(named), "\(line): \(answer.text)")
        }
        #expect(try server.stop() == 0)
        #expect(try storedRecords(server.log).count == 1, "nothing but the submission is stored")
    }
}
