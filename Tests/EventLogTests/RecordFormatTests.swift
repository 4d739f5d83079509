import Foundation
import Testing
@testable import EventLog

@Suite("Stored record format")
struct RecordFormatTests {
    func line(_ r: NewRecord, seq: UInt64 = 1) -> String {
        var out: [UInt8] = []
        RecordEncoder.append(seq: seq, recordedAt: t0, record: r, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    @Test func pinnedLineWithoutEventID() {
        let r = NewRecord(type: "sample.relabeled", schemaVersion: 1, payload: Array(#"{"label":"near_mint"}"#.utf8))
        #expect(line(r, seq: 7) == PINNED_NO_ID)
    }

    @Test func pinnedLineWithEventID() {
        let r = NewRecord(type: "sample.submitted", schemaVersion: 1, eventID: "abc", payload: Array(#"{}"#.utf8))
        #expect(line(r) == PINNED_ID)
    }

    @Test func pinnedLineWithEscapesInEventID() {
        let r = NewRecord(type: "t", schemaVersion: 2, eventID: "q\"b\\s\nt\t\u{1}您好🙂", payload: Array(#"{"a":[1,2.5,null]}"#.utf8))
        #expect(line(r, seq: 12345678901234567890) == PINNED_ESCAPES)
    }

    @Test func appendWritesThePinnedLineToTheSegment() throws {
        try withTempLog { dir in
            try withWriter(dir) { w in
                _ = try w.append([NewRecord(type: "sample.submitted", schemaVersion: 1, eventID: "abc", payload: Array("{}".utf8), recordedAt: t0)])
            }
            let bytes = try readBytes(dir + "/00000000000000000001.jsonl")
            #expect(String(decoding: bytes, as: UTF8.self) == PINNED_ID)
            #expect(try jqFailures(dir).isEmpty)
        }
    }

    @Test func parserReadsBackEveryField() throws {
        let r = NewRecord(type: "t\"x", schemaVersion: 3, eventID: "q\"b\\s\nt\t\u{1}您好🙂", payload: Array(#"{"a":"}"}"#.utf8))
        var out: [UInt8] = []
        RecordEncoder.append(seq: 42, recordedAt: t0, record: r, to: &out)
        out.removeLast()
        try out.withUnsafeBufferPointer { b in
            let p = try RecordParser.parse(b, verifyChecksum: true)
            let view = RecordView(p, line: b, segmentFirstSeq: 40, byteOffset: 0)
            #expect(view.seq == 42)
            #expect(view.recordedAt == t0)
            #expect(view.schemaVersion == 3)
            #expect(view.typeString == "t\"x")
            #expect(view.eventID == "q\"b\\s\nt\t\u{1}您好🙂")
            #expect(String(decoding: view.payload, as: UTF8.self) == #"{"a":"}"}"#)
            #expect(view.lineNumber == 3)
        }
    }

    @Test(arguments: [
        (#"{"seq":01,"#, "bad seq"),
        (#"{"seq":1,"recorded_at":"2026-11-25T12:00:00Z","#, "recorded_at"),
        ("garbage", "short"),
        ("", "short"),
    ])
    func parserRefusesNonEnvelopes(prefix: String, _: String) {
        var bytes = Array(PINNED_ID.utf8.dropLast())
        if prefix.count > 12 || prefix.isEmpty || prefix == "garbage" { bytes = Array(prefix.utf8) } else {
            bytes = Array(prefix.utf8) + Array(PINNED_ID.utf8.dropFirst(9).dropLast())
        }
        let parsed = bytes.withUnsafeBufferPointer { try? RecordParser.parse($0, verifyChecksum: true) }
        #expect(parsed == nil)
    }

    @Test func everySingleByteChangeIsRefused() {
        let good = Array(PINNED_ESCAPES.utf8.dropLast())
        var accepted = 0
        for i in good.indices {
            for delta: UInt8 in [1, 0x20] {
                var bad = good
                bad[i] ^= delta
                if bad.withUnsafeBufferPointer({ (try? RecordParser.parse($0, verifyChecksum: true)) != nil }) { accepted += 1 }
            }
        }
        #expect(accepted == 0)
    }

    @Test func unescapeHandlesSurrogatesAndBadEscapes() {
        func u(_ s: String) -> String { Array(s.utf8).withUnsafeBufferPointer { JSONUnescape.string($0) } }
        #expect(u(#"\ud83d\ude42"#) == "🙂")
        #expect(u(#"a\/b\u00e9"#) == "a/bé")
        #expect(u(#"\ud83d"#) == "\u{FFFD}")
    }

    @Test func validatorAcceptsJSONAndRefusesNewlines() {
        #expect(JSONValidator.check(Array(#"{"a":[1,-2.5e3,true,false,null,{"b":"\u00e9"}]}"#.utf8), objectOnly: true) == nil)
        #expect(JSONValidator.check(Array("{\"a\":\n1}".utf8), objectOnly: true) != nil)
        #expect(JSONValidator.check(Array(#"[1]"#.utf8), objectOnly: true) != nil)
        #expect(JSONValidator.check(Array(#"{"a":01}"#.utf8), objectOnly: true) != nil)
        #expect(JSONValidator.check(Array(#"{"a":1}x"#.utf8), objectOnly: true) != nil)
        #expect(JSONValidator.check(Array(#"{"a":"\x"}"#.utf8), objectOnly: true) != nil)
    }
}

// Pinned stored lines. The checksums were cross-checked with an independent bitwise CRC-32C.
// If these change, the on-disk format changed: that must never happen silently.
let PINNED_NO_ID = #"{"seq":7,"recorded_at":"2026-11-25T12:00:00.000000Z","type":"sample.relabeled","v":1,"data":{"label":"near_mint"},"crc32c":"e5adcc1f"}"# + "\n"
let PINNED_ID = #"{"seq":1,"recorded_at":"2026-11-25T12:00:00.000000Z","type":"sample.submitted","v":1,"event_id":"abc","data":{},"crc32c":"ca937852"}"# + "\n"
let PINNED_ESCAPES = #"{"seq":12345678901234567890,"recorded_at":"2026-11-25T12:00:00.000000Z","type":"t","v":2,"event_id":"q\"b\\s\nt\t\u0001您好🙂","data":{"a":[1,2.5,null]},"crc32c":"5ed471f7"}"# + "\n"
