/// Reading times: the stored grammar (RFC 3339) and the one grammar for times people type.
extension Timestamp {
    /// Parses RFC 3339: `YYYY-MM-DDTHH:MM:SS[.fraction][Z|±HH:MM]`.
    ///
    /// The separator may be `T`, `t` or a space; a missing offset means UTC; up to nine fraction
    /// digits are read and rounded half up to the microsecond; a leap second (`:60`) rolls into the
    /// next minute, as PostgreSQL does. Returns nil for anything else, or a year outside 0001–9999.
    /// This is the grammar of stored times; a time a person gives is read by `init?(typed:)`.
    public init?(rfc3339 text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard let t = utf8.withUnsafeBufferPointer({ Timestamp.parse($0) }) else { return nil }
        self = t
    }

    /// Parses a time as people type it, to be stored (`occurred_at` in `append`, `created_at` in
    /// `import`): everything `init?(rfc3339:)` reads, and also PostgreSQL's text forms and a bare
    /// date (see `Timestamp.Forms`). A fraction finer than a microsecond is rounded half up,
    /// as PostgreSQL stores it.
    public init?(typed text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard let t = utf8.withUnsafeBufferPointer({ Timestamp.parse($0, roundingHalfUp: true, forms: .typed) }) else { return nil }
        self = t
    }

    /// Parses a requested point in time (`--as-of T`, `--at T`, `--valid-at T`, a diff point):
    /// the forms of `init?(typed:)`, but a fraction finer than a microsecond is cut, never rounded
    /// up, because "at or before T" must not take in a record after T (`12:00:00.9999995Z` is
    /// before `12:00:01Z`, so it means `12:00:00.999999Z`). A bare date is the start of that UTC
    /// day, which is never later than anything the date could mean.
    public init?(pointInTime text: some StringProtocol) {
        let utf8 = Array(text.utf8)
        guard let t = utf8.withUnsafeBufferPointer({ Timestamp.parse($0, roundingHalfUp: false, forms: .typed) }) else { return nil }
        self = t
    }

    /// The typed forms by example, for messages that refuse a time: `expected a time such as …`.
    public static let typedExamples = "2026-11-25T12:00:00Z (RFC 3339), 2026-11-25 12:00:00+00 (PostgreSQL) or 2026-11-25 (its 00:00 UTC)"

    /// Which spellings `parse` reads.
    ///
    /// `typed` is the one grammar for every time a person gives tslog (options, URL parameters,
    /// `append` and `import` input):
    ///
    ///     YYYY-MM-DD                                   a bare date: 00:00:00 UTC of that day
    ///     YYYY-MM-DD{T|t| }HH:MM[:SS[.F]][OFFSET]      F: 1 to 9 digits
    ///     OFFSET = Z | z | ±HH | ±HHMM | ±HH:MM | ±HH:MM:SS    (none: UTC)
    ///
    /// so RFC 3339 (`2026-11-20T09:15:00Z`) and what PostgreSQL prints for `timestamptz`
    /// (`2026-11-20 09:15:00.123456+00`, `+05:30`, `+00:53:28` for old local mean times) and
    /// `timestamp` (`2026-11-20 09:15:00`) all read. A bare date is the start of the day, as
    /// PostgreSQL casts `'2026-11-20'::timestamptz` in a UTC session.
    public enum Forms: Sendable {
        /// RFC 3339 as `init?(rfc3339:)` documents it: the grammar of stored times.
        case rfc3339
        /// RFC 3339 plus PostgreSQL's text forms and a bare date.
        case typed
    }

    /// Parses RFC 3339 from raw UTF-8 bytes; see `init?(rfc3339:)`.
    package static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        parse(b, roundingHalfUp: true)
    }

    /// `parse`, with a seventh fraction digit of 5 or more rounding the microsecond up
    /// (`roundingHalfUp`, as PostgreSQL stores a time) or cut off (a point in time asked for),
    /// reading the spellings `forms` allows.
    @inline(__always)
    static func parse(_ b: UnsafeBufferPointer<UInt8>, roundingHalfUp: Bool, forms: Forms = .rfc3339) -> Timestamp? {
        if b.count == 27, let t = parseCanonical(b) { return t }
        let typed = forms == .typed
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
        guard year >= 1, month >= 1, month <= 12, day >= 1, day <= daysIn(month: month, year: year) else { return nil }
        if typed, i == b.count {
            return Timestamp(microseconds: days(year: year, month: month, day: day) * 86_400_000_000)
        }
        guard i < b.count, b[i] == UInt8(ascii: "T") || b[i] == UInt8(ascii: "t") || b[i] == UInt8(ascii: " ") else { return nil }
        i += 1
        guard let hour = digits(2), expect(UInt8(ascii: ":")), let minute = digits(2) else { return nil }
        var second = 0
        if typed, i == b.count || b[i] != UInt8(ascii: ":") {
            second = 0
        } else {
            guard expect(UInt8(ascii: ":")), let s = digits(2) else { return nil }
            second = s
        }
        guard hour <= 23, minute <= 59, second <= 60 else { return nil }
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
        var offsetSeconds = 0
        if i < b.count {
            let c = b[i]
            if c == UInt8(ascii: "Z") || c == UInt8(ascii: "z") {
                i += 1
            } else if c == UInt8(ascii: "+") || c == UInt8(ascii: "-") {
                i += 1
                guard let oh = digits(2), oh <= 23 else { return nil }
                var om = 0, os = 0
                if expect(UInt8(ascii: ":")) {
                    guard let m = digits(2), m <= 59 else { return nil }
                    om = m
                    if typed, expect(UInt8(ascii: ":")) {
                        guard let s = digits(2), s <= 59 else { return nil }
                        os = s
                    }
                } else {
                    guard typed else { return nil }
                    if i < b.count {  // ±HHMM
                        guard let m = digits(2), m <= 59 else { return nil }
                        om = m
                    }
                }
                offsetSeconds = (oh * 3600 + om * 60 + os) * (c == UInt8(ascii: "-") ? -1 : 1)
            } else {
                return nil
            }
        }
        guard i == b.count else { return nil }
        let daysSinceEpoch = days(year: year, month: month, day: day)
        let secondsOfDay = Int64(hour * 3600 + minute * 60 + second - offsetSeconds)
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
