/// A point in time, in whole microseconds since 1970-01-01T00:00:00Z.
///
/// tslog keeps every time to the microsecond, as PostgreSQL's `timestamptz` does, and always in UTC:
/// a time read with an offset is normalised, and every time written carries `Z`.
public struct Timestamp: Hashable, Comparable, Sendable {
    /// Microseconds since the Unix epoch (negative before 1970).
    public var microseconds: Int64

    public init(microseconds: Int64) { self.microseconds = microseconds }

    public static func < (a: Timestamp, b: Timestamp) -> Bool { a.microseconds < b.microseconds }

    /// The earliest and latest times tslog accepts: years 0001 through 9999.
    public static let minimum = Timestamp(microseconds: -62_135_596_800_000_000)
    public static let maximum = Timestamp(microseconds: 253_402_300_799_999_999)
}

extension Timestamp {
    /// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar date of a day count since 1970-01-01 (Hinnant's `civil_from_days`).
    package static func civil(days z0: Int64) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(yoe + era * 400 + (m <= 2 ? 1 : 0)), Int(m), Int(d))
    }

    static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Whole days since 1970-01-01 of this time's UTC date (what `DATE(created_at)` gives in UTC).
    public var utcDay: Int64 {
        let perDay: Int64 = 86_400_000_000
        return microseconds >= 0 ? microseconds / perDay : -((-microseconds + perDay - 1) / perDay)
    }

    /// `YYYY-MM-DD` of a day number as returned by `utcDay`.
    public static func dateString(utcDay: Int64) -> String {
        let (y, m, d) = civil(days: utcDay)
        var out: [UInt8] = []
        out.reserveCapacity(10)
        appendDigits(&out, y, 4); out.append(UInt8(ascii: "-"))
        appendDigits(&out, m, 2); out.append(UInt8(ascii: "-"))
        appendDigits(&out, d, 2)
        return String(decoding: out, as: UTF8.self)
    }

    static func appendDigits(_ out: inout [UInt8], _ value: Int, _ width: Int) {
        var digits = [UInt8](repeating: UInt8(ascii: "0"), count: width)
        var v = value
        var i = width - 1
        while i >= 0 { digits[i] = UInt8(ascii: "0") + UInt8(v % 10); v /= 10; i -= 1 }
        out.append(contentsOf: digits)
    }
}

extension Timestamp {
    /// How many fraction digits a formatted time carries.
    public enum FractionStyle: Sendable {
        /// Always six digits: the fixed-width form stored in the log.
        case microseconds
        /// Six digits when the fraction is non-zero, none otherwise: the form shown to people.
        case whenNonZero
    }

    /// RFC 3339 in UTC, e.g. `2026-11-25T12:00:00.123456Z`.
    public func rfc3339(_ style: FractionStyle = .whenNonZero) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(27)
        appendRFC3339(to: &out, style)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the RFC 3339 UTF-8 bytes of this time to `out`.
    public func appendRFC3339(to out: inout [UInt8], _ style: FractionStyle = .whenNonZero) {
        let day = utcDay
        let micros = microseconds - day * 86_400_000_000
        let (y, m, d) = Timestamp.civil(days: day)
        let secs = Int(micros / 1_000_000)
        let frac = Int(micros % 1_000_000)
        Timestamp.appendDigits(&out, y, 4); out.append(UInt8(ascii: "-"))
        Timestamp.appendDigits(&out, m, 2); out.append(UInt8(ascii: "-"))
        Timestamp.appendDigits(&out, d, 2); out.append(UInt8(ascii: "T"))
        Timestamp.appendDigits(&out, secs / 3600, 2); out.append(UInt8(ascii: ":"))
        Timestamp.appendDigits(&out, secs / 60 % 60, 2); out.append(UInt8(ascii: ":"))
        Timestamp.appendDigits(&out, secs % 60, 2)
        if style == .microseconds || frac != 0 {
            out.append(UInt8(ascii: "."))
            Timestamp.appendDigits(&out, frac, 6)
        }
        out.append(UInt8(ascii: "Z"))
    }
}
