/// Decodes a `Transfer-Encoding: chunked` request body incrementally (RFC 9112 7.1).
///
/// Feed it the connection's unread bytes as they arrive; it consumes what it can and keeps its
/// place between calls, so a body arriving a byte at a time costs O(bytes), not O(bytes²).
/// Chunk extensions are ignored; trailer fields are read and dropped. A chunk size that is not
/// hex digits (then only spaces or tabs before a `;` extension or the line end), over 15 hex
/// digits, or a body over `maxBody` is refused: `0 2` is not a size of 2, which a stricter parser
/// in front of the server would read as 0, ending the body where this one would not.
struct ChunkedDecoder {
    private enum State {
        case size
        case data(remaining: Int)
        case dataEnd
        case trailers
        case done
    }

    let maxBody: Int
    let maxLineBytes: Int
    private var state = State.size
    /// The decoded body so far.
    private(set) var body: [UInt8] = []

    init(maxBody: Int, maxLineBytes: Int = 16 << 10) {
        self.maxBody = maxBody
        self.maxLineBytes = maxLineBytes
    }

    var isComplete: Bool { if case .done = state { return true } else { return false } }

    /// Consumes from the start of `bytes`; returns how many bytes were used. When `isComplete`
    /// becomes true, the bytes after the body (a pipelined request) are left unconsumed.
    mutating func feed(_ bytes: ArraySlice<UInt8>) throws(HTTPProtocolError) -> Int {
        var i = bytes.startIndex
        while i < bytes.endIndex {
            switch state {
            case .size:
                guard let (line, next) = try takeLine(bytes[i...]) else { return i - bytes.startIndex }
                i = next
                let sizeText = line.prefix { QueryString.hexValue($0) != nil }
                let afterSize = line[sizeText.endIndex...].drop { $0 == 0x20 || $0 == 0x09 }
                guard !sizeText.isEmpty, sizeText.count <= 15, afterSize.isEmpty || afterSize.first == UInt8(ascii: ";") else {
                    throw bad("malformed chunk size")
                }
                var size = 0
                for c in sizeText {
                    guard let v = QueryString.hexValue(c) else { throw bad("malformed chunk size") }
                    size = size << 4 | Int(v)
                }
                if body.count + size > maxBody {
                    throw HTTPProtocolError(status: 413, message: "the body is over the \(maxBody)-byte limit")
                }
                state = size == 0 ? .trailers : .data(remaining: size)
            case .data(let remaining):
                let n = min(remaining, bytes.endIndex - i)
                body.append(contentsOf: bytes[i..<(i + n)])
                i += n
                state = remaining == n ? .dataEnd : .data(remaining: remaining - n)
            case .dataEnd:
                guard let (line, next) = try takeLine(bytes[i...]) else { return i - bytes.startIndex }
                guard line.isEmpty else { throw bad("chunk data is not followed by CRLF") }
                i = next
                state = .size
            case .trailers:
                guard let (line, next) = try takeLine(bytes[i...]) else { return i - bytes.startIndex }
                i = next
                if line.isEmpty { state = .done; return i - bytes.startIndex }
            case .done:
                return i - bytes.startIndex
            }
        }
        return i - bytes.startIndex
    }

    /// One line (without CRLF or LF) and the index after it; nil when the line is not complete.
    private func takeLine(_ bytes: ArraySlice<UInt8>) throws(HTTPProtocolError) -> (ArraySlice<UInt8>, Int)? {
        guard let lf = bytes.firstIndex(of: 0x0A) else {
            if bytes.count > maxLineBytes { throw bad("a chunk line is over \(maxLineBytes) bytes") }
            return nil
        }
        var line = bytes[bytes.startIndex..<lf]
        if line.last == 0x0D { line = line.dropLast() }
        return (line, lf + 1)
    }

    private func bad(_ message: String) -> HTTPProtocolError { HTTPProtocolError(status: 400, message: message) }
}
