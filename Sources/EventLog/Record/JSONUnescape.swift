/// Decodes the contents of a JSON string (the bytes between the quotes).
enum JSONUnescape {
    /// The string the escaped bytes stand for. Bad escapes become U+FFFD rather than failing:
    /// the stored bytes were checked when written, and `verifyLog` checks them again.
    static func string(_ raw: UnsafeBufferPointer<UInt8>) -> String {
        guard raw.contains(UInt8(ascii: "\\")) else { return String(decoding: raw, as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(raw.count)
        var i = 0
        while i < raw.count {
            let c = raw[i]
            i += 1
            guard c == UInt8(ascii: "\\"), i < raw.count else { out.append(c); continue }
            let e = raw[i]
            i += 1
            switch e {
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "u"):
                var scalar = hex4(raw, &i) ?? 0xFFFD
                if scalar >= 0xD800, scalar < 0xDC00 {
                    var j = i
                    if j + 1 < raw.count, raw[j] == UInt8(ascii: "\\"), raw[j + 1] == UInt8(ascii: "u") {
                        j += 2
                        if let low = hex4(raw, &j), low >= 0xDC00, low < 0xE000 {
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                            i = j
                        }
                    }
                }
                let value = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(Character(value)).utf8))
            default: out.append(e)  // \" \\ \/
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hex4(_ raw: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt32? {
        guard i + 4 <= raw.count else { return nil }
        var v: UInt32 = 0
        for k in i..<(i + 4) {
            let c = raw[k] | 0x20
            if c &- 48 < 10 { v = v << 4 | UInt32(c &- 48) } else if c &- 97 < 6 { v = v << 4 | UInt32(c &- 87) } else { return nil }
        }
        i += 4
        return v
    }
}
