import Testing
@testable import EventLog

/// `RecordEncoder.appendTime` (the allocation-free formatter of the write path) must give exactly
/// `Timestamp.appendRFC3339(.microseconds)`.
@Suite struct RecordTimeFormatTests {
    @Test(arguments: [Timestamp.minimum.microseconds, Timestamp.maximum.microseconds, 0, -1, 1, 86_399_999_999,
                      951_782_400_000_000, 1_764_072_000_000_000, 1_764_072_000_123_456, -62_135_596_799_999_999])
    func edgeTimes(_ micros: Int64) {
        let t = Timestamp(microseconds: micros)
        var fast: [UInt8] = []
        RecordEncoder.appendTime(t, to: &fast)
        #expect(String(decoding: fast, as: UTF8.self) == t.rfc3339(.microseconds))
    }

    @Test func seededTimesAcrossTheWholeRange() {
        var rng = SplitMix64(seed: 3056)
        var fast: [UInt8] = []
        var slow: [UInt8] = []
        for _ in 0..<50_000 {
            let t = Timestamp(microseconds: Int64.random(in: Timestamp.minimum.microseconds...Timestamp.maximum.microseconds, using: &rng))
            fast.removeAll(keepingCapacity: true); slow.removeAll(keepingCapacity: true)
            RecordEncoder.appendTime(t, to: &fast)
            t.appendRFC3339(to: &slow, .microseconds)
            #expect(fast == slow)
            if fast != slow { return }
        }
    }
}
