/// A strict RFC 4180 reader: records of fields, with the line each record starts on.
///
/// Fields are separated by `,`, records by LF or CRLF. A field is quoted when it starts with
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

    public static func parse(_ bytes: [UInt8]) throws(ImportError) -> [Record] {
        var i = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var records: [Record] = []
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), lf: UInt8 = 0x0A, cr: UInt8 = 0x0D
        while i < bytes.count {
            // An empty line carries no record.
            if bytes[i] == lf { i += 1; line += 1; continue }
            if bytes[i] == cr, i + 1 < bytes.count, bytes[i + 1] == lf { i += 2; line += 1; continue }
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
                        if c == lf { line += 1 }
                        field.append(c)
                        i += 1
                    }
                    if i < bytes.count, bytes[i] != comma, bytes[i] != lf, !(bytes[i] == cr && i + 1 < bytes.count && bytes[i + 1] == lf) {
                        throw ImportError(line: line, column: nil, message: "unexpected text after the closing quote of field \(fields.count + 1)")
                    }
                } else {
                    while i < bytes.count, bytes[i] != comma, bytes[i] != lf {
                        if bytes[i] == cr, i + 1 < bytes.count, bytes[i + 1] == lf { break }
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
                // End of record: LF, CRLF or end of file.
                if i < bytes.count, bytes[i] == cr { i += 1 }
                if i < bytes.count, bytes[i] == lf { i += 1; line += 1 }
                break
            }
            records.append(Record(line: start, fields: fields))
        }
        return records
    }
}
