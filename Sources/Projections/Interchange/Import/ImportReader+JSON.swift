import EventLog
import SampleDomain

extension ImportReader {
    /// A JSON array of row objects, or JSON Lines (one row object per line). Each object is read
    /// strictly (RFC 8259, no duplicate keys); its line is where its `{` stands. `crop_data` may be
    /// an object, `null`, or a string holding the object's JSON text.
    static func readJSON(_ bytes: [UInt8]) throws(ImportError) -> (rows: [ImportedRow], refusals: [ImportError]) {
        var rows: [ImportedRow] = []
        var refusals: [ImportError] = []
        for (line, range) in try objectRanges(bytes) {
            let parsed = JSONScanner.parseObject(bytes[range])
            switch parsed {
            case .success(let object):
                do throws(ImportError) { rows.append(try row(object, line: line)) } catch { refusals.append(error) }
            case .failure(let e):
                if let key = e.duplicateKey {
                    refusals.append(ImportError(line: line, column: key, message: "appears twice"))
                } else {
                    refusals.append(ImportError(line: line, column: nil, message: "malformed JSON at byte \(e.offset) of the row: \(e.message)"))
                }
            }
        }
        return (rows, refusals)
    }

    /// One row object (a JSON export's element, a webhook's `record`): its known columns checked.
    static func row(_ object: JSONObject, line: Int) throws(ImportError) -> ImportedRow {
        var values: [String: JSONValue] = [:]
        for name in requiredColumns + optionalColumns {
            guard var value = object[name] else { continue }
            if name == "crop_data", case .string(let text) = value { value = try cropValue(text, line: line) }
            values[name] = value
        }
        return try row(values, line: line)
    }

    /// The byte range and starting line of every top-level object: the elements of a `[…]`
    /// array, or the objects of a JSON Lines file.
    static func objectRanges(_ b: [UInt8]) throws(ImportError) -> [(line: Int, range: Range<Int>)] {
        var i = 0
        var line = 1
        func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D {
                if b[i] == 0x0A { line += 1 }
                i += 1
            }
        }
        /// Moves past one `{…}` (strings and nesting respected); returns its range.
        func skipObject() throws(ImportError) -> Range<Int> {
            let start = i, startLine = line
            var depth = 0
            var inString = false
            while i < b.count {
                let c = b[i]
                if c == 0x0A { line += 1 }
                if inString {
                    if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inString = false }
                } else if c == UInt8(ascii: "\"") {
                    inString = true
                } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                    depth += 1
                } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                    depth -= 1
                    if depth == 0 { i += 1; return start..<i }
                }
                i += 1
            }
            throw ImportError(line: startLine, column: nil, message: "the object is not closed before the end of the file")
        }
        var out: [(Int, Range<Int>)] = []
        if b.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        skipSpace()
        guard i < b.count else { return [] }
        if b[i] == UInt8(ascii: "{") {
            while i < b.count {
                let start = line
                out.append((start, try skipObject()))
                skipSpace()
                if i < b.count, b[i] != UInt8(ascii: "{") {
                    throw ImportError(line: line, column: nil, message: "expected a JSON object on each line")
                }
            }
            return out
        }
        guard b[i] == UInt8(ascii: "[") else {
            throw ImportError(line: line, column: nil, message: "expected a JSON array of row objects or one object per line")
        }
        i += 1
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "]") {
            i += 1
        } else {
            while true {
                guard i < b.count, b[i] == UInt8(ascii: "{") else {
                    throw ImportError(line: line, column: nil, message: "expected a row object in the array")
                }
                let start = line
                out.append((start, try skipObject()))
                skipSpace()
                guard i < b.count else { throw ImportError(line: line, column: nil, message: "the array is not closed") }
                if b[i] == UInt8(ascii: ",") { i += 1; skipSpace(); continue }
                guard b[i] == UInt8(ascii: "]") else { throw ImportError(line: line, column: nil, message: "expected ',' or ']'") }
                i += 1
                break
            }
        }
        skipSpace()
        guard i == b.count else { throw ImportError(line: line, column: nil, message: "unexpected text after the array") }
        return out
    }
}
