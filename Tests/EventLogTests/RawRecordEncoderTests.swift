import Testing
@testable import EventLog

/// `RecordEncoder.write` (the raw-cursor encoder of the batch write path) against
/// `RecordEncoder.append` (the pinned one), and its length bound.
@Suite struct RawRecordEncoderTests {
    static let pieces = ["a", "Z", " ", "\"", "\\", "\n", "\t", "\u{1}", "\u{1F}", "\u{7F}", "é", "您", "🙂", "plain", "sample.submitted"]

    static func string(_ rng: inout SplitMix64, max: Int) -> String {
        var s = ""
        for _ in 0..<Int.random(in: 1...max, using: &rng) { s += pieces.randomElement(using: &rng)! }
        return s
    }

    @Test("seeded records: same bytes, within the bound")
    func sameBytes() {
        var rng = SplitMix64(seed: 2026)
        for n in 0..<5_000 {
            let payload = Array(#"{"n":\#(n),"s":"\#(String(repeating: "x", count: Int.random(in: 0...600, using: &rng)))"}"#.utf8)
            let record = NewRecord(type: Self.string(&rng, max: 6), schemaVersion: Int.random(in: 0...999_999_999, using: &rng),
                                   eventID: Bool.random(using: &rng) ? Self.string(&rng, max: 40) : nil, payload: payload)
            let seq = n % 7 == 0 ? UInt64.max - UInt64(n) : UInt64(n + 1)
            let time = Timestamp(microseconds: Int64.random(in: Timestamp.minimum.microseconds...Timestamp.maximum.microseconds,
                                                            using: &rng))
            var expected: [UInt8] = []
            RecordEncoder.append(seq: seq, recordedAt: time, record: record, to: &expected)
            let bound = RecordEncoder.maximumLength(record)
            let written = [UInt8](unsafeUninitializedCapacity: bound) { buffer, count in
                count = buffer.baseAddress.map { RecordEncoder.write(seq: seq, recordedAt: time, record: record, to: $0) } ?? 0
            }
            #expect(written == expected)
            #expect(written.count <= bound)
        }
    }

    @Test("the bound holds for strings made only of characters escaped as \\u00XX")
    func worstCase() {
        let nasty = String(repeating: "\u{1}", count: 300)
        let record = NewRecord(type: nasty, schemaVersion: 999_999_999, eventID: nasty, payload: Array("{}".utf8))
        var expected: [UInt8] = []
        RecordEncoder.append(seq: .max, recordedAt: Timestamp.maximum, record: record, to: &expected)
        #expect(expected.count <= RecordEncoder.maximumLength(record))
    }
}
