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
    /// array, or the objects of a JSON Lines file (`JSONObjectSpans`, the splitter
    /// `POST /v1/events` uses too).
    static func objectRanges(_ b: [UInt8]) throws(ImportError) -> [(line: Int, range: Range<Int>)] {
        var spans = JSONObjectSpans(b)
        spans.skipSpace()
        guard let first = spans.next else { return [] }
        guard first == UInt8(ascii: "{") || first == UInt8(ascii: "[") else {
            throw ImportError(line: spans.line, column: nil, message: "expected a JSON array of row objects or one object per line")
        }
        let jsonLines = first == UInt8(ascii: "{")
        var sharedLine: Int?
        do throws(JSONObjectSpans.Failure) {
            guard jsonLines else { return try spans.arrayElements().map { ($0.line, $0.range) } }
            var out: [(Int, Range<Int>)] = []
            while !spans.atEnd {
                let span = try spans.skipObject()
                out.append((span.line, span.range))
                let endLine = spans.line
                spans.skipSpace()
                if let c = spans.next, c != UInt8(ascii: "{") { throw spans.failure(.expectedObject) }
                // JSON Lines: the next object starts on a line of its own.
                if !spans.atEnd, spans.line == endLine { sharedLine = endLine; break }
            }
            if sharedLine == nil { return out }
        } catch {
            let message = switch error.problem {
            case .expectedObject: jsonLines ? "expected a JSON object on each line" : "expected a row object in the array"
            case .objectNotClosed: "the object is not closed before the end of the file"
            case .arrayNotClosed: "the array is not closed"
            case .expectedCommaOrEnd: "expected ',' or ']'"
            case .trailingBytes: "unexpected text after the array"
            }
            throw ImportError(line: error.line, column: nil, message: message)
        }
        throw ImportError(line: sharedLine ?? spans.line, column: nil,
                          message: "a second JSON object on the line; JSON Lines holds one object per line")
    }
}
