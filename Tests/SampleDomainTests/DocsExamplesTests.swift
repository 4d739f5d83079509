import EventLog
import Foundation
import Testing
@testable import SampleDomain

/// The documentation's example lines are real: each input example parses, and its payload is
/// byte for byte the documented payload line.
@Suite("Documentation examples")
struct DocsExamplesTests {
    /// `docs/domain.md`, or `docs/events.md` once it has been merged there.
    static func documentation() throws -> String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for name in ["docs/domain.md", "docs/events.md"] {
            let url = root.appendingPathComponent(name)
            if let text = try? String(contentsOf: url, encoding: .utf8), text.contains(#"{"type":"sample.submitted""#) {
                return text
            }
        }
        throw CocoaError(.fileNoSuchFile)
    }

    @Test("input examples encode to the documented payload lines")
    func examples() throws {
        let lines = try Self.documentation().split(separator: "\n").map(String.init)
        let inputs = lines.filter { $0.hasPrefix(#"{"type":"#) }
        let payloads = lines.filter { $0.hasPrefix(#"{"sample_id":"#) }
        try #require(inputs.count == EventType.allCases.count && payloads.count == EventType.allCases.count)
        let defaultTime = try #require(Timestamp(rfc3339: "2026-11-25T11:59:59.5Z"))
        for (input, payload) in zip(inputs, payloads) {
            let event = try InputParser.parse(input, lineNumber: 1).get().event(defaultTime: defaultTime)
            #expect(String(decoding: PayloadCodec.encode(event), as: UTF8.self) == payload)
        }
    }
}
