import Testing
@testable import SampleDomain

/// `PayloadWord(wireBytes:)`, which reads every `label_type` and `status` on the read path,
/// agrees with the raw values and refuses every near miss.
@Suite struct PayloadWordTests {
    static func word<T: PayloadWord>(_ text: String, _: T.Type) -> T? {
        Array(text.utf8).withUnsafeBufferPointer { T(wireBytes: $0) }
    }

    /// The raw values with each byte changed, one at a time, and cut short by one byte.
    static func nearMisses(_ rawValues: [String]) -> [String] {
        var misses = ["", " ", "x"]
        for raw in rawValues {
            let bytes = Array(raw.utf8)
            for i in bytes.indices {
                var changed = bytes
                changed[i] ^= 0x20
                misses.append(String(decoding: changed, as: UTF8.self))
            }
            misses.append(String(decoding: bytes.dropLast(), as: UTF8.self))
            misses.append(raw + " ")
        }
        return misses
    }

    @Test func labelTypes() {
        for type in LabelType.allCases { #expect(Self.word(type.rawValue, LabelType.self) == type) }
        for miss in Self.nearMisses(LabelType.allCases.map(\.rawValue)) {
            #expect(Self.word(miss, LabelType.self) == nil, "\(miss)")
        }
    }

    @Test func responseStatuses() {
        for status in ResponseStatus.allCases { #expect(Self.word(status.rawValue, ResponseStatus.self) == status) }
        for miss in Self.nearMisses(ResponseStatus.allCases.map(\.rawValue)) + ["submitted"] {
            #expect(Self.word(miss, ResponseStatus.self) == nil, "\(miss)")
        }
    }
}
