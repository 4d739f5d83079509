import EventLog
import Foundation
import SampleDomain
import Testing

/// docs/events.md shows real stored lines; they must stay true to the format the code reads.
@Suite("docs/events.md stored examples")
struct DocsStoredLinesTests {
    @Test func exampleStoredLinesVerifyAndDecode() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("docs/events.md"), encoding: .utf8)
        let section = try #require(text.range(of: "## Stored records"))
        let block = text[section.upperBound...]
        let fence = try #require(block.range(of: "```json\n"))
        let end = try #require(block[fence.upperBound...].range(of: "```"))
        let lines = block[fence.upperBound..<end.lowerBound].split(separator: "\n")
        #expect(lines.count == EventType.allCases.count, "one stored example per event type")

        let directory = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let segment = directory.appendingPathComponent("00000000000000000001.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: segment)
        let report = try verifyLog(directory: directory.path)
        #expect(report.records == UInt64(lines.count))

        var types: [EventType] = []
        try SampleEventReader.forEach(in: try LogReader(directory: directory.path)) { _, _, event, _ in
            types.append(event.body.type)
        }
        // One line per type; the image events come before the delete, as a real append needs.
        #expect(types.count == EventType.allCases.count && Set(types) == Set(EventType.allCases))
    }
}
