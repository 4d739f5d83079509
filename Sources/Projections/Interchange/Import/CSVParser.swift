/// A strict RFC 4180 reader: records of fields, with the line each record starts on.
///
/// Fields are separated by `,`, records by LF or CRLF — or, when the first line ends in a
/// carriage return alone (classic Mac OS, old Excel for Mac "CSV"), by CR alone throughout, as
/// PostgreSQL's `COPY … CSV` and DuckDB detect it from the first line (and Python's `csv` reads
/// it); a line feed outside quotes in such a file is refused as mixed line endings, naming the
/// line and the remedy. A field is quoted when it starts with
/// `"`; inside, `""` is a quote and commas and line breaks are data. A quote inside an unquoted
/// field, text after a closing quote, or an unterminated quoted field is an error naming its
/// line. A UTF-8 byte order mark at the start is skipped. Lines that are entirely empty are
/// skipped (they carry no record). The text must be valid UTF-8.
///
/// `quoted` is kept so that an empty quoted field (`""`, the empty string) can be told from an
/// empty unquoted one (NULL), as PostgreSQL's CSV format does.
public enum CSVParser {
    public struct Field: Equatable, Sendable {
        public var text: String
        public var quoted: Bool
        public init(_ text: String, quoted: Bool) { self.text = text; self.quoted = quoted }
    }

    public struct Record: Equatable, Sendable {
        /// The 1-based line the record starts on.
        public var line: Int
        public var fields: [Field]
    }

    /// Every record of `bytes`, in file order.
    public static func parse(_ bytes: [UInt8]) throws(ImportError) -> [Record] {
        var records: [Record] = []
        try parse(bytes) { (record: Record) throws(ImportError) in records.append(record) }
        return records
    }

    /// Hands each record of `bytes` to `each` as soon as it is read, in file order, so that a
    /// large file's records never all exist at once (an import turns each into a row at once).
    /// A syntax error stops the read after the records before it were handed over.
    public static func parse(_ bytes: [UInt8], each: (Record) throws(ImportError) -> Void) throws(ImportError) {
        let crOnly = firstLineEndsInCR(bytes, from: bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
        try parse(bytes, crOnly: crOnly, each: each)
    }

    /// `parse(_:each:)` once the line ending is known. A field is taken from the bytes as one
    /// slice (a quoted field with a doubled quote is copied), and text that is all ASCII is not
    /// checked again as UTF-8: a 1 M-row export has ~15 M fields.
    private static func parse(_ b: [UInt8], crOnly: Bool,
                              each: (Record) throws(ImportError) -> Void) throws(ImportError) {
        let n = b.count
        var i = n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF ? 3 : 0
        var line = 1
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        let lineBreak = crOnly ? cr : lf
        /// Whether a line ends at `i`: LF or CRLF, or with `crOnly` CR (a line feed there is refused).
        func lineEnd(at i: Int) throws(ImportError) -> Bool {
            let c = b[i]
            guard c == lf || c == cr else { return false }
            if crOnly {
                if c == lf {
                    throw ImportError(line: line, column: nil, message: "a line feed in a file whose first line ends in a carriage return alone (classic Mac line endings): mixed line endings; convert the file to one kind, e.g. tr '\\r' '\\n' < FILE, or quote the field")
                }
                return true
            }
            return c == lf || (i + 1 < n && b[i + 1] == lf)
        }
        /// Steps over the line end at `i`.
        func skipLineEnd() {
            i += (crOnly || b[i] == lf) ? 1 : 2
            line += 1
        }
        while i < n {
            // An empty line carries no record.
            if try lineEnd(at: i) { skipLineEnd(); continue }
            let start = line
            var fields: [Field] = []
            while true {
                var quoted = false
                var escaped: [UInt8]?  // a quoted field's text once a doubled quote was met
                let from: Int, to: Int
                if i < n, b[i] == quote {
                    quoted = true
                    i += 1
                    from = i
                    while true {
                        guard i < n else {
                            throw ImportError(line: start, column: nil, message: "a quoted field is not closed before the end of the file")
                        }
                        let c = b[i]
                        if c == quote {
                            if i + 1 < n, b[i + 1] == quote {
                                if escaped == nil { escaped = Array(b[from..<i]) }
                                escaped?.append(quote)
                                i += 2
                                continue
                            }
                            break
                        }
                        if c == lineBreak { line += 1 }
                        escaped?.append(c)
                        i += 1
                    }
                    to = i
                    i += 1
                    if i < n, b[i] != comma, try !lineEnd(at: i) {
                        throw ImportError(line: line, column: nil, message: "unexpected text after the closing quote of field \(fields.count + 1)")
                    }
                } else {
                    from = i
                    while i < n, b[i] != comma, try !lineEnd(at: i) {
                        if b[i] == quote {
                            throw ImportError(line: line, column: nil, message: "a quote inside unquoted field \(fields.count + 1); quote the whole field and double the quote")
                        }
                        i += 1
                    }
                    to = i
                }
                let text: String? = if let escaped {
                    String(validating: escaped, as: UTF8.self)
                } else {
                    Self.text(b[from..<to])
                }
                guard let text else {
                    throw ImportError(line: line, column: nil, message: "field \(fields.count + 1) is not valid UTF-8")
                }
                fields.append(Field(text, quoted: quoted))
                if i < n, b[i] == comma { i += 1; continue }
                // End of record: a line end or the end of the file.
                if i < n { skipLineEnd() }
                break
            }
            try each(Record(line: start, fields: fields))
        }
    }

    /// `bytes` as text, or nil when they are not valid UTF-8; ASCII needs no further check.
    private static func text(_ bytes: ArraySlice<UInt8>) -> String? {
        var high: UInt8 = 0
        for byte in bytes { high |= byte }
        if high < 0x80 { return String(decoding: bytes, as: UTF8.self) }
        return String(validating: bytes, as: UTF8.self)
    }

    /// Whether the first line end outside quotes, from `start`, is a carriage return not
    /// followed by a line feed.
    static func firstLineEndsInCR(_ bytes: [UInt8], from start: Int) -> Bool {
        var quoted = false
        var i = start
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: "\""): quoted.toggle()
            case 0x0A where !quoted: return false
            case 0x0D where !quoted: return i + 1 == bytes.count || bytes[i + 1] != 0x0A
            default: break
            }
            i += 1
        }
        return false
    }
}
