import EventLog

/// The syntax pass of `FastLineReader`: reads the top-level object, records each known field's
/// value span, and reads the crop object (a `.crop` field). Returns false on anything it is not sure of.
struct LineScan {
    let bytes: UnsafeBufferPointer<UInt8>
    let slots: UnsafeMutableBufferPointer<ValueSpan>
    var position = 0
    /// Bit `i` set when field `i` appeared on the line (even as `null`).
    var present: UInt64 = 0
    var crop: CropData? = nil
    /// The `clear` list (a `.columns` field), when the line has one.
    var columns: SampleColumns? = nil

    init(bytes: UnsafeBufferPointer<UInt8>, slots: UnsafeMutableBufferPointer<ValueSpan>) {
        self.bytes = bytes; self.slots = slots
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// True when the next byte (whitespace skipped) is `c`, which is then consumed.
    @inline(__always)
    mutating func take(_ c: UInt8) -> Bool {
        skipWhitespace()
        guard position < bytes.count, bytes[position] == c else { return false }
        position += 1
        return true
    }

    /// `{ "key": value, … }` followed only by whitespace; every key a known field, once.
    mutating func scanObject() -> Bool {
        guard take(UInt8(ascii: "{")) else { return false }
        while true {
            guard let (keyStart, keyEnd) = plainKey(), let field = Field.index(bytes, keyStart, keyEnd) else { return false }
            let bit = UInt64(1) << UInt64(field)
            guard present & bit == 0, take(UInt8(ascii: ":")) else { return false }
            present |= bit
            skipWhitespace()
            guard let span = value(field) else { return false }
            slots[field] = span
            if take(UInt8(ascii: ",")) { continue }
            guard take(UInt8(ascii: "}")) else { return false }
            skipWhitespace()
            return position == bytes.count
        }
    }

    /// A key of printable ASCII without escapes: the range of its content.
    mutating func plainKey() -> (Int, Int)? {
        guard take(UInt8(ascii: "\"")) else { return nil }
        let start = position
        while position < bytes.count {
            let c = bytes[position]
            if c == UInt8(ascii: "\"") { position += 1; return (start, position - 1) }
            guard c >= 0x20, c < 0x7F, c != UInt8(ascii: "\\") else { return nil }
            position += 1
        }
        return nil
    }

    /// The value at `position`: a string, a number, `null`, or (for a `.crop` field only) the crop object.
    mutating func value(_ field: Int) -> ValueSpan? {
        guard position < bytes.count else { return nil }
        switch bytes[position] {
        case UInt8(ascii: "\""): return string()
        case UInt8(ascii: "n"):
            guard position + 4 <= bytes.count, bytes[position + 1] == UInt8(ascii: "u"),
                  bytes[position + 2] == UInt8(ascii: "l"), bytes[position + 3] == UInt8(ascii: "l") else { return nil }
            position += 4
            return ValueSpan(kind: .null)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            let start = position
            guard let isInteger = number() else { return nil }
            return ValueSpan(kind: .number, isInteger: isInteger, start: Int32(start), end: Int32(position))
        case UInt8(ascii: "{") where Field.objects & (1 << UInt64(field)) != 0:
            guard let c = cropObject() else { return nil }
            crop = c
            return ValueSpan(kind: .object)
        case UInt8(ascii: "[") where Field.arrays & (1 << UInt64(field)) != 0:
            guard let c = columnArray() else { return nil }
            columns = c
            return ValueSpan(kind: .array)
        default:
            return nil
        }
    }

    /// A string value. Printable ASCII without escapes is only delimited; anything else is
    /// checked by `JSONString.read`, the reader the reference path uses.
    mutating func string() -> ValueSpan? {
        let quote = position
        var i = position + 1
        // Eight bytes at a time while none of them ends the plain run (see `stopsPlain`).
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= bytes.count, !Self.stopsPlain(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                i += 8
            }
        }
        while i < bytes.count {
            let c = bytes[i]
            if c == UInt8(ascii: "\"") {
                position = i + 1
                return ValueSpan(kind: .plainString, start: Int32(quote + 1), end: Int32(i))
            }
            if c < 0x20 || c >= 0x7F || c == UInt8(ascii: "\\") { break }
            i += 1
        }
        guard let (_, end) = try? JSONString.read(bytes, at: quote) else { return nil }
        position = end
        return ValueSpan(kind: .string, start: Int32(quote), end: Int32(end))
    }

