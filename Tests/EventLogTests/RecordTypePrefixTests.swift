import Testing
@testable import EventLog

/// `RecordTypePrefix.matches` (four bytes read as one word, asked of every record a read sees)
/// against its safe twin, a plain `starts(with:)`: every type that differs from the prefix in
/// one byte (all 256 values at each of the four places), shorter and longer types, and every
/// start alignment inside a buffer.
@Suite struct RecordTypePrefixTests {
    static func fast(_ bytes: ArraySlice<UInt8>, _ prefix: StaticString) -> Bool {
        bytes.withUnsafeBufferPointer { RecordTypePrefix.matches($0, prefix) }
    }

    static func safe(_ bytes: ArraySlice<UInt8>, _ prefix: StaticString) -> Bool {
        bytes.starts(with: UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount))
    }

    @Test(arguments: ["log.", "tag."] as [StaticString])
    func equalsTheSafeTwin(_ prefix: StaticString) {
        let word = Array(UnsafeBufferPointer(start: prefix.utf8Start, count: 4))
        var types: [[UInt8]] = [[], Array(word[..<1]), Array(word[..<2]), Array(word[..<3]), word, word + Array("set".utf8),
                                Array("sample.submitted".utf8), Array("nyckel.responded".utf8), Array("løg.".utf8)]
        for place in 0..<4 {
            for value in 0...255 {
                var t = word
                t[place] = UInt8(value)
                types.append(t)
                types.append(t + [0x78])
            }
        }
        for type in types {
            // The type at every offset of a larger buffer, with bytes before and after it.
            for offset in 0..<8 {
                let buffer = Array(repeating: UInt8(ascii: "x"), count: offset) + type + Array("\",\"v\":1".utf8)
                let slice = buffer[offset..<(offset + type.count)]
                #expect(Self.fast(slice, prefix) == Self.safe(slice, prefix), "\(type) at \(offset)")
            }
        }
        #expect(Self.fast(word[...], prefix) && !Self.fast(word[..<3], prefix))
    }
}
