/// SplitMix64: a seeded random number generator that gives the same numbers everywhere.
///
/// tslog's demo data and its differential tests must be reproducible from a seed alone, on every
/// platform and every Swift version, so nothing here relies on the standard library's
/// `random(in:using:)` (whose algorithm may change): the bounded helpers below are written out.
/// The mixing constants are Sebastiano Vigna's (public domain), as in swift-argument-parser's
/// `roll` example.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose whole future is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SplitMix64 {
    /// A number in `0..<bound` (bound > 0), by multiply-high: portable, and biased by at most
    /// bound / 2^64, which no demo or test can notice.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "below(\(bound)): the bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A number in `range`.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// True with probability `percent` / 100.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// One element of a non-empty array.
    public mutating func pick<T>(_ items: [T]) -> T { items[below(items.count)] }

    /// One element, each drawn with probability proportional to its weight (weights > 0 in total).
    public mutating func weighted<T>(_ items: [(T, Int)]) -> T {
        let total = items.reduce(0) { $0 + $1.1 }
        var r = below(total)
        for (item, weight) in items {
            if r < weight { return item }
            r -= weight
        }
        return items[items.count - 1].0
    }

    /// A random version-4 UUID (variant bits set as RFC 9562 says).
    public mutating func sampleID() -> SampleID {
        let high = (next() & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        let low = (next() & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return SampleID(high: high, low: low)
    }

    /// `count` characters from `alphabet` (lowercase letters and digits unless told).
    public mutating func token(_ count: Int, alphabet: String = "abcdefghijklmnopqrstuvwxyz0123456789") -> String {
        let chars = Array(alphabet)
        return String((0..<count).map { _ in chars[below(chars.count)] })
    }
}
