/// Percent-decoding of request targets' query strings (`application/x-www-form-urlencoded`).
enum QueryString {
    /// The parameters of `query` (the text after `?`), decoded, in order. Nil when a `%` is not
    /// followed by two hex digits or the decoded bytes are not UTF-8.
    static func parse(_ query: Substring) -> [(name: String, value: String)]? {
        var out: [(String, String)] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(pieces[0]) else { return nil }
            let value = pieces.count > 1 ? decode(pieces[1]) : ""
            guard let value else { return nil }
            out.append((name, value))
        }
        return out
    }

    /// The name of the first parameter of `query` whose value `parse` cannot decode, for the
    /// refusal to name it; nil when a name itself is malformed (or nothing is).
    static func malformedParameter(_ query: Substring) -> String? {
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(pieces[0]) else { return nil }
            if pieces.count > 1, decode(pieces[1]) == nil { return name }
        }
        return nil
    }

    /// `text` with `+` as space and `%XX` decoded; nil when malformed or not UTF-8.
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var i = text.utf8.startIndex
        let utf8 = text.utf8
        while i < utf8.endIndex {
            let c = utf8[i]
            if c == UInt8(ascii: "+") {
                bytes.append(0x20)
            } else if c == UInt8(ascii: "%") {
                let h = utf8.index(after: i)
                guard h < utf8.endIndex, utf8.index(after: h) < utf8.endIndex,
                      let hi = hexValue(utf8[h]), let lo = hexValue(utf8[utf8.index(after: h)]) else { return nil }
                bytes.append(hi << 4 | lo)
                i = utf8.index(h, offsetBy: 2)
                continue
            } else {
                bytes.append(c)
            }
            i = utf8.index(after: i)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
