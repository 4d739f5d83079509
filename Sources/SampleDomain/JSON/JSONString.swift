/// Reads one JSON string strictly: valid UTF-8 only, no raw control characters, only RFC 8259's
/// escapes, and `\u` surrogates only as a high-low pair.
///
/// Shared by the input scanner and the payload decoder. Bytes are copied once into a `String`;
/// a string without a backslash is taken straight from the buffer with no unescaping pass.
enum JSONString {
    struct Failure: Error, Equatable, Sendable {
        /// Zero-based byte offset of the offending byte.
        var offset: Int
        var message: String
    }

    /// Reads the string whose opening quote is at `start`.
    /// - Returns: the string and the offset just past its closing quote.
    /// - Complexity: O(n) in the string's length.
    static func read(_ b: UnsafeBufferPointer<UInt8>, at start: Int) throws(Failure) -> (String, Int) {
        var i = start + 1
        let contentStart = i
        // Fast path: no escapes. Stops at the closing quote or at the first backslash.
        while true {
            guard i < b.count else { throw Failure(offset: i, message: "unterminated string") }
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: b[contentStart..<i]), as: UTF8.self)
                return (s, i + 1)
            }
            if c == UInt8(ascii: "\\") { break }
            i = try step(b, i)
        }
        var out = [UInt8](UnsafeBufferPointer(rebasing: b[contentStart..<i]))
        while true {
            guard i < b.count else { throw Failure(offset: i, message: "unterminated string") }
            let c = b[i]
            if c == UInt8(ascii: "\"") {
                return (String(decoding: out, as: UTF8.self), i + 1)
            }
            if c == UInt8(ascii: "\\") {
                i = try unescape(b, i, into: &out)
            } else {
                let next = try step(b, i)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<next]))
                i = next
            }
        }
    }

    /// Checks the unescaped character at `i` (not a quote or backslash) and returns the offset of
    /// the next one: ASCII other than control characters, or one well-formed UTF-8 sequence
    /// (no overlongs, no encoded surrogates, nothing above U+10FFFF, nothing truncated).
    @inline(__always)
    static func step(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) throws(Failure) -> Int {
        let c = b[i]
        if c >= 0x20 && c < 0x80 { return i + 1 }
        if c < 0x20 {
            throw Failure(offset: i, message: "control character \(codePointName(UInt32(c))) must be escaped in a string")
        }
        let (count, low, high): (Int, UInt8, UInt8)
        switch c {
        case 0xC2...0xDF: (count, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (count, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (count, low, high) = (3, 0x80, 0xBF)
        case 0xED: (count, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (count, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (count, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (count, low, high) = (4, 0x80, 0x8F)
        default: throw Failure(offset: i, message: "invalid UTF-8 byte 0x\(hex(c))")
        }
        guard i + count <= b.count else { throw Failure(offset: i, message: "truncated UTF-8 sequence") }
        let second = b[i + 1]
        guard second >= low, second <= high else {
            throw Failure(offset: i, message: "invalid UTF-8 sequence starting with 0x\(hex(c))")
        }
        for k in 2..<count where b[i + k] & 0xC0 != 0x80 {
            throw Failure(offset: i, message: "invalid UTF-8 sequence starting with 0x\(hex(c))")
        }
        return i + count
    }

    /// Decodes the escape whose backslash is at `i` into `out`; returns the offset after it.
    static func unescape(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, into out: inout [UInt8]) throws(Failure) -> Int {
        guard i + 1 < b.count else { throw Failure(offset: i, message: "unterminated string") }
        let e = b[i + 1]
        switch e {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(e)
        case UInt8(ascii: "b"): out.append(0x08)
        case UInt8(ascii: "f"): out.append(0x0C)
        case UInt8(ascii: "n"): out.append(0x0A)
        case UInt8(ascii: "r"): out.append(0x0D)
        case UInt8(ascii: "t"): out.append(0x09)
        case UInt8(ascii: "u"):
            let unit = try hex4(b, i + 2, escapeAt: i)
            var scalar = UInt32(unit)
            var end = i + 6
            if unit >= 0xD800 && unit <= 0xDBFF {
                guard end + 1 < b.count, b[end] == UInt8(ascii: "\\"), b[end + 1] == UInt8(ascii: "u") else {
                    throw Failure(offset: i, message: "lone surrogate \\u\(hex16(unit)) in string")
                }
                let low = try hex4(b, end + 2, escapeAt: end)
                guard low >= 0xDC00 && low <= 0xDFFF else {
                    throw Failure(offset: i, message: "lone surrogate \\u\(hex16(unit)) in string")
                }
                scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                end += 6
            } else if unit >= 0xDC00 && unit <= 0xDFFF {
                throw Failure(offset: i, message: "lone surrogate \\u\(hex16(unit)) in string")
            }
            // Not a surrogate (or a joined pair), so always a valid scalar.
            // UTF8.encode only fails for non-scalars, which Unicode.Scalar(_:) already ruled out.
            if let s = Unicode.Scalar(scalar), let units = UTF8.encode(s) { out.append(contentsOf: units) }
            return end
        default:
            let shown = e >= 0x20 && e < 0x7F ? "\\\(Character(Unicode.Scalar(e)))" : "\\ followed by 0x\(hex(e))"
            throw Failure(offset: i, message: "invalid escape '\(shown)'")
        }
        return i + 2
    }

    static func hex4(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, escapeAt: Int) throws(Failure) -> UInt16 {
        guard i + 4 <= b.count else { throw Failure(offset: escapeAt, message: "invalid \\u escape: expected 4 hex digits") }
        var v: UInt16 = 0
        for k in 0..<4 {
            let c = b[i + k]
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - 48
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - 87
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = c - 55
            default: throw Failure(offset: escapeAt, message: "invalid \\u escape: expected 4 hex digits")
            }
            v = v << 4 | UInt16(d)
        }
        return v
    }

    static func hex(_ c: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(c >> 4)], digits[Int(c & 15)]], as: UTF8.self)
    }

    static func hex16(_ v: UInt16) -> String { hex(UInt8(v >> 8)) + hex(UInt8(v & 0xFF)) }

    /// `U+000A`-style name of a code point, for messages.
    static func codePointName(_ v: UInt32) -> String {
        var digits = String(v, radix: 16, uppercase: true)
        while digits.count < 4 { digits = "0" + digits }
        return "U+" + digits
    }
}

extension JSONScanner {
    /// Reads the string at `position` (which holds its opening quote).
    mutating func readString() throws(SyntaxError) -> String {
        do {
            let (s, end) = try JSONString.read(bytes, at: position)
            position = end
            return s
        } catch {
            throw SyntaxError(offset: error.offset, message: error.message)
        }
    }
}
