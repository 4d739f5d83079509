import Foundation
import TestSupport
import Testing

/// `index/sample_seq.tbl`, the per-sample index that `tslog history`, `GET /v1/samples/ID/history`
/// and the desk's sample page read instead of the whole log: written by the writer, merged as
/// the log grows, and never believed over the log — a missing, damaged, foreign or behind file
/// gives the same bytes as a scan of every record.
struct SampleIndexTests {
    static let ids = (1...40).map { String(format: "00000000-0000-4000-8000-%012d", $0) }

    static func submit(_ id: String) -> String {
        #"{"type":"sample.submitted","sample_id":"\#(id)","image_url":"https://x.example/a.jpg","image_path":"a.jpg","label":"near_mint","label_type":"grade"}"#
    }

    static func relabel(_ id: String, _ label: String) -> String {
        #"{"type":"sample.relabeled","sample_id":"\#(id)","label":"\#(label)"}"#
    }

    /// Appends `lines` (one batch) and requires success.
    static func append(_ tool: BinaryRunner, _ log: String, _ lines: [String]) throws { try tool.append(lines, to: log) }

    /// Every sample's `history --format json` bytes.
    static func histories(_ tool: BinaryRunner, _ log: String) throws -> [String: [UInt8]] {
        var out: [String: [UInt8]] = [:]
        for id in ids.prefix(6) + [ids[39]] {
            let r = try tool.run(["history", id, "--log", log, "--format", "json"])
            try #require(r.status == 0, "\(r.stderrText)")
            out[id] = r.stdout
        }
        return out
    }

    @Test func historiesAreTheSameWithTheIndexWithoutItAndWithADoubtfulOne() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let tool = try BinaryRunner.locate()
        let log = base.path + "/log", other = base.path + "/other"
        let index = log + "/index/sample_seq.tbl"
        try Self.append(tool, log, Self.ids.map(Self.submit))
        for round in 0..<3 { try Self.append(tool, log, Self.ids.prefix(8).map { Self.relabel($0, "r\(round)") }) }
        #expect(FileManager.default.fileExists(atPath: index))
        let indexed = try Self.histories(tool, log)
        #expect(String(decoding: indexed[Self.ids[0]] ?? [], as: UTF8.self).components(separatedBy: "\"seq\":").count - 1 == 4)

        // Without the file (the scan of every record): the same bytes; the next append writes it again.
        let saved = try Data(contentsOf: URL(fileURLWithPath: index))
        try FileManager.default.removeItem(atPath: index)
        #expect(try Self.histories(tool, log) == indexed)

        // Behind (records after the prefix it covers are scanned), damaged, or from another log.
        try saved.write(to: URL(fileURLWithPath: index))
        try Self.append(tool, log, [Self.relabel(Self.ids[0], "after")])
        let behind = try Self.histories(tool, log)
        #expect(String(decoding: behind[Self.ids[0]] ?? [], as: UTF8.self).contains("\"after\""))
        var damaged = try Data(contentsOf: URL(fileURLWithPath: index))
        damaged[100] ^= 0x40
        try damaged.write(to: URL(fileURLWithPath: index))
        #expect(try Self.histories(tool, log) == behind)
        try Self.append(tool, other, Self.ids.reversed().map(Self.submit))  // another log, the same ids
        try FileManager.default.removeItem(atPath: index)
        try FileManager.default.copyItem(atPath: other + "/index/sample_seq.tbl", toPath: index)
        #expect(try Self.histories(tool, log) == behind)
        try FileManager.default.removeItem(atPath: index)
        #expect(try Self.histories(tool, log) == behind)
        #expect(try tool.run(["verify", "--log", log]).status == 0)
    }

    @Test func theServerAnswersHistoriesFromTheIndexAsTheCLIPrintsThem() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let tool = try BinaryRunner.locate()
        let log = base.path + "/log"
        try Self.append(tool, log, Self.ids.map(Self.submit))
        try FileManager.default.removeItem(atPath: log + "/index/sample_seq.tbl")
        // The server writes the missing index when it starts, then appends past it.
        let server = try ServerProcess(directory: base.path)
        #expect(FileManager.default.fileExists(atPath: log + "/index/sample_seq.tbl"))
        #expect(try server.request("POST", "/v1/events", body: Self.relabel(Self.ids[2], "served")).status == 201)
        let served = try server.request("GET", "/v1/samples/\(Self.ids[2])/history", token: ServerProcess.readToken)
        #expect(served.status == 200)
        #expect(served.text.contains("\"served\""))
        let cli = try tool.run(["history", Self.ids[2], "--log", log, "--format", "json"])
        #expect(served.body == cli.stdout)
        #expect(try server.stop() == 0)
    }
}
