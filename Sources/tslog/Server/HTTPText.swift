import Foundation

/// Text helpers for the HTTP layer that give exactly what Foundation's
/// `trimmingCharacters(in: .whitespaces)` and `lowercased() ==` gave, working on the bytes when
/// the text is ASCII (it nearly always is: header names are tokens), so no request bridges
/// through `NSString` (that was about 8 % of the server's CPU per request).
enum HTTPText {
    /// `text` without leading and trailing whitespace (`CharacterSet.whitespaces`: in ASCII, space
    /// and tab; a non-ASCII text goes through Foundation, which also trims Unicode spaces).
    static func trimmed<S: StringProtocol>(_ text: S) -> String {
        let bytes = Substring(text).utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return text.trimmingCharacters(in: .whitespaces) }
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start = bytes.index(after: start) }
        while end > start {
            let before = bytes.index(before: end)
            guard bytes[before] == 0x20 || bytes[before] == 0x09 else { break }
            end = before
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// Whether `text.lowercased() == lower`, for a `lower` that is lower-case ASCII. An ASCII
    /// `text` is compared byte by byte; any other goes through `lowercased()` (a non-ASCII
    /// character may lower-case to ASCII, as the Kelvin sign does to `k`).
    static func equalsLowercased<S: StringProtocol>(_ text: S, _ lower: String) -> Bool {
        let bytes = text.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return text.lowercased() == lower }
        guard bytes.count == lower.utf8.count else { return false }
        return zip(bytes, lower.utf8).allSatisfy { a, b in (a >= 0x41 && a <= 0x5A ? a | 0x20 : a) == b }
    }

    /// `value` rounded to one decimal (`12.3`), as the access log writes milliseconds, without
    /// the C formatter (`String(format: "%.1f")`, which may differ in the last digit only for a
    /// value within a rounding error of a tie). Other values go through that formatter.
    static func oneDecimal(_ value: Double) -> String {
        guard value.isFinite, value >= 0, value < 1e14 else { return String(format: "%.1f", value) }
        let tenths = Int64((value * 10).rounded(.toNearestOrEven))
        return "\(tenths / 10).\(tenths % 10)"
    }
}
