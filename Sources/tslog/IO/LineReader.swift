import EventLog

/// One line of input, numbered as a text editor would number it.
struct InputLine: Equatable, Sendable {
    /// What the line holds.
    enum Content: Equatable, Sendable {
        /// The line's bytes without the `\n` and without one trailing `\r` (CRLF input).
        case text([UInt8])
        /// The line is longer than the reader's limit. It was not kept: `bytesSeen` (more than
        /// the limit) is how much of it had been read when that became clear. The reader skips
        /// the rest of it, up to the next newline, on the following call.
        case oversize(bytesSeen: Int)
    }

    /// 1-based physical line number. Skipped blank lines still count, so numbers match the file.
    var number: Int
    var content: Content
    /// False for a last line that ended at end of input without a newline (and for an oversize
    /// line, whose end had not been seen when it was reported).
    var hasNewline: Bool
}

/// Splits input into lines, reading in large chunks, with a bound on memory.
///
/// - Lines end at `\n`; one `\r` before it is removed, so CRLF files read like LF files.
/// - A last line without a newline is returned like any other, with `hasNewline == false`.
/// - Blank lines (empty, or only spaces, tabs and `\r`) are skipped when `skipsBlankLines` is
///   true (the default): they are not events, but they keep their line number, so an error on
///   the line after two blank lines still says "line 3".
/// - A line longer than `maxLineLength` bytes is reported as `.oversize` as soon as that is
///   known, without ever holding more than `maxLineLength + 1 + chunkSize` bytes; the rest of it is
///   discarded up to the next newline.
///
/// - Complexity: O(n) in the input size; each byte is scanned once with `memchr` (`Memory.firstIndex`) and copied
///   once into the returned line.
struct LineReader {
    /// 1 MiB: the largest line `tslog append` accepts.
    static let defaultMaxLineLength = 1 << 20
    /// 256 KiB per `read(2)`.
    static let defaultChunkSize = 256 << 10

    /// Lines longer than this many bytes (excluding `\r\n`) are reported as oversize.
    let maxLineLength: Int
    /// Bytes requested per read.
    let chunkSize: Int
    /// Whether blank lines are skipped (they still count in line numbers).
    let skipsBlankLines: Bool
    /// The input's name in error messages, e.g. "standard input" or a path.
    let inputName: String

    private var source: InputSource
    private var sourceOffset = 0          // for .bytes
    private var buffer: [UInt8] = []
    private var start = 0                 // first byte of the pending line
    private var end = 0                   // end of valid bytes
    private var scanned = 0               // bytes in start..<scanned hold no newline
    private var atEndOfInput = false
    private var skippingOversizeLine = false
    private var lineNumber = 0

    /// A reader of `source`; it does not own or close a descriptor.
    init(
        _ source: InputSource,
        inputName: String = "standard input",
        maxLineLength: Int = LineReader.defaultMaxLineLength,
        chunkSize: Int = LineReader.defaultChunkSize,
        skipsBlankLines: Bool = true
    ) {
        self.source = source
        self.inputName = inputName
        self.maxLineLength = max(0, maxLineLength)
        self.chunkSize = max(1, chunkSize)
        self.skipsBlankLines = skipsBlankLines
    }

    /// Bytes of buffer currently allocated: stays within `maxLineLength + 1 + chunkSize` plus one
    /// chunk whatever the input (tests check the bound).
    var bufferCapacity: Int { buffer.count }

    /// The next line, or nil at end of input.
    ///
    /// - Throws: `SystemCallError` naming `read` and the input when a read fails.
    mutating func next() throws(SystemCallError) -> InputLine? {
        while true {
            if skippingOversizeLine {
                if let newline = findNewline(from: start) {
                    start = newline + 1
                    scanned = start
                    skippingOversizeLine = false
                } else {
                    start = end
                    scanned = end
                    if atEndOfInput { return nil }
                    try fill()
                }
                continue
            }
            if let newline = findNewline(from: scanned) {
                let lineEnd = newline
                let lineStart = start
                start = newline + 1
                scanned = start
                lineNumber += 1
                if let line = makeLine(lineStart..<lineEnd, hasNewline: true) { return line }
                continue
            }
            scanned = end
            let pending = end - start
            // One extra byte may be the `\r` of a CRLF that is not stripped yet.
            if pending > maxLineLength + 1 {
                lineNumber += 1
                skippingOversizeLine = true
                start = end
                scanned = end
                return InputLine(number: lineNumber, content: .oversize(bytesSeen: pending), hasNewline: false)
            }
            if atEndOfInput {
                guard pending > 0 else { return nil }
                let lineStart = start
                start = end
                scanned = end
                lineNumber += 1
                if let line = makeLine(lineStart..<end, hasNewline: false) { return line }
                continue
            }
            try fill()
        }
    }

    /// Builds the line for `range` (its `\n` excluded), or nil when it is a skipped blank line.
    private func makeLine(_ range: Range<Int>, hasNewline: Bool) -> InputLine? {
        var upper = range.upperBound
        if upper > range.lowerBound, buffer[upper - 1] == UInt8(ascii: "\r") { upper -= 1 }
        let length = upper - range.lowerBound
        if length > maxLineLength {
            return InputLine(number: lineNumber, content: .oversize(bytesSeen: length), hasNewline: hasNewline)
        }
        let bytes = buffer[range.lowerBound..<upper]
        if skipsBlankLines, bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return nil }
        return InputLine(number: lineNumber, content: .text(Array(bytes)), hasNewline: hasNewline)
    }

    /// Index of the first `\n` in `from..<end`, or nil.
    private func findNewline(from: Int) -> Int? {
        guard from < end else { return nil }
        return buffer.withUnsafeBytes { raw -> Int? in
            Memory.firstIndex(of: 0x0A, in: UnsafeRawBufferPointer(rebasing: raw[from..<end])).map { from + $0 }
        }
    }

    /// Moves the pending bytes to the front and reads one more chunk after them.
    private mutating func fill() throws(SystemCallError) {
        if start > 0 {
            let pending = end - start
            if pending > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    // Source and destination may overlap: copyMemory allows that (memmove).
                    raw.baseAddress!.copyMemory(from: raw.baseAddress! + start, byteCount: pending)
                }
            }
            scanned -= start
            end = pending
            start = 0
        }
        if buffer.count < end + chunkSize {
            buffer.append(contentsOf: repeatElement(0, count: end + chunkSize - buffer.count))
        }
        let count = try readChunk(into: end..<(end + chunkSize))
        if count == 0 { atEndOfInput = true }
        end += count
    }

    /// Reads at most `range.count` bytes into `buffer[range]`; 0 means end of input.
    private mutating func readChunk(into range: Range<Int>) throws(SystemCallError) -> Int {
        switch source {
        case .fileDescriptor(let fd):
            do {
                return try buffer.withUnsafeMutableBytes { raw throws(SystemCallError) in
                    try FileDescriptor(rawValue: fd).read(into: UnsafeMutableRawBufferPointer(rebasing: raw[range]))
                }
            } catch let error as SystemCallError {
                throw error.on(inputName)
            } catch {
                throw SystemCallError(error).on(inputName)
            }
        case .bytes(let bytes):
            let n = min(range.count, bytes.count - sourceOffset)
            buffer.replaceSubrange(range.lowerBound..<(range.lowerBound + n), with: bytes[sourceOffset..<(sourceOffset + n)])
            sourceOffset += n
            return n
        }
    }
}
