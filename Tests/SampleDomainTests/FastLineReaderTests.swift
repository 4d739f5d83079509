import EventLog
import Testing
@testable import SampleDomain
import TestSupport

/// The fast reader against the reference path (`InputParser`): whatever the fast reader accepts,
/// the reference accepts with an equal event; and batches validate to the same outcome with the
/// fast reader on and off.
@Suite("Fast line reader")
struct FastLineReaderTests {
    enum Verdict: Equatable { case fast, declined }

    /// Reads `bytes` both ways and checks they agree; says whether the fast reader took the line.
    @discardableResult
    static func agree(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Verdict {
        let reference = bytes.withUnsafeBufferPointer { InputParser.parse($0, lineNumber: 1) }
        guard let fast = bytes.withUnsafeBufferPointer({ FastLineReader.read($0) }) else { return .declined }
        let text = String(decoding: bytes, as: UTF8.self)
        switch reference {
        case .success(let event):
            #expect(fast == event, "fast reader read another event from \(text)", sourceLocation: sourceLocation)
        case .failure(let error):
            Issue.record("fast reader accepted a line the reference refuses (\(error)): \(text)", sourceLocation: sourceLocation)
        }
        return .fast
    }

    static func agree(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Verdict {
        agree(Array(text.utf8), sourceLocation: sourceLocation)
    }

    /// One to three random edits, as `FuzzTests` makes them.
    static func mutate(_ line: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var bytes = line
        for _ in 0..<Int.random(in: 1...3, using: &rng) {
            let at = Int.random(in: 0..<max(bytes.count, 1), using: &rng)
            switch Int.random(in: 0..<6, using: &rng) {
            case 0 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 1 where !bytes.isEmpty: bytes.remove(at: at)
            case 2: bytes.insert(contentsOf: FuzzTests.tokens.randomElement(using: &rng)!, at: min(at, bytes.count))
            case 3: bytes = Array(bytes.prefix(at))
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int.random(in: 1...20, using: &rng))
                bytes.insert(contentsOf: bytes[at..<end], at: at)
            default: if !bytes.isEmpty { bytes[at] ^= 1 << UInt8.random(in: 0...7, using: &rng) }
            }
        }
        return bytes
    }

    @Test("every line of the random operation stream: read fast, equal to the reference")
    func randomOperations() {
        var generator = RandomOperationGenerator(seed: 5)
        var fast = 0
        for _ in 0..<4_000 {
            let g = generator.next()
            if Self.agree(g.inputLine) == .fast { fast += 1 }
        }
        // Declined only for numbers it does not read itself (19-digit file sizes).
        #expect(fast > 3_800)
    }

    @Test("demo lines: all read fast")
    func demo() {
        var fast = 0, count = 0
        for g in DemoGenerator(seed: 3, samples: 300) {
            count += 1
            if Self.agree(g.inputLine) == .fast { fast += 1 }
        }
        #expect(count > 300 && fast == count)
    }

    @Test("random events with hostile strings and numbers")
    func randomEvents() {
        var rng = SplitMix64(seed: 99)
        var fast = 0, declined = 0
        for n in 0..<4_000 {
            let eventID: String? = n % 3 == 0 ? rng.string(maxLength: 300) : nil
            let line = InputLine.encode(rng.event(), eventID: eventID,
                                        style: InputLine.Style(uppercaseID: n % 5 == 0, explicitNulls: n % 2 == 0))
            if Self.agree(line) == .fast { fast += 1 } else { declined += 1 }
        }
        #expect(fast > 500 && declined > 500)
    }

    @Test("20,000 mutated lines")
    func mutated() {
        var rng = SplitMix64(seed: 20261126)
        var generator = RandomOperationGenerator(seed: 8)
        let lines = (0..<200).map { _ in Array(generator.next().inputLine.utf8) } + FuzzTests.seeds.map { Array($0.utf8) }
        var fast = 0
        for n in 0..<20_000 {
            if Self.agree(Self.mutate(lines[n % lines.count], &rng)) == .fast { fast += 1 }
        }
        // Edits inside string values often keep a line valid; most edits break it.
        #expect(fast > 500 && fast < 15_000)
    }

    @Test("3,000 random token soups")
    func soups() {
        var rng = SplitMix64(seed: 43)
        for _ in 0..<3_000 {
            var bytes: [UInt8] = [UInt8(ascii: "{")]
            for _ in 0..<Int.random(in: 0...40, using: &rng) { bytes += FuzzTests.tokens.randomElement(using: &rng)! }
            Self.agree(bytes)
        }
    }

    static let id = Fixture.idText
    static let crop = #","crop_data":{"x":1,"y":2,"width":3,"height":4}"#

    /// Lines the fast reader must leave to the reference (most are refused there).
    static let declined: [String] = [
        "", " ", "{}", "[]", "null", #"{"type":"sample.deleted"}"#,
        Fixture.line("sample.deleted") + " x", Fixture.line("sample.deleted") + "}",
        Fixture.line("sample.deleted", #","reason":"a","reason":"b""#),
        Fixture.line("sample.deleted", #","typ\u0065":"x""#),
        #"{"typ\u0065":"sample.deleted","sample_id":"\#(id)"}"#,
        #"{"type":"sample\u002edeleted","sample_id":"\#(id)"}"#,
        #"{"type":"sample.deleted","sample_id":"\#(id.uppercased())\u0020"}"#,
        #"{"type":"sample.deleted","sample_id":null}"#,
        Fixture.line("sample.deleted", #","label":"x""#),
        Fixture.line("sample.deleted", #","crop_data":null"#),
        Fixture.line("sample.deleted", #","é":1"#),
        Fixture.line("sample.deleted", #","reason":1"#),
        Fixture.line("sample.deleted", #","reason":true"#),
        Fixture.line("sample.deleted", #","reason":["a"]"#),
        Fixture.line("sample.deleted", #","reason":"a\u0000b""#),
        Fixture.line("sample.deleted", #","reason":"a"#),
        Fixture.line("sample.deleted", #","reason":"a",}"#),
        Fixture.line("sample.deleted", #","occurred_at":"2026-11-25""#),
        Fixture.line("sample.deleted", #","occurred_at":"2026-11-25T12:00:00\u005a""#),
        Fixture.line("sample.deleted", #","event_id":"""#),
        Fixture.line("sample.deleted", #","event_id":"a\u007fb""#),
        Fixture.line("sample.deleted", #","event_id":"a\#u{7F}b""#),
        Fixture.line("sample.deleted", #","event_id":"\#(String(repeating: "e", count: 257))""#),
        Fixture.submitted(#","label":"x""#),
        Fixture.submitted(#","image_width":-0"#), Fixture.submitted(#","image_width":-1"#),
        Fixture.submitted(#","image_width":01"#), Fixture.submitted(#","image_width":1.0"#),
        Fixture.submitted(#","image_width":1e2"#), Fixture.submitted(#","image_width":2147483648"#),
        Fixture.submitted(#","file_size_bytes":9223372036854775807"#),
        Fixture.submitted(#","file_size_bytes":9223372036854775808"#),
        Fixture.submitted(#","crop_data":{"x":1,"y":2,"width":3}"#),
        Fixture.submitted(#","crop_data":{"x":1,"y":2,"width":3,"height":4,"x":1}"#),
        Fixture.submitted(#","crop_data":{"x":-0,"y":2,"width":3,"height":4}"#),
        Fixture.submitted(#","crop_data":{"x":1,"y":2,"width":0,"height":4}"#),
        Fixture.submitted(#","crop_data":{"x":1,"y":2,"width":1e400,"height":4}"#),
        Fixture.submitted(#","crop_data":{"x":1,"y":2,"width":3,"height":4,"z":5}"#),
        Fixture.submitted(#","crop_data":{"x":1,"y":2,"width":3,"height":"4"}"#),
        Fixture.submitted(#","crop_data":{"x":1,"y":2,"width":3,"height":4},"#),
        Fixture.submitted(#","crop_data":[1,2,3,4]"#),
        #"{"type":"sample.submitted","sample_id":"\#(id)","image_url":"u","image_path":"p","label":"l"}"#,
        #"{"type":"sample.submitted","sample_id":"\#(id)","image_url":"u","image_path":"p","label":"l","label_type":"Grade"}"#,
        #"{"type":"sample.submitted","sample_id":"\#(id)","image_url":"","image_path":"p","label":"l","label_type":"grade"}"#,
        Fixture.line("nyckel.responded", #","status":"ok""#),
        Fixture.line("nyckel.responded", #","status":"\u0061ccepted""#),
        Fixture.line("nyckel.responded"),
        Fixture.line("sample.relabeled", #","label":"""#),
        Fixture.line("sample.relabeled", #","label":"\#(String(repeating: "l", count: 257))""#),
        Fixture.line("sample.relabeled", #","label":"x","label_type":"color""#),
        Fixture.line("sample.relabeled", #","label":"x","label_type":1"#),
    ]

    @Test("lines left to the reference path", arguments: declined)
    func declinedLines(_ line: String) {
        #expect(Self.agree(line) == .declined, "\(line)")
    }

    /// Valid lines in unusual spellings the fast reader still takes.
    static let taken: [String] = [
        " \t" + Fixture.line("sample.deleted") + " \r\n",
        #"{ "sample_id" : "\#(id.uppercased())" , "type" : "sample.deleted" }"#,
        Fixture.line("sample.deleted", #","reason":null,"actor":null,"occurred_at":null,"event_id":null"#),
        Fixture.line("sample.deleted", #","reason":"","actor":"a\"b\\c\/d\u00e9\uD83D\uDE42 ü""#),
        Fixture.line("sample.deleted", #","event_id":"\#(String(repeating: "e", count: 256))""#),
        Fixture.line("sample.deleted", #","occurred_at":"2026-11-25T13:00:00.123456789+01:00""#),
        Fixture.submitted(Self.crop + #","image_width":0,"image_height":2147483647,"file_size_bytes":999999999999999999"#),
        Fixture.submitted(#","crop_data":{"height":4.5,"width":1E2,"y":0,"x":0.0}"#),
        Fixture.submitted(#","crop_data":{"x":0.1,"y":1e-400,"width":123456789012345678,"height":1.7976931348623157e308}"#),
        Fixture.submitted(#","crop_data":null,"image_width":null,"region_name":"""#),
        Fixture.line("nyckel.responded", #","status":"error","error":"","nyckel_sample_id":"n""#),
        Fixture.line("nyckel.resubmitted"),
        Fixture.line("sample.relabeled", #","label":"é","label_type":null"#),
        Fixture.line("sample.relabeled", #","label_type":"defect","label":"\#(String(repeating: "l", count: 256))""#),
    ]

    @Test("unusual but valid spellings read fast", arguments: taken)
    func takenLines(_ line: String) {
        #expect(Self.agree(line) == .fast, "\(line)")
    }

    @Test("a line over the size limit is left to the reference")
    func oversized() {
        let line = Fixture.line("sample.deleted", #","reason":"\#(String(repeating: "r", count: InputParser.maxLineBytes))""#)
        #expect(Self.agree(line) == .declined)
    }
}
