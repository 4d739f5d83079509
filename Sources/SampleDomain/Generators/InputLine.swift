import EventLog

/// Writes the input lines users append (`tslog append`), as the brief's "Input lines" section
/// describes them: one compact JSON object, keys `type`, `sample_id`, `occurred_at`, `event_id`
/// (when given), then the type's fields in payload order.
///
/// The canonical form is what a careful client writes. The other spellings are all equally valid
/// and must parse to the same event; the random generator uses them to exercise the parser.
public enum InputLine {
    /// How the parts that may be spelled several ways are spelled.
    public struct Style: Sendable, Equatable {
        /// Write the sample id in uppercase hex (ids are accepted in any case).
        public var uppercaseID = false
        /// How `occurred_at` is written.
        public var time: TimeSpelling = .microseconds
        /// Write absent optional fields as `null` instead of leaving them out.
        public var explicitNulls = false

        public init(uppercaseID: Bool = false, time: TimeSpelling = .microseconds, explicitNulls: Bool = false) {
            self.uppercaseID = uppercaseID; self.time = time; self.explicitNulls = explicitNulls
        }

        /// Lowercase id, six fraction digits and `Z`, absent fields left out.
        public static let canonical = Style()
    }

    /// Spellings of one instant; every one of them reads back as the same microsecond.
    public enum TimeSpelling: Sendable, Equatable {
        /// `2026-11-20T08:00:00.000000Z`
        case microseconds
        /// `2026-11-20T08:00:00Z` when the fraction is zero, six digits otherwise.
        case shortest
        /// Nine fraction digits, the last three zeros: `2026-11-20T08:00:00.123456000Z`.
        case nanoseconds
        /// The local time at this offset from UTC, in minutes (e.g. 330 → `+05:30`), with six
        /// fraction digits. Falls back to `.microseconds` within a day of year 0001 or 9999.
        case offset(minutes: Int)
    }

    /// The input line for `event`, without a trailing newline.
    public static func encode(_ event: SampleEvent, eventID: String?, style: Style = .canonical) -> String {
        var w = JSONWriter(capacity: 320)
        w.beginObject()
        w.key("type"); w.string(event.body.type.rawValue)
        let id = event.sampleID.description
        w.key("sample_id"); w.string(style.uppercaseID ? id.uppercased() : id)
        w.key("occurred_at"); w.string(timeText(event.occurredAt, style.time))
        if let eventID { w.key("event_id"); w.string(eventID) }
        writeFields(event.body, nulls: style.explicitNulls, to: &w)
        w.endObject()
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// `occurred_at` spelled as `spelling` asks.
    public static func timeText(_ t: Timestamp, _ spelling: TimeSpelling) -> String {
        switch spelling {
        case .microseconds:
            return t.rfc3339(.microseconds)
        case .shortest:
            return t.rfc3339(.whenNonZero)
        case .nanoseconds:
            var text = t.rfc3339(.microseconds)
            text.removeLast()
            return text + "000Z"
        case .offset(let minutes):
            let shift = Int64(minutes) * 60_000_000
            let day: Int64 = 86_400_000_000
            guard t.microseconds - Timestamp.minimum.microseconds > day,
                  Timestamp.maximum.microseconds - t.microseconds > day else {
                return t.rfc3339(.microseconds)
            }
            var text = Timestamp(microseconds: t.microseconds + shift).rfc3339(.microseconds)
            text.removeLast()
            let sign = minutes < 0 ? "-" : "+"
            let m = abs(minutes)
            return text + sign + twoDigits(m / 60) + ":" + twoDigits(m % 60)
        }
    }

    private static func twoDigits(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    /// The declared fields of `body` in payload order; absent optional ones as `null` when `nulls`.
    private static func writeFields(_ body: EventBody, nulls: Bool, to w: inout JSONWriter) {
        for (field, value) in zip(body.type.table.fields, body.payload.fieldValues) {
            guard let value else {
                if nulls { w.key("\(field.key)"); w.null() }
                continue
            }
            w.key("\(field.key)")
            switch value {
            case .text(let s): w.string(s)
            case .labelType(let t): w.string(t.rawValue)
            case .status(let s): w.string(s.rawValue)
            case .imageFormat(let f): w.string(f.rawValue)
            case .count(let n): w.int(n)
            case .crop(let c):
                w.beginObject()
                w.key("x"); w.number(c.x)
                w.key("y"); w.number(c.y)
                w.key("width"); w.number(c.width)
                w.key("height"); w.number(c.height)
                w.endObject()
            case .columns(let c):
                w.beginArray()
                for name in c.names { w.string(name) }
                w.endArray()
            }
        }
    }
}
