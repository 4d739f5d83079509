import EventLog
import Foundation
import SampleDomain
import Testing

/// docs/events.md shows real stored lines; they must stay true to the format the code writes and reads.
@Suite("docs/events.md tag record example")
struct TagDocsTests {
    @Test func exampleLinesVerifyDecodeAndReencode() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/events.md"), encoding: .utf8)
        let section = try #require(text.range(of: "## The tag record"))
        let block = text[section.upperBound...]
        let fence = try #require(block.range(of: "```json\n"))
        let end = try #require(block[fence.upperBound...].range(of: "```"))
        let lines = block[fence.upperBound..<end.lowerBound].split(separator: "\n")
        #expect(lines.count == 3)

        let directory = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: directory.appendingPathComponent("00000000000000000001.jsonl"))
        #expect(try verifyLog(directory: directory.path).records == 3)
        let reader = try LogReader(directory: directory.path)
        var events = 0
        try SampleEventReader.forEach(in: reader) { _, _, _, _ in events += 1 }
        #expect(events == 1)
        let tag = try TagIndex.load(reader).tag(named: "model-v3")
        #expect(tag.seq == 0 && tag.previousSeqs == [1] && tag.recordSeq == 3 && tag.note == nil)
        // The payloads are what TagRecord writes, byte for byte.
        let name = try TagName("model-v3")
        #expect(lines[1].contains(#""data":\#(String(decoding: TagRecord(name: name, seq: 1, note: "trained 2026-11-25").payload, as: UTF8.self)),"#))
        #expect(lines[2].contains(#""data":\#(String(decoding: TagRecord(name: name, seq: 0, movedFrom: 1).payload, as: UTF8.self)),"#))
    }
}
