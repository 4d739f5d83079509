import EventLog
import Foundation
import Testing
@testable import SampleDomain

@Suite("Tags")
struct TagTests {
    @Test(arguments: ["model-v3", "2026-11-weekly", "v1.0", "您好🙂", "a/b", String(repeating: "x", count: 128), "👩‍🔬"])
    func validNames(_ text: String) throws {
        #expect(try TagName(text).text == text)
    }

    @Test(arguments: [
        ("", "a tag name must not be empty"),
        (String(repeating: "é", count: 65), "a tag name is at most 128 bytes, this one is 130"),
        ("model v3", "a tag name must not contain whitespace or control characters (found U+20)"),
        ("tab\there", "a tag name must not contain whitespace or control characters (found U+9)"),
        ("nl\n", "a tag name must not contain whitespace or control characters (found U+A)"),
        ("nbsp\u{A0}", "a tag name must not contain whitespace or control characters (found U+A0)"),
        ("del\u{7F}", "a tag name must not contain whitespace or control characters (found U+7F)"),
        ("zw\u{200B}sp", "a tag name must not contain whitespace or control characters (found U+200B)"),
        ("42", "a tag name must not be all digits (it would read as a seq number)"),
        ("2026-11-25T12:00:00Z", "a tag name must not be an RFC 3339 time (it would read as a time)"),
    ])
    func invalidNames(_ text: String, _ why: String) {
        #expect(throws: TagError.invalidName(text, why)) { try TagName(text) }
    }

    /// The frozen payload, byte for byte.
    @Test func payloadIsPinned() throws {
        let full = TagRecord(name: try TagName("model-v3"), seq: 41, note: "trained \"v3\"\n", movedFrom: 12)
        #expect(String(decoding: full.payload, as: UTF8.self) == #"{"name":"model-v3","seq":41,"note":"trained \"v3\"\n","moved_from":12}"#)
        let bare = TagRecord(name: try TagName("t"), seq: 0)
        #expect(String(decoding: bare.payload, as: UTF8.self) == #"{"name":"t","seq":0}"#)
        for record in [full, bare] {
            let back = try record.payload.withUnsafeBufferPointer { p throws(TagError) in try TagRecord.decode(payload: p, version: 1, recordSeq: 9) }
            #expect(back == record)
        }
    }

    @Test(arguments: [
        (#"{"name":"t"}"#, 1, "record seq 9: tag payload: field 'seq' is missing"),
        (#"{"name":"t","seq":-1}"#, 1, "record seq 9: tag payload: field 'seq' must be a non-negative integer"),
        (#"{"name":"t","seq":1.5}"#, 1, "record seq 9: tag payload: field 'seq' must be a non-negative integer"),
        (#"{"name":"a b","seq":1}"#, 1, "record seq 9: tag payload: invalid tag name 'a b': a tag name must not contain whitespace or control characters (found U+20)"),
        (#"{"name":"t","seq":1,"x":1}"#, 1, "record seq 9: tag payload: unknown field 'x'"),
        (#"{"name":"t","seq":1,"note":null}"#, 1, "record seq 9: tag payload: field 'note' must be a string"),
        (#"{"name":"t","seq":1}"#, 2, "record seq 9: tag record schema version 2 is not one this tslog understands (1)"),
    ])
    func badPayloadsAreRefusedWithTheirSeq(_ text: String, _ version: Int, _ message: String) {
        let bytes = Array(text.utf8)
        do {
            _ = try bytes.withUnsafeBufferPointer { p throws(TagError) in try TagRecord.decode(payload: p, version: version, recordSeq: 9) }
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func setMoveAndListThroughTheStore() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tslog-tag-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let store = try SampleStore(directory: dir)
        let lines = [Fixture.submitted(), Fixture.line("sample.relabeled", #","label":"mint""#)]
        _ = try store.append(lines: lines.enumerated().map { ($0.offset + 1, Array($0.element.utf8)) }, skipInvalid: false, now: Fixture.time)
        try store.close()

        let v1 = try TagName("v1")
        let first = try TagStore.set(directory: dir, name: v1, at: nil, note: "first", move: false)
        #expect(first.storedAt == 3 && first.record == TagRecord(name: v1, seq: 2, note: "first"))
        #expect(throws: TagError.exists(name: "v1", seq: 2)) {
            try TagStore.set(directory: dir, name: v1, at: 1, note: nil, move: false)
        }
        #expect(throws: TagError.beyondEnd(seq: 9, last: 3)) {
            try TagStore.set(directory: dir, name: try TagName("v2"), at: 9, note: nil, move: false)
        }
        let moved = try TagStore.set(directory: dir, name: v1, at: 1, note: nil, move: true)
        #expect(moved.storedAt == 4 && moved.record.movedFrom == 2)
        _ = try TagStore.set(directory: dir, name: try TagName("empty"), at: 0, note: nil, move: false)
        // Names compare byte for byte: a decomposed é is another tag than the precomposed one.
        _ = try TagStore.set(directory: dir, name: try TagName("\u{e9}"), at: 1, note: nil, move: false)
        _ = try TagStore.set(directory: dir, name: try TagName("e\u{301}"), at: 2, note: nil, move: false)

        let index = try TagIndex.load(try LogReader(directory: dir))
        #expect(index.all.map { Array($0.name.text.utf8) } == [Array("empty".utf8), Array("e\u{301}".utf8), Array("v1".utf8), Array("\u{e9}".utf8)])
        #expect(try index.tag(named: "\u{e9}").seq == 1 && index.tag(named: "e\u{301}").seq == 2)
        let tag = try index.tag(named: "v1")
        #expect(tag.seq == 1 && tag.note == nil && tag.recordSeq == 4 && tag.previousSeqs == [2])
        #expect(throws: TagError.unknown(name: "v9", known: ["empty", "e\u{301}", "v1", "\u{e9}"])) { try index.tag(named: "v9") }
        // Tags as of an earlier point: only the records up to it.
        #expect(try TagIndex.load(try LogReader(directory: dir), through: 3).tag(named: "v1").seq == 2)

        // Sample-event readers skip the tag records; the registry ignores them too.
        var seqs: [UInt64] = []
        try SampleEventReader.forEach(in: try LogReader(directory: dir)) { seq, _, _, _ in seqs.append(seq) }
        #expect(seqs == [1, 2])
        let reopened = try SampleStore(directory: dir)
        defer { try? reopened.close() }
        let again = try reopened.append(lines: [(1, Array(Fixture.line("nyckel.responded", #","status":"accepted""#).utf8))],
                                        skipInvalid: false, now: Fixture.time)
        #expect(again.range == 8...8)
    }
}
