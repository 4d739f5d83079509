#if canImport(Glibc)
import Glibc
#endif

/// The IMF-fixdate of RFC 9110 5.6.7, the one form a server may send in `Date`:
/// `Sun, 06 Nov 1994 08:49:37 GMT` — English day and month names, always UTC, always 29 bytes.
/// Written by hand (`gmtime_r` and a table) rather than with a `DateFormatter`, which costs a
/// locale, a calendar and an allocation per call and could follow the process's locale.
enum IMFFixdate {
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The IMF-fixdate of `epochSecond` (seconds since 1970-01-01 00:00:00 UTC).
    static func bytes(epochSecond: Int) -> [UInt8] {
        var time = time_t(epochSecond)
        var parts = tm()
        gmtime_r(&time, &parts)
        var out: [UInt8] = []
        out.reserveCapacity(29)
        out += days[Int(parts.tm_wday)].utf8
        out += ", ".utf8
        twoDigits(Int(parts.tm_mday), into: &out)
        out.append(0x20)
        out += months[Int(parts.tm_mon)].utf8
        out.append(0x20)
        let year = Int(parts.tm_year) + 1900
        twoDigits(year / 100, into: &out)
        twoDigits(year % 100, into: &out)
        out.append(0x20)
        twoDigits(Int(parts.tm_hour), into: &out)
        out.append(UInt8(ascii: ":"))
        twoDigits(Int(parts.tm_min), into: &out)
        out.append(UInt8(ascii: ":"))
        twoDigits(Int(parts.tm_sec), into: &out)
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
