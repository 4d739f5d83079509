import EventLog

/// The IMF-fixdate of RFC 9110 5.6.7, the one form a server may send in `Date`:
/// `Sun, 06 Nov 1994 08:49:37 GMT` — English day and month names, always UTC, always 29 bytes.
/// Written by hand from `Timestamp`'s calendar (`Timestamp.civil`) rather than with a
/// `DateFormatter`, which costs a locale, a calendar and an allocation per call and could
/// follow the process's locale.
enum IMFFixdate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The IMF-fixdate of `epochSecond` (seconds since 1970-01-01 00:00:00 UTC).
    static func bytes(epochSecond: Int) -> [UInt8] {
        let day = Int64(epochSecond >= 0 ? epochSecond / 86_400 : -((-epochSecond + 86_399) / 86_400))
        let second = epochSecond - Int(day) * 86_400
        let (year, month, dayOfMonth) = Timestamp.civil(days: day)
        // 1970-01-01 was a Thursday (4, counting from Sunday).
        let weekday = Int(((day % 7) + 11) % 7)
        var out: [UInt8] = []
        out.reserveCapacity(29)
        out += days[weekday].utf8
        out += ", ".utf8
        twoDigits(dayOfMonth, into: &out)
        out.append(0x20)
        out += months[month - 1].utf8
        out.append(0x20)
        twoDigits(year / 100, into: &out)
        twoDigits(year % 100, into: &out)
        out.append(0x20)
        twoDigits(second / 3600, into: &out)
        out.append(UInt8(ascii: ":"))
        twoDigits(second / 60 % 60, into: &out)
        out.append(UInt8(ascii: ":"))
        twoDigits(second % 60, into: &out)
        out += " GMT".utf8
        return out
    }

    /// The IMF-fixdate of `epochSecond` as text.
    static func string(epochSecond: Int) -> String {
        String(decoding: bytes(epochSecond: epochSecond), as: UTF8.self)
    }

    private static func twoDigits(_ n: Int, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "0") + UInt8(n / 10 % 10))
        out.append(UInt8(ascii: "0") + UInt8(n % 10))
    }
}
