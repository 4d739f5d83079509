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
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        let crOnly = firstLineEndsInCR(bytes, from: i)
        /// Whether a line ends at `i`: LF or CRLF, or with `crOnly` CR (a line feed there is refused).
        func lineEnd(at i: Int) throws(ImportError) -> Bool {
            if crOnly {
                if bytes[i] == lf {
                    throw ImportError(line: line, column: nil, message: "a line feed in a file whose first line ends in a carriage return alone (classic Mac line endings): mixed line endings; convert the file to one kind, e.g. tr '\\r' '\\n' < FILE, or quote the field")
                }
                return bytes[i] == cr
            }
            return bytes[i] == lf || (bytes[i] == cr && i + 1 < bytes.count && bytes[i + 1] == lf)
        }
        /// Steps over the line end at `i`.
        func skipLineEnd() {
            i += (crOnly || bytes[i] == lf) ? 1 : 2
            line += 1
        }
        while i < bytes.count {
            // An empty line carries no record.
            if try lineEnd(at: i) { skipLineEnd(); continue }
            let start = line
            var fields: [Field] = []
            while true {
                var field: [UInt8] = []
                var quoted = false
                if i < bytes.count, bytes[i] == quote {
                    quoted = true
                    i += 1
                    while true {
                        guard i < bytes.count else {
                            throw ImportError(line: start, column: nil, message: "a quoted field is not closed before the end of the file")
                        }
                        let c = bytes[i]
                        if c == quote {
                            if i + 1 < bytes.count, bytes[i + 1] == quote { field.append(quote); i += 2; continue }
                            i += 1
                            break
                        }
                        if c == (crOnly ? cr : lf) { line += 1 }
                        field.append(c)
                        i += 1
                    }
                    if i < bytes.count, bytes[i] != comma, try !lineEnd(at: i) {
                        throw ImportError(line: line, column: nil, message: "unexpected text after the closing quote of field \(fields.count + 1)")
                    }
                } else {
                    while i < bytes.count, bytes[i] != comma, try !lineEnd(at: i) {
                        if bytes[i] == quote {
                            throw ImportError(line: line, column: nil, message: "a quote inside unquoted field \(fields.count + 1); quote the whole field and double the quote")
                        }
                        field.append(bytes[i])
                        i += 1
                    }
                }
                guard let text = String(validating: field, as: UTF8.self) else {
                    throw ImportError(line: line, column: nil, message: "field \(fields.count + 1) is not valid UTF-8")
                }
                fields.append(Field(text, quoted: quoted))
                if i < bytes.count, bytes[i] == comma { i += 1; continue }
                // End of record: a line end or the end of the file.
                if i < bytes.count { skipLineEnd() }
                break
            }
            try each(Record(line: start, fields: fields))
        }
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
