/// A strict RFC 8259 reader for one input line, written by hand over UTF-8 bytes.
///
/// It accepts exactly RFC 8259 JSON whose top level is an object, and refuses everything else
/// with the byte offset where reading stopped: trailing commas, leading zeros, `NaN`, comments,
/// single quotes, unescaped control characters, invalid escapes, lone surrogates, invalid UTF-8,
/// duplicate keys and anything after the object but whitespace.
///
/// Nesting is limited to `maxDepth` levels. The reader recurses once per level, so the limit also
/// bounds its stack: a line of 100,000 `[` is refused at level `maxDepth + 1` after reading that
/// many bytes.
package struct JSONScanner {
    /// The deepest nesting an input line may have (the top-level object is level 1).
    static let maxDepth = 32

    /// A refusal: where reading stopped and why.
    package struct SyntaxError: Error, Equatable, Sendable {
        /// Zero-based byte offset into the line.
        package var offset: Int
        package var message: String
        /// For a duplicate key, its path from the top (`label`, `crop_data.x`); nil otherwise.
        package var duplicateKey: String?
    }

    let bytes: UnsafeBufferPointer<UInt8>
    var position = 0
    var depth = 0
    /// Keys of the objects being read, outermost first: names a duplicate key's path.
    var keyPath: [String] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// `parseObject` over bytes held by an array, a slice of one or a string's UTF-8: the entry
    /// for code above the engine, which holds no pointers. Contiguous bytes (arrays, slices,
    /// native strings) are read in place; others are copied once.
    package static func parseObject<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> Result<JSONObject, SyntaxError> {
        if let parsed = bytes.withContiguousStorageIfAvailable({ parseObject($0) }) { return parsed }
        return Array(bytes).withUnsafeBufferPointer { parseObject($0) }
    }

    /// Reads `bytes` as one JSON object with nothing after it but whitespace.
    package static func parseObject(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<JSONObject, SyntaxError> {
        var scanner = JSONScanner(bytes)
        do throws(SyntaxError) {
            scanner.skipWhitespace()
            guard scanner.peek == UInt8(ascii: "{") else {
                throw scanner.error("expected '{': a line must be one JSON object")
            }
            guard case .object(let object) = try scanner.readValue() else {
                throw scanner.error("expected '{': a line must be one JSON object")
            }
            scanner.skipWhitespace()
            guard scanner.position == bytes.count else {
                throw scanner.error("expected end of line after the object")
            }
            return .success(object)
        } catch {
            return .failure(error)
        }
    }

    var peek: UInt8? { position < bytes.count ? bytes[position] : nil }

    func error(_ message: String, at offset: Int? = nil) -> SyntaxError {
        SyntaxError(offset: offset ?? position, message: message)
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    /// Reads one value starting at `position` (whitespace already skipped).
    mutating func readValue() throws(SyntaxError) -> JSONValue {
        guard let c = peek else { throw error("expected a value, found end of line") }
        switch c {
        case UInt8(ascii: "{"): return .object(try readObject())
        case UInt8(ascii: "["): return .array(try readArray())
        case UInt8(ascii: "\""): return .string(try readString())
        case UInt8(ascii: "t"): try readLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try readLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try readLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try readNumber())
        default: throw error("expected a value")
        }
    }

    mutating func enter() throws(SyntaxError) {
        depth += 1
        if depth > JSONScanner.maxDepth {
            throw error("nesting deeper than \(JSONScanner.maxDepth) levels")
        }
    }

    mutating func readObject() throws(SyntaxError) -> JSONObject {
        try enter()
        position += 1  // {
        var object = JSONObject()
        // An input line's top-level object has up to 15 members: one allocation, no regrowth.
        if depth == 1 { object.members.reserveCapacity(16) }
        var seen: Set<String>? = nil
        skipWhitespace()
        if peek == UInt8(ascii: "}") { position += 1; depth -= 1; return object }
        while true {
            skipWhitespace()
            guard peek == UInt8(ascii: "\"") else { throw error("expected a string key") }
            let keyOffset = position
            let key = try readString()
            if isDuplicate(key, in: object, seen: &seen) {
                let path = (keyPath + [key]).joined(separator: ".")
                throw SyntaxError(offset: keyOffset, message: "key '\(path)' appears twice", duplicateKey: path)
            }
            skipWhitespace()
            guard peek == UInt8(ascii: ":") else { throw error("expected ':'") }
            position += 1
            skipWhitespace()
            // The path is needed only to name a duplicate key inside a nested value.
            let nests = peek == UInt8(ascii: "{") || peek == UInt8(ascii: "[")
            if nests { keyPath.append(key) }
            let value = try readValue()
            if nests { keyPath.removeLast() }
            object.members.append(.init(key: key, value: value))
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "}"): position += 1; depth -= 1; return object
            default: throw error("expected ',' or '}'")
            }
        }
    }

    /// Small objects are searched linearly; past 16 keys a set keeps a hostile line linear.
    private func isDuplicate(_ key: String, in object: JSONObject, seen: inout Set<String>?) -> Bool {
        if seen == nil, object.members.count < 16 {
            return object.members.contains { sameKey($0.key, key) }
        }
        if seen == nil { seen = Set(object.members.map(\.key)) }
        return !seen!.insert(key).inserted  // set just above
    }

    mutating func readArray() throws(SyntaxError) -> [JSONValue] {
        try enter()
        position += 1  // [
        var values: [JSONValue] = []
        skipWhitespace()
        if peek == UInt8(ascii: "]") { position += 1; depth -= 1; return values }
        while true {
            skipWhitespace()
            values.append(try readValue())
            skipWhitespace()
            switch peek {
            case UInt8(ascii: ","): position += 1
            case UInt8(ascii: "]"): position += 1; depth -= 1; return values
            default: throw error("expected ',' or ']'")
            }
        }
    }

    mutating func readLiteral(_ word: StaticString) throws(SyntaxError) {
        let start = position
        let count = word.utf8CodeUnitCount
        guard position + count <= bytes.count else { throw error("expected a value", at: start) }
        let w = word.utf8Start
        for k in 0..<count where bytes[position + k] != w[k] {
            throw error("expected a value", at: start)
        }
        position += count
    }

    /// RFC 8259 `number`: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    mutating func readNumber() throws(SyntaxError) -> JSONNumber {
        let start = position
        var isInteger = true
        if peek == UInt8(ascii: "-") { position += 1 }
        guard let first = peek, isDigit(first) else { throw error("expected a digit") }
        position += 1
        if first == UInt8(ascii: "0"), let next = peek, isDigit(next) {
            throw error("leading zeros are not allowed in numbers", at: start)
        }
        skipDigits()
        if peek == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            guard let d = peek, isDigit(d) else { throw error("expected a digit after '.'") }
            skipDigits()
        }
        if peek == UInt8(ascii: "e") || peek == UInt8(ascii: "E") {
            isInteger = false
            position += 1
            if peek == UInt8(ascii: "+") || peek == UInt8(ascii: "-") { position += 1 }
            guard let d = peek, isDigit(d) else { throw error("expected a digit in the exponent") }
            skipDigits()
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        return JSONNumber(text: text, isInteger: isInteger)
    }

    func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

    mutating func skipDigits() {
        while let c = peek, isDigit(c) { position += 1 }
    }
}
