/// Where the top-level objects of a JSON text stand — the elements of a `[…]` array of objects,
/// or objects one after another (JSON Lines) — without parsing them: the one splitter behind
/// `POST /v1/events` with an array body and `tslog import --format json`. Each caller then
/// reads every object strictly (`JSONScanner`) and words the refusals itself.
///
/// An object ends at the brace that closes it: `{`/`[` and `}`/`]` are counted outside strings,
/// and in a string a backslash skips the byte after it. Lines are counted as the bytes go by
/// (a line feed escaped by a backslash is skipped, as the byte after any backslash), so a
/// refusal can name a line as well as a byte.
package struct JSONObjectSpans {
    /// One object: its bytes' range in the text and the line its `{` stands on.
    package struct Span: Equatable, Sendable {
        package var range: Range<Int>
        package var line: Int
    }

    /// Why the text is not an array of objects (or a run of objects), where it was seen: `offset`
    /// is the byte and `line` its line (for `objectNotClosed`, the object's `{`).
    package struct Failure: Error, Equatable, Sendable {
        package enum Problem: Equatable, Sendable {
            /// Something other than `{` where an array element or the next object must start.
            case expectedObject
            /// The text ends inside an object.
            case objectNotClosed
            /// The text ends after an element, before `]`.
            case arrayNotClosed
            /// Neither `,` nor `]` after an element.
            case expectedCommaOrEnd
            /// Something other than white space after the array's `]`.
            case trailingBytes
        }
        package var problem: Problem
        package var offset: Int
        package var line: Int
    }

    /// The text.
    package let bytes: [UInt8]
    /// The next byte to read.
    package private(set) var offset: Int
    /// The line `offset` stands on (1-based).
    package private(set) var line = 1

    /// Starts at the beginning of `bytes`, past a UTF-8 byte order mark.
    package init(_ bytes: [UInt8]) {
        self.bytes = bytes
        offset = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
    }

    /// Whether every byte has been read.
    package var atEnd: Bool { offset >= bytes.count }

    /// The next byte (nil at the end).
    package var next: UInt8? { atEnd ? nil : bytes[offset] }

    /// Moves past JSON white space (space, tab, line feed, carriage return).
    package mutating func skipSpace() {
        while offset < bytes.count {
            let c = bytes[offset]
            guard c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D else { return }
            if c == 0x0A { line += 1 }
            offset += 1
        }
    }

    /// Moves past the object whose `{` is the next byte.
    /// - Throws: `objectNotClosed` when the text ends first.
    package mutating func skipObject() throws(Failure) -> Span {
        let start = offset, startLine = line
        var depth = 0
        var inString = false
        while offset < bytes.count {
            let c = bytes[offset]
            if c == 0x0A { line += 1 }
            if inString {
                if c == UInt8(ascii: "\\") { offset += 1 } else if c == UInt8(ascii: "\"") { inString = false }
            } else if c == UInt8(ascii: "\"") {
                inString = true
            } else if c == UInt8(ascii: "{") || c == UInt8(ascii: "[") {
                depth += 1
            } else if c == UInt8(ascii: "}") || c == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 {
                    offset += 1
                    return Span(range: start..<offset, line: startLine)
                }
            }
            offset += 1
        }
        throw Failure(problem: .objectNotClosed, offset: start, line: startLine)
    }

    /// The elements of the array whose `[` is the next byte, each an object, and nothing but
    /// white space after its `]`.
    package mutating func arrayElements() throws(Failure) -> [Span] {
        offset += 1
        skipSpace()
        var out: [Span] = []
        if next == UInt8(ascii: "]") {
            offset += 1
        } else {
            while true {
                guard next == UInt8(ascii: "{") else { throw failure(.expectedObject) }
                out.append(try skipObject())
                skipSpace()
                guard let c = next else { throw failure(.arrayNotClosed) }
                offset += 1
                if c == UInt8(ascii: ",") { skipSpace(); continue }
                if c == UInt8(ascii: "]") { break }
                offset -= 1
                throw failure(.expectedCommaOrEnd)
            }
        }
        skipSpace()
        guard atEnd else { throw failure(.trailingBytes) }
        return out
    }

    /// `problem` at the current byte.
    package func failure(_ problem: Failure.Problem) -> Failure {
        Failure(problem: problem, offset: offset, line: line)
    }
}
