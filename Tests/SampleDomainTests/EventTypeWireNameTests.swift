import Testing
@testable import SampleDomain

/// `EventType(wireName:)`, which names every record's type on the read path, agrees with the
/// raw values and refuses every near miss.
@Suite struct EventTypeWireNameTests {
    static func type(_ text: String) -> EventType? {
        Array(text.utf8).withUnsafeBufferPointer { EventType(wireName: $0) }
    }

    @Test func everyCaseByItsRawValue() {
        for type in EventType.allCases { #expect(Self.type(type.rawValue) == type) }
    }

    @Test func nearMissesAreNoType() {
        var misses = ["", "sample", "sample.Submitted", "SAMPLE.SUBMITTED", "sample.submitted ", " sample.deleted",
                      "sample.deletes", "nyckel.resubmitte", "nyckel.resubmitted.", "tag.created", "sample_submitted"]
        // Every raw value with each byte changed, one at a time, and cut short by one byte.
        for type in EventType.allCases {
            let bytes = Array(type.rawValue.utf8)
            for i in bytes.indices {
                var changed = bytes
                changed[i] ^= 0x20
                misses.append(String(decoding: changed, as: UTF8.self))
            }
            misses.append(String(decoding: bytes.dropLast(), as: UTF8.self))
        }
        for miss in misses { #expect(Self.type(miss) == nil, "\(miss)") }
    }
}
