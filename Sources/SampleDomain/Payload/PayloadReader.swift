import EventLog

/// A cursor over one stored payload, specialised to its canonical layout.
///
/// No value tree: each value is read straight into its Swift type. Keys are expected in the
/// frozen order (one comparison per key) but any order is accepted; a key seen twice, an unknown
/// key or a missing required key is refused. Strings are copied once, and unescaped only when
/// they hold a backslash (`JSONString`).
struct PayloadReader {
    let b: UnsafeBufferPointer<UInt8>
    /// The event type, named in errors. (Not its name: a String here would be retained on every
    /// payload read.)
    let type: EventType
    var i = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, type: EventType) { b = bytes; self.type = type }

    func fail(_ kind: PayloadError.Kind, _ field: String?, _ message: String, at offset: Int? = nil) -> PayloadError {
        PayloadError(kind: kind, type: type.rawValue, field: field, offset: offset ?? i, message: message)
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
    }

    @inline(__always)
    mutating func expect(_ c: UInt8, _ what: String) throws(PayloadError) {
        skipWhitespace()
        guard i < b.count, b[i] == c else { throw fail(.malformed, nil, "expected \(what)") }
        i += 1
    }

    /// Steps over `literal` when the bytes at the cursor are exactly it.
    @inline(__always)
    mutating func take(_ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard i + n <= b.count, let base = b.baseAddress, bytesEqual(base + i, literal.utf8Start, n) else { return false }
        i += n
        return true
    }

    /// Steps over `literal` (a field's `,"key":`) when the bytes at the cursor are exactly it.
    @inline(__always)
    mutating func take(_ literal: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = literal.count
        guard i + n <= b.count, let base = b.baseAddress, let q = literal.baseAddress else { return false }
        let p = base + i
        if n >= 8 {
            // Whole words, the last one overlapping: no byte loop for the tail.
            var k = 0
            while k + 8 < n {
                if ByteWord.load(p + k) != ByteWord.load(q + k) { return false }
                k += 8
            }
            guard ByteWord.load(p + n - 8) == ByteWord.load(q + n - 8) else { return false }
        } else {
            guard bytesEqual(p, q, n) else { return false }
        }
        i += n
        return true
    }

    /// The value `parse` makes of the `length` bytes at the cursor when a closing quote follows
    /// them, stepping past the quote; nil (cursor unmoved) otherwise. For the fixed-length
    /// strings of the canonical layout (ids, times), whose parsers refuse quotes and
    /// backslashes: what `rawString` then `parse` would give, without looking for the quote.
    @inline(__always)
    mutating func fixedLength<T>(_ length: Int, _ parse: (UnsafeBufferPointer<UInt8>) -> T?) -> T? {
        guard i + length < b.count, b[i + length] == UInt8(ascii: "\""),
              let value = parse(UnsafeBufferPointer(rebasing: b[i..<(i + length)])) else { return nil }
        i += length + 1
        return value
    }

    /// After a value: `,` (returns true, more keys follow) or `}` (returns false).
    mutating func next() throws(PayloadError) -> Bool {
        skipWhitespace()
        guard i < b.count else { throw fail(.malformed, nil, "expected ',' or '}'") }
        if b[i] == UInt8(ascii: ",") { i += 1; return true }
        if b[i] == UInt8(ascii: "}") { i += 1; return false }
        throw fail(.malformed, nil, "expected ',' or '}'")
    }

    /// Reads `"key":` and returns the index of the key in `keys`, trying `hint` first.
    mutating func key(_ keys: PayloadKeys, hint: Int) throws(PayloadError) -> Int {
        skipWhitespace()
        guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail(.malformed, nil, "expected a key") }
        // The canonical layout: the hinted key or one of the (optional) keys after it, then its
        // closing quote. A key holds no quote, so this finds what the general reader below would.
        if let base = b.baseAddress {
            var n = hint
            while n < keys.quoted.count {
                let expected = keys.quoted[n]
                if i + 1 + expected.count <= b.count, bytesEqual(base + i + 1, expected.baseAddress!, expected.count) {
                    i += 1 + expected.count
                    try expect(UInt8(ascii: ":"), "':'")
                    skipWhitespace()
                    return n
                }
                n += 1
            }
        }
        return try anyLayoutKey(keys, hint: hint)
    }

    /// `key(_:hint:)` for any layout: finds the closing quote, then the key among `keys`.
    private mutating func anyLayoutKey(_ keys: PayloadKeys, hint: Int) throws(PayloadError) -> Int {
        let start = i + 1
        var end = start
        while end < b.count, b[end] != UInt8(ascii: "\"") { end += 1 }
        guard end < b.count else { throw fail(.malformed, nil, "unterminated key") }
        let found = PayloadReader.match(b, start, end, keys, hint)
        guard let found else {
            let name = String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
            throw fail(.unknownField, name, "unknown field for \(type.rawValue)", at: start - 1)
        }
        i = end + 1
        try expect(UInt8(ascii: ":"), "':'")
        skipWhitespace()
        return found
    }

    static func match(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ keys: PayloadKeys, _ hint: Int) -> Int? {
        let length = end - start
        func equal(_ n: Int) -> Bool {
            let key = keys.bytes(n)
            guard key.count == length else { return false }
            guard let p = key.baseAddress, let q = b.baseAddress else { return length == 0 }
            return bytesEqual(p, q + start, length)
        }
        if hint < keys.count, equal(hint) { return hint }
        for n in 0..<keys.count where n != hint && equal(n) { return n }
        return nil
    }

    /// True (and consumed) when the value at the cursor is `null`: the same as an absent field.
    mutating func null() -> Bool {
        guard i + 4 <= b.count, b[i] == UInt8(ascii: "n"), b[i + 1] == UInt8(ascii: "u"),
              b[i + 2] == UInt8(ascii: "l"), b[i + 3] == UInt8(ascii: "l") else { return false }
        i += 4
        return true
    }

    mutating func string(_ field: StaticString) throws(PayloadError) -> String {
        guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail(.invalidValue, field.description, "expected a string") }
        // Fast path: printable ASCII without escapes, checked eight bytes at a time. Anything
        // else (escapes, control characters, non-ASCII) goes through the strict reader.
        if let end = PayloadReader.plainASCIIEnd(b, from: i + 1) {
            let s = String(decoding: UnsafeBufferPointer(rebasing: b[(i + 1)..<end]), as: UTF8.self)
            i = end + 1
            return s
        }
        do {
            let (s, end) = try JSONString.read(b, at: i)
            i = end
            return s
        } catch {
            throw fail(.malformed, field.description, error.message, at: error.offset)
        }
    }

    /// Reads a string value exactly as `string(_:)` does, appending its UTF-8 bytes to `text`
    /// instead of making a `String` (for plain ASCII text, the common case).
    mutating func string(_ field: StaticString, appendingTo text: inout [UInt8]) throws(PayloadError) -> TextSpan {
        if i < b.count, b[i] == UInt8(ascii: "\""), let end = PayloadReader.plainASCIIEnd(b, from: i + 1) {
            let span = TextSpan(appending: UnsafeBufferPointer(rebasing: b[(i + 1)..<end]), to: &text)
            i = end + 1
            return span
        }
        return TextSpan(appending: try string(field), to: &text)
    }

    /// Checks and steps over a string value exactly as `string(_:)` reads it, without making
    /// a `String` of plain ASCII text (the common case).
    mutating func skipString(_ field: StaticString) throws(PayloadError) {
        if i < b.count, b[i] == UInt8(ascii: "\""), let end = PayloadReader.plainASCIIEnd(b, from: i + 1) {
            i = end + 1
        } else {
            _ = try string(field)
        }
    }

    /// The offset of the closing quote of a string whose contents start at `start`, when every
    /// byte before it is printable ASCII other than a backslash; nil otherwise.
    @inline(__always)
    static func plainASCIIEnd(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        guard let base = b.baseAddress else { return nil }
        var i = start
        while i + 8 <= b.count {
            let w = ByteWord.load(base + i)
            if ByteWord.below(w, 0x20) | ByteWord.equal(w, 0x22) | ByteWord.equal(w, 0x5C) | ByteWord.high(w) != 0 { break }
            i += 8
        }
        while i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "\"") { return i }
            if c < 0x20 || c >= 0x80 || c == UInt8(ascii: "\\") { return nil }
            i += 1
        }
        return nil
    }

    /// Where the eight-byte words from `start` stop being free of quotes and backslashes: an
    /// offset at or before the first of either (or near the end), for a byte loop to finish.
    @inline(__always)
    static func quoteOrBackslash(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = b.baseAddress else { return start }
        var i = start
        while i + 8 <= b.count {
            let w = ByteWord.load(base + i)
            if ByteWord.equal(w, 0x22) | ByteWord.equal(w, 0x5C) != 0 { break }
            i += 8
        }
        return i
    }

    /// The bytes of a string without escapes (identifiers, times, vocabulary words).
    mutating func rawString(_ field: StaticString) throws(PayloadError) -> UnsafeBufferPointer<UInt8> {
        guard i < b.count, b[i] == UInt8(ascii: "\"") else { throw fail(.invalidValue, field.description, "expected a string") }
        var end = PayloadReader.quoteOrBackslash(b, from: i + 1)
        while end < b.count, b[end] != UInt8(ascii: "\""), b[end] != UInt8(ascii: "\\") { end += 1 }
        guard end < b.count, b[end] == UInt8(ascii: "\"") else { throw fail(.invalidValue, field.description, "expected a plain string") }
        let raw = UnsafeBufferPointer(rebasing: b[(i + 1)..<end])
        i = end + 1
        return raw
    }

    mutating func sampleID() throws(PayloadError) -> SampleID {
        let at = i
        guard let id = SampleID.parse(try rawString("sample_id")) else {
            throw fail(.invalidValue, "sample_id", "expected a UUID", at: at)
        }
        return id
    }

    mutating func timestamp(_ field: StaticString) throws(PayloadError) -> Timestamp {
        let at = i
        guard let t = Timestamp.parse(try rawString(field)) else {
            throw fail(.invalidValue, field.description, "expected an RFC 3339 time", at: at)
        }
        return t
    }

    /// One of `T`'s words, compared byte for byte without making a `String`.
    mutating func word<T: PayloadWord>(_ field: StaticString, _: T.Type) throws(PayloadError) -> T {
        let at = i
        let raw = try rawString(field)
        if let value = T(wireBytes: raw) { return value }
        throw fail(.invalidValue, field.description, "unknown value \(String(decoding: raw, as: UTF8.self))", at: at)
    }

    /// A JSON integer from 0 through Int64.max.
    mutating func count(_ field: StaticString) throws(PayloadError) -> Int64 {
        let start = i
        var v: Int64 = 0
        while i < b.count, b[i] >= UInt8(ascii: "0"), b[i] <= UInt8(ascii: "9") {
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(Int64(b[i] - 48))
            guard !o1, !o2 else { throw fail(.invalidValue, field.description, "integer out of range", at: start) }
            v = a
            i += 1
        }
        guard i > start else { throw fail(.invalidValue, field.description, "expected a non-negative integer", at: start) }
        if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
            throw fail(.invalidValue, field.description, "expected an integer", at: start)
        }
        return v
    }

    /// A finite JSON number. Short integers are converted directly; the rest through the
    /// standard library's correctly rounded parser.
    mutating func number(_ field: StaticString) throws(PayloadError) -> Double {
        let start = i
        var integral = true
        while i < b.count {
            let c = b[i]
            if c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") { i += 1; continue }
            if c == UInt8(ascii: "-") || c == UInt8(ascii: "+") || c == UInt8(ascii: ".") || c == UInt8(ascii: "e")
                || c == UInt8(ascii: "E") { integral = false; i += 1; continue }
            break
        }
        let text = UnsafeBufferPointer(rebasing: b[start..<i])
        if integral, text.count > 0, text.count <= 15, text.count == 1 || text[0] != UInt8(ascii: "0") {
            var v: Int64 = 0
            for c in text { v = v * 10 + Int64(c - 48) }
            return Double(v)
        }
        guard let first = text.first, first == UInt8(ascii: "-") || (first >= 48 && first <= 57),
              let d = Double(String(decoding: text, as: UTF8.self)), d.isFinite else {
            throw fail(.invalidValue, field.description, "expected a finite number", at: start)
        }
        return d
    }
}
