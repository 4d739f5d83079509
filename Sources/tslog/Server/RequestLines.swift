import SampleDomain

/// The input lines of a `POST /v1/events` body: NDJSON (the lines `tslog append` reads) or a
/// JSON array of the same objects.
enum RequestLines {
    /// The lines of `body`, numbered as refusals name them: NDJSON lines by their line number
    /// (blank lines are skipped but counted, as in `tslog append`), array elements by their
    /// 1-based position. A UTF-8 byte order mark at the start is ignored.
    /// - Throws: 400 for an array that is not well formed (each element is then checked as a
    ///   line, with the same messages as `tslog append`).
    static func split(_ body: [UInt8]) throws(HTTPProtocolError) -> [(number: Int, bytes: [UInt8])] {
        var start = 0
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { start = 3 }
        var i = start
        while i < body.count, isSpace(body[i]) { i += 1 }
        if i < body.count, body[i] == UInt8(ascii: "[") { return try arrayElements(body, from: i) }
        var lines: [(Int, [UInt8])] = []
        var number = 0
        for piece in body[start...].split(separator: 0x0A, omittingEmptySubsequences: false) {
            number += 1
            let line = piece.last == 0x0D ? piece.dropLast() : piece
            if line.allSatisfy(isSpace) { continue }
            lines.append((number, Array(line)))
        }
        return lines
    }

    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    /// The elements of the array starting at `body[open]`, each an object's bytes
    /// (`JSONObjectSpans`, the splitter `tslog import` uses too).
    private static func arrayElements(_ b: [UInt8], from open: Int) throws(HTTPProtocolError) -> [(number: Int, bytes: [UInt8])] {
        var spans = JSONObjectSpans(b)
        spans.skipSpace()
        assert(spans.offset == open)
        do {
            return try spans.arrayElements().enumerated().map { ($0.offset + 1, Array(b[$0.element.range])) }
        } catch {
            let message = switch error.problem {
            case .expectedObject: "expected an event object"
            case .objectNotClosed: "the object is not closed"
            case .arrayNotClosed: "the array is not closed"
            case .expectedCommaOrEnd: "expected ',' or ']'"
            case .trailingBytes: "unexpected bytes after the array"
            }
            throw HTTPProtocolError(status: 400, message: "malformed JSON array at byte \(error.offset): \(message)")
        }
    }
}
