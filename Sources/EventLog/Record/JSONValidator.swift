/// A strict JSON syntax checker (RFC 8259) for one line of bytes, building nothing.
///
/// Used on every payload `append` is given (so the log never stores a line `jq` would refuse)
/// and on every line by `verifyLog`. Whitespace may be space or tab only: a newline or carriage
/// return anywhere would split the record's line.
struct JSONValidator {
    private let b: UnsafeBufferPointer<UInt8>
    private var i = 0
    private var depth = 0
    /// Where and why validation failed.
    private(set) var failure: (offset: Int, reason: StaticString)? = nil

    private init(_ bytes: UnsafeBufferPointer<UInt8>) { b = bytes }

    /// nil when `bytes` is exactly one JSON object (when `objectOnly`) or value; else the first problem.
    static func check(_ bytes: UnsafeBufferPointer<UInt8>, objectOnly: Bool) -> (offset: Int, reason: StaticString)? {
        var v = JSONValidator(bytes)
        v.skipSpace()
        if objectOnly, v.i < bytes.count, bytes[v.i] != UInt8(ascii: "{") { return (v.i, "expected a JSON object") }
        guard v.value() else { return v.failure }
        v.skipSpace()
        return v.i == bytes.count ? nil : (v.i, "unexpected bytes after the JSON value")
    }

    static func check(_ bytes: [UInt8], objectOnly: Bool) -> (offset: Int, reason: StaticString)? {
        bytes.withUnsafeBufferPointer { check($0, objectOnly: objectOnly) }
    }

    private mutating func fail(_ reason: StaticString) -> Bool {
        if failure == nil { failure = (i, reason) }
        return false
    }

    private mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
    }

    private mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { return fail("truncated literal") }
        for k in 0..<n where b[i + k] != word.utf8Start[k] { return fail("bad literal") }
        i += n
        return true
    }

    private mutating func value() -> Bool {
        guard i < b.count else { return fail("expected a value") }
        switch b[i] {
        case UInt8(ascii: "{"): return container(close: UInt8(ascii: "}"), keyed: true)
        case UInt8(ascii: "["): return container(close: UInt8(ascii: "]"), keyed: false)
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        default: return number()
        }
    }

    private mutating func container(close: UInt8, keyed: Bool) -> Bool {
        depth += 1
        guard depth <= 512 else { return fail("nesting deeper than 512") }
        i += 1
        skipSpace()
        if i < b.count, b[i] == close { i += 1; depth -= 1; return true }
        while true {
            if keyed {
                guard i < b.count, b[i] == UInt8(ascii: "\"") else { return fail("expected a key string") }
                guard string() else { return false }
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: ":") else { return fail("expected ':' after a key") }
                i += 1
                skipSpace()
            }
            guard value() else { return false }
            skipSpace()
            guard i < b.count else { return fail("unterminated object or array") }
            if b[i] == UInt8(ascii: ",") { i += 1; skipSpace(); continue }
            guard b[i] == close else { return fail("expected ',' or the closing bracket") }
            i += 1
            depth -= 1
            return true
        }
    }

    private mutating func string() -> Bool {
        i += 1
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") { i += 1; return true }
            if c < 0x20 { return fail("control character in a string") }
            if c == UInt8(ascii: "\\") {
                guard i + 1 < b.count else { return fail("unterminated escape") }
                switch b[i + 1] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                     UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    i += 2
                case UInt8(ascii: "u"):
                    guard i + 6 <= b.count else { return fail("short \\u escape") }
                    for k in (i + 2)..<(i + 6) where !isHex(b[k]) { return fail("bad \\u escape") }
                    i += 6
                default: return fail("bad escape")
                }
                continue
            }
            i += 1
        }
        return fail("unterminated string")
    }

    private func isHex(_ c: UInt8) -> Bool { c &- 48 < 10 || (c | 0x20) &- 97 < 6 }

    private mutating func digits() -> Int {
        let start = i
        while i < b.count, b[i] &- 48 < 10 { i += 1 }
        return i - start
    }

    private mutating func number() -> Bool {
        if i < b.count, b[i] == UInt8(ascii: "-") { i += 1 }
        guard i < b.count, b[i] &- 48 < 10 else { return fail("expected a value") }
        if b[i] == UInt8(ascii: "0") { i += 1 } else { _ = digits() }
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digits() > 0 else { return fail("expected digits after '.'") }
        }
        if i < b.count, b[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
            guard digits() > 0 else { return fail("expected exponent digits") }
        }
        return true
    }
}
