@testable import Projections
import SampleDomain
import Testing

/// The interner against a dictionary keyed by UTF-8 bytes: dense ids in first-seen order, the
/// same id for the same bytes, different ids for canonically equivalent but different bytes.
@Suite("String interner")
struct StringInternerTests {
    @Test func agreesWithADictionaryOfBytes() {
        var rng = SplitMix64(seed: 71)
        let fixed = ["", "a", "A", "\u{E9}", "e\u{301}", "您好🙂", "x,y", String(repeating: "long label ", count: 20)]
        let pool = fixed + (0..<3_000).map { "label-\($0 % 1_500)-\($0 % 7)" }
        var interner = StringInterner()
        var oracle: [[UInt8]: Int32] = [:]
        for _ in 0..<20_000 {
            let text = pool[Int(rng.next() % UInt64(pool.count))]
            let expected = oracle[Array(text.utf8)] ?? Int32(oracle.count)
            oracle[Array(text.utf8)] = expected
            #expect(interner.intern(text) == expected)
        }
        #expect(interner.count == oracle.count)
        for (bytes, id) in oracle {
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(interner.id(of: text) == id)
            #expect(Array(interner[id].utf8) == bytes)
        }
        #expect(interner.id(of: "never seen") == nil)
        #expect(interner.id(of: "\u{E9}") != interner.id(of: "e\u{301}"))
    }
}
