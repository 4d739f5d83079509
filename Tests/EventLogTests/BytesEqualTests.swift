import Testing
@testable import EventLog

/// `bytesEqual` against `==` on arrays: every length up to 40, equal inputs and inputs that
/// differ in exactly one byte at every position.
@Suite struct BytesEqualTests {
    @Test func agreesWithArrayEquality() {
        var rng = SplitMix64(seed: 0xB17E)
        for count in 0...40 {
            let a = (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            a.withUnsafeBufferPointer { pa in
                a.withUnsafeBufferPointer { pb in
                    #expect(bytesEqual(pa.baseAddress ?? UnsafePointer(bitPattern: 1)!, pb.baseAddress ?? UnsafePointer(bitPattern: 1)!, count))
                }
            }
            for position in 0..<count {
                var b = a
                b[position] ^= UInt8(1 << (rng.next() % 8))
                let same = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in bytesEqual(pa.baseAddress!, pb.baseAddress!, count) } }
                #expect(!same, "length \(count), byte \(position)")
            }
        }
    }
}
