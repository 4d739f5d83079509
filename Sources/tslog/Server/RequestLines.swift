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

    /// The elements of the array starting at `body[open]`, each an object's bytes.
    private static func arrayElements(_ b: [UInt8], from open: Int) throws(HTTPProtocolError) -> [(number: Int, bytes: [UInt8])] {
        func bad(_ at: Int, _ message: String) -> HTTPProtocolError {
            HTTPProtocolError(status: 400, message: "malformed JSON array at byte \(at): \(message)")
        }
        var out: [(Int, [UInt8])] = []
        var i = open + 1
        func skipSpace() { while i < b.count, isSpace(b[i]) { i += 1 } }
        skipSpace()
        if i < b.count, b[i] == UInt8(ascii: "]") {
            i += 1
        } else {
            while true {
                skipSpace()
                guard i < b.count, b[i] == UInt8(ascii: "{") else { throw bad(i, "expected an event object") }
                let start = i
                var depth = 0, inString = false
                scan: while i < b.count {
                    let c = b[i]
                    if inString {
                        if c == UInt8(ascii: "\\") { i += 1 } else if c == UInt8(ascii: "\"") { inString = false }
                    } else if c == UInt8(ascii: "\"") {
                        inString = true
                    } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                        depth += 1
                    } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                        depth -= 1
                        if depth == 0 { i += 1; break scan }
                    }
                    i += 1
                }
                guard depth == 0, i <= b.count else { throw bad(start, "the object is not closed") }
                out.append((out.count + 1, Array(b[start..<i])))
                skipSpace()
                guard i < b.count else { throw bad(i, "the array is not closed") }
                if b[i] == UInt8(ascii: ",") { i += 1; continue }
                if b[i] == UInt8(ascii: "]") { i += 1; break }
                throw bad(i, "expected ',' or ']'")
            }
        }
        skipSpace()
        guard i == b.count else { throw bad(i, "unexpected bytes after the array") }
        return out
    }
}