    /// True when one of the eight bytes of `w` is not printable ASCII (< 0x20 or ≥ 0x7F), or is
    /// `"` or `\`: the word tricks "has a byte less than n" and "has a zero byte" are exact about
    /// whether such a byte exists (not about which), so the byte loop then finds it.
    @inline(__always)
    static func stopsPlain(_ w: UInt64) -> Bool {
        ByteWord.below(w, 0x20) | ByteWord.equal(w, 0x22) | ByteWord.equal(w, 0x5C) | ByteWord.equal(w, 0x7F)
            | ByteWord.high(w) != 0
    }

    /// RFC 8259 `number` at `position`; returns whether it has neither fraction nor exponent.
    mutating func number() -> Bool? {
        func digit(_ i: Int) -> Bool {
            i < bytes.count && bytes[i] >= UInt8(ascii: "0") && bytes[i] <= UInt8(ascii: "9")
        }
        var i = position
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard digit(i) else { return nil }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if digit(i) { return nil }  // leading zero
        } else {
            while digit(i) { i += 1 }
        }
        var isInteger = true
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard digit(i) else { return nil }
            while digit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digit(i) else { return nil }
            while digit(i) { i += 1 }
        }
        position = i
        return isInteger
    }

    /// `{"x":…,"y":…,"width":…,"height":…}` in any order, each once, each a number that meets
    /// its rule (x, y ≥ 0; width, height > 0; finite). Negative numbers are left to the
    /// reference path (it stores -0 as 0 and names the field of a negative one).
    mutating func cropObject() -> CropData? {
        position += 1  // {
        var values: (Double, Double, Double, Double) = (0, 0, 0, 0)
        var seen: UInt8 = 0
        repeat {
            guard let (keyStart, keyEnd) = plainKey() else { return nil }
            let index: Int
            switch keyEnd - keyStart {
            case 1 where bytes[keyStart] == UInt8(ascii: "x"): index = 0
            case 1 where bytes[keyStart] == UInt8(ascii: "y"): index = 1
            case 5 where Self.equal(bytes, keyStart, "width"): index = 2
            case 6 where Self.equal(bytes, keyStart, "height"): index = 3
            default: return nil
            }
            guard seen & (1 << index) == 0, take(UInt8(ascii: ":")) else { return nil }
            seen |= 1 << index
            skipWhitespace()
            guard position < bytes.count, bytes[position] != UInt8(ascii: "-") else { return nil }
            let start = position
            guard let isInteger = number(), let d = Self.double(bytes, start, position, isInteger: isInteger),
                  d.isFinite, index < 2 || d > 0 else { return nil }
            switch index {
            case 0: values.0 = d
            case 1: values.1 = d
            case 2: values.2 = d
            default: values.3 = d
            }
        } while take(UInt8(ascii: ","))
        guard seen == 0b1111, take(UInt8(ascii: "}")) else { return nil }
        return CropData(x: values.0, y: values.1, width: values.2, height: values.3)
    }

    /// `["name", …]`: a non-empty list of distinct clearable column names, written without
    /// escapes; nil for anything else (the reference path then names the problem).
    mutating func columnArray() -> SampleColumns? {
        position += 1  // [
        var set: SampleColumns = []
        repeat {
            guard let (start, end) = plainKey() else { return nil }
            let name = UnsafeBufferPointer(rebasing: bytes[start..<end])
            guard let found = SampleColumns.named.first(where: { $0.name.utf8.elementsEqual(name) })?.column,
                  SampleColumns.clearable.contains(found), !set.contains(found) else { return nil }
            set.insert(found)
        } while take(UInt8(ascii: ","))
        guard take(UInt8(ascii: "]")) else { return nil }
        return set
    }

    /// The value of a non-negative number's text, as `JSONNumber.double` computes it: short
    /// integers exactly (they are representable, so `Double(text)` gives the same), the rest
    /// through `Double(String)` itself.
    static func double(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, isInteger: Bool) -> Double? {
        if isInteger, end - start <= 15 {
            var v: Int64 = 0
            for i in start..<end { v = v * 10 + Int64(b[i] - UInt8(ascii: "0")) }
            return Double(v)
        }
        return Double(String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self))
    }

    static func equal(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ word: StaticString) -> Bool {
        let w = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount where b[start + k] != w[k] { return false }
        return true
    }
}
