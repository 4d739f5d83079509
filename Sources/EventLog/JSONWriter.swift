#if canImport(Glibc)
import Glibc
#endif

/// Builds compact JSON as UTF-8 bytes, keys in the order they are written.
///
/// Every machine format tslog writes (stored records, `--format json` output) goes through this
/// writer so that key order, escaping and number forms are fixed by the code, never by a
/// dictionary's iteration order. Commas are placed automatically.
package struct JSONWriter: Sendable {
    /// The JSON written so far.
    package private(set) var bytes: [UInt8]
    /// One entry per open object or array: whether it already holds an element.
    private var hasElement: [Bool] = []
    /// True right after `key(_:)`, when the next value must not be preceded by a comma.
    private var afterKey = false

    package init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    private mutating func beforeValue() {
        if afterKey { afterKey = false; return }
        if let last = hasElement.last {
            if last { bytes.append(UInt8(ascii: ",")) }
            hasElement[hasElement.count - 1] = true
        }
    }

    package mutating func beginObject() { beforeValue(); bytes.append(UInt8(ascii: "{")); hasElement.append(false) }
    package mutating func endObject() { hasElement.removeLast(); bytes.append(UInt8(ascii: "}")) }
    package mutating func beginArray() { beforeValue(); bytes.append(UInt8(ascii: "[")); hasElement.append(false) }
    package mutating func endArray() { hasElement.removeLast(); bytes.append(UInt8(ascii: "]")) }

    /// Writes an object key; the next call writes its value.
    package mutating func key(_ name: String) {
        beforeValue()
        JSONWriter.appendQuoted(name, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        afterKey = true
    }

    package mutating func string(_ value: String) { beforeValue(); JSONWriter.appendQuoted(value, to: &bytes) }
    package mutating func int(_ value: Int64) { beforeValue(); bytes.append(contentsOf: String(value).utf8) }
    package mutating func int(_ value: Int) { int(Int64(value)) }
    package mutating func uint(_ value: UInt64) { beforeValue(); bytes.append(contentsOf: String(value).utf8) }
    package mutating func bool(_ value: Bool) { beforeValue(); bytes.append(contentsOf: (value ? "true" : "false").utf8) }
    package mutating func null() { beforeValue(); bytes.append(contentsOf: "null".utf8) }

    /// A finite number in its shortest round-trip form, integral values without a fraction (`10`, `2.5`).
    package mutating func number(_ value: Double) {
        beforeValue()
        bytes.append(contentsOf: JSONWriter.numberText(value).utf8)
    }

    /// Already-encoded JSON (a value the caller vouches for), written as it is.
    package mutating func raw(_ json: some Sequence<UInt8>) { beforeValue(); bytes.append(contentsOf: json) }

    /// Optional helpers: `null` for nil.
    package mutating func string(_ value: String?) { if let value { string(value) } else { null() } }
    package mutating func int(_ value: Int64?) { if let value { int(value) } else { null() } }

    /// The text of a finite number as tslog writes it: integral values up to 2^53 without a
    /// fraction, everything else in Swift's shortest round-trip form.
    package static func numberText(_ value: Double) -> String {
        precondition(value.isFinite, "JSON has no form for \(value)")
        if value == value.rounded(), abs(value) < 9_007_199_254_740_992 {
            return value == 0 ? "0" : String(Int64(value))
        }
        return "\(value)"
    }

    /// Appends `value` as a JSON string: quotes, backslash and control characters escaped,
    /// everything else as raw UTF-8.
    package static func appendQuoted(_ value: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        for c in value.utf8 {
            switch c {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(c)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(c)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "f"))
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                out.append(contentsOf: "\\u00".utf8)
                out.append(hex[Int(c >> 4)])
                out.append(hex[Int(c & 15)])
            default: out.append(c)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
