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
    static func civil(days z0: Int64) -> (year: Int, month: Int, day: Int) {
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

    /// Parses RFC 3339: `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]`.
    ///
    /// The separator may be `T`, `t` or a space; a missing offset means UTC; up to nine fraction
    /// digits are read and rounded half up to the microsecond; a leap second (`:60`) rolls into the
    /// next minute, as PostgreSQL does. Returns nil for anything else, or a year outside 0001–9999.
    public init?(rfc3339 text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard let t = utf8.withUnsafeBufferPointer({ Timestamp.parse($0) }) else { return nil }
        self = t
    }

    /// Parses RFC 3339 like `init?(rfc3339:)`, but a fraction finer than a microsecond is cut,
    /// never rounded up: for a requested point in time (`--as-of T`, `--at T`), where "at or
    /// before T" must not take in a record recorded after T (`12:00:00.9999995Z` is before
    /// `12:00:01Z`, so it means `12:00:00.999999Z`).
    public init?(pointInTime text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard let t = utf8.withUnsafeBufferPointer({ Timestamp.parse($0, roundingHalfUp: false) }) else { return nil }
        self = t
    }

    /// Parses RFC 3339 from raw UTF-8 bytes; see `init?(rfc3339:)`.
    package static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        parse(b, roundingHalfUp: true)
    }

    /// `parse`, with a seventh fraction digit of 5 or more rounding the microsecond up
    /// (`roundingHalfUp`, as PostgreSQL stores a time) or cut off (a point in time asked for).
    @inline(__always)
    static func parse(_ b: UnsafeBufferPointer<UInt8>, roundingHalfUp: Bool) -> Timestamp? {
        if b.count == 27, let t = parseCanonical(b) { return t }
        var i = 0
        func digits(_ n: Int) -> Int? {
            guard i + n <= b.count else { return nil }
            var v = 0
            for k in 0..<n {
                let c = b[i + k]
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + Int(c - 48)
            }
            i += n
            return v
        }
        func expect(_ c: UInt8) -> Bool {
            guard i < b.count, b[i] == c else { return false }
            i += 1
            return true
        }
        guard let year = digits(4), expect(UInt8(ascii: "-")), let month = digits(2), expect(UInt8(ascii: "-")),
              let day = digits(2) else { return nil }
        guard i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let hour = digits(2), expect(UInt8(ascii: ":")), let minute = digits(2), expect(UInt8(ascii: ":")),
              let second = digits(2) else { return nil }
        guard year >= 1, month >= 1, month <= 12, day >= 1, day <= daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 60 else { return nil }
        var micros: Int64 = 0
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            var count = 0
            var value: Int64 = 0
            var roundUp = false
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                if count < 6 { value = value * 10 + Int64(b[i] - 48) }
                else if count == 6 { roundUp = roundingHalfUp && b[i] >= 53 }
                count += 1
                i += 1
            }
            guard count >= 1, count <= 9 else { return nil }
            if count < 6 { for _ in count..<6 { value *= 10 } }
            micros = value + (roundUp ? 1 : 0)
        }
        var offsetMinutes = 0
        if i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                i += 1
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                i += 1
                guard let oh = digits(2), expect(UInt8(ascii: ":")), let om = digits(2), oh <= 23, om <= 59 else { return nil }
                offsetMinutes = (oh * 60 + om) * (c == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        guard i == b.count else { return nil }
        let daysSinceEpoch = days(year: year, month: month, day: day)
        let secondsOfDay = Int64(hour * 3600 + minute * 60 + second - offsetMinutes * 60)
        let total = (daysSinceEpoch * 86_400 + secondsOfDay) * 1_000_000 + micros
        let result = Timestamp(microseconds: total)
        guard result >= .minimum, result <= .maximum else { return nil }
        return result
    }

    /// The form tslog writes, `2026-11-25T12:00:00.000000Z`, read with fixed offsets (every
    /// stored event's `occurred_at` is in it); nil for anything else, including a leap second,
    /// which `parse` reads the long way. Gives what `parse` gives for the same bytes.
    private static func parseCanonical(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: "T"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"), b[19] == UInt8(ascii: "."),
              b[26] == UInt8(ascii: "Z") else { return nil }
        var bad: UInt8 = 0
        @inline(__always) func number(_ at: Int, _ count: Int) -> Int {
            var v = 0
            for k in at..<(at + count) {
                let d = b[k] &- 48
                bad |= d > 9 ? 1 : 0
                v = v &* 10 &+ Int(d)
            }
            return v
        }
        let year = number(0, 4), month = number(5, 2), day = number(8, 2)
        let hour = number(11, 2), minute = number(14, 2), second = number(17, 2), micros = number(20, 6)
        guard bad == 0, year >= 1, month >= 1, month <= 12, day >= 1, day <= daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 59 else { return nil }
        let seconds = days(year: year, month: month, day: day) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return Timestamp(microseconds: seconds * 1_000_000 + Int64(micros))
    }
}
