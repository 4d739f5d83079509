import Foundation
import Testing
@testable import tslog

/// The byte-level helpers answer exactly what the Foundation calls they replace answered.
@Suite("HTTP text helpers")
struct HTTPTextTests {
    static let samples = [
        "", " ", "\t", "  a b  ", "\tBearer\t", "close", " Keep-Alive ", "CLOSE", "clos", "closed",
        "\u{212A}eep-alive", "\u{00A0}token\u{00A0}", "\u{3000}x", "t\u{00E9}st ", "Content-Length", "content-length",
    ]

    @Test func trimmedIsFoundationsWhitespaceTrim() {
        for s in Self.samples {
            #expect(HTTPText.trimmed(s) == s.trimmingCharacters(in: .whitespaces), "\(s.debugDescription)")
            let sub = Substring(s)
            #expect(HTTPText.trimmed(sub) == sub.trimmingCharacters(in: .whitespaces), "\(s.debugDescription)")
        }
    }

    @Test func equalsLowercasedIsLowercasedEquality() {
        for s in Self.samples {
            for lower in ["close", "keep-alive", "bearer", "content-length", "", "a b"] {
                #expect(HTTPText.equalsLowercased(s, lower) == (s.lowercased() == lower), "\(s.debugDescription) \(lower)")
            }
        }
    }

    @Test func oneDecimalRoundsToATenth() {
        for (value, text) in [(0.0, "0.0"), (3.25, "3.2"), (3.35, "3.4"), (12.34, "12.3"), (9.96, "10.0"), (1234.5678, "1234.6")] {
            #expect(HTTPText.oneDecimal(value) == text)
            #expect(HTTPText.oneDecimal(value) == String(format: "%.1f", value))
        }
        var random = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let v = Double(UInt64.random(in: 0...10_000_000, using: &random)) / 997.0
            let printf = String(format: "%.1f", v)
            #expect(HTTPText.oneDecimal(v) == printf || abs(v * 10 - (v * 10).rounded(.down) - 0.5) < 1e-6, "\(v)")
        }
    }
}
