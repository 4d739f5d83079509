import EventLog

/// A byte-level reader for the common case of an input line: well-formed, every field valid.
///
/// It reads a line straight into an `InputEvent`, without the `JSONValue` tree and the `String`
/// per key that `InputParser` builds: keys are matched as bytes against the known field names,
/// values are remembered as byte ranges, and only the strings that are kept are decoded.
///
/// It never refuses a line. On ANY doubt — a syntax error, an escape or non-ASCII byte in a key,
/// an unknown, duplicate or null-but-required field, a value of the wrong kind, a field rule
/// broken, a number it does not read exactly — it returns nil and the caller runs the reference
/// path (`InputParser`), so refusals, their order and their wording always come from one place.
/// What it accepts, `InputParser.parse` accepts with an equal `InputEvent`
/// (`FastLineReaderTests` compare the two on seeded generated and mutated lines).
///
/// - Complexity: O(line bytes), no allocation besides the kept strings.
enum FastLineReader {
    /// The line as an `InputEvent`, or nil when the reference path must decide.
    static func read(_ line: UnsafeBufferPointer<UInt8>) -> InputEvent? {
        scanned(line) { $0.event() }
    }

    /// For the store: what `read` checks, but the payload (`PayloadCodec.encode` of the event
    /// with `defaultTime` applied) is written from the line's bytes and no event is made.
    static func readRecord(_ line: UnsafeBufferPointer<UInt8>, defaultTime: Timestamp)
        -> (eventID: String?, sampleID: SampleID, type: EventType, expectLastSeq: UInt64?, payload: [UInt8])? {
        scanned(line) { $0.record(defaultTime: defaultTime) }
    }

    /// `build` applied to the line's fields once the syntax pass accepted it.
    private static func scanned<T>(_ line: UnsafeBufferPointer<UInt8>, _ build: (LineBuild) -> T?) -> T? {
        guard line.count <= InputParser.maxLineBytes else { return nil }
        return withUnsafeTemporaryAllocation(of: ValueSpan.self, capacity: Field.count) { slots -> T? in
            slots.initialize(repeating: ValueSpan.absent)
            var scan = LineScan(bytes: line, slots: slots)
            guard scan.scanObject() else { return nil }
            return build(LineBuild(bytes: line, slots: UnsafeBufferPointer(slots), present: scan.present, crop: scan.crop,
                                   columns: scan.columns))
        }
    }
}

/// Where one top-level value lies on the line, and what kind it is.
struct ValueSpan {
    enum Kind: UInt8 {
        /// The key is not on the line.
        case absent
        /// `null`.
        case null
        /// A string of printable ASCII without escapes: `start..<end` is its content, which is
        /// also its decoded UTF-8.
        case plainString
        /// Any other well-formed string: `start` is its opening quote (decode with `JSONString`).
        case string
        /// A number: `start..<end` is its text.
        case number
        /// The `crop_data` object (read into `LineScan.crop`).
        case object
        /// The `clear` list (read into `LineScan.columns`).
        case array
    }
    var kind: Kind
    var isInteger = false
    var start: Int32 = 0
    var end: Int32 = 0

    static let absent = ValueSpan(kind: .absent)
}

/// The fields an input line may carry, numbered: the common ones, then every declared payload
/// key (each once, in the order of `EventType.allCases` and of each type's declaration).
/// Which of them a type allows, and which slot each declared field reads, is in its `FieldTable`.
enum Field {
    static let common: [StaticString] = ["type", "sample_id", "occurred_at", "event_id", "expect_last_seq"]
    static let type = 0, sampleID = 1, occurredAt = 2, eventID = 3, expectLastSeq = 4

    /// `names[i]` is field `i`'s key.
    static let names: [[UInt8]] = {
        var names = common.map { Array("\($0)".utf8) }
        for type in EventType.allCases {
            for field in type.payloadType.fields where !names.contains(Array("\(field.key)".utf8)) {
                names.append(Array("\(field.key)".utf8))
            }
        }
        precondition(names.count <= 64, "more input fields than a 64-bit mask holds")
        return names
    }()

    static let count = names.count

    /// Bit i set: field i holds an object (a `.crop` field), which the syntax pass reads.
    static let objects: UInt64 = EventType.allCases.reduce(0) { mask, type in
        type.payloadType.fields.reduce(mask) { mask, field in
            guard field.kind == .crop, let i = names.firstIndex(of: Array("\(field.key)".utf8)) else { return mask }
            return mask | 1 << UInt64(i)
        }
    }

    /// Bit i set: field i holds a column list (a `.columns` field), which the syntax pass reads.
    static let arrays: UInt64 = EventType.allCases.reduce(0) { mask, type in
        type.payloadType.fields.reduce(mask) { mask, field in
            guard field.kind == .columns, let i = names.firstIndex(of: Array("\(field.key)".utf8)) else { return mask }
            return mask | 1 << UInt64(i)
        }
    }

    /// The number of the field whose key is `b[start..<end]`, or nil for any other key.
    @inline(__always)
    static func index(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        keys.index(b, start, end)
    }

    /// `names`, laid out for `index`.
    static let keys = KeyTable(names)
}

/// The field keys in raw memory, made once and never freed, for the key lookup of every input
/// line. A global array would do, but reading one retains and releases it, and the two threads
/// that read input lines would contend for its reference count on every key.
struct KeyTable: @unchecked Sendable {
    /// Room for each key; no field name is longer.
    private static let slot = 32
    /// Fields per key length (-1 ends a list): the most that share one length.
    private let perLength: Int
    private let keys: UnsafeMutablePointer<UInt8>
    /// `byLength[n * perLength + k]`: the k-th field whose key has n bytes.
    private let byLength: UnsafeMutablePointer<Int8>
    private let lengths: Int

    init(_ names: [[UInt8]]) {
        lengths = (names.map(\.count).max() ?? 0) + 1
        perLength = (0..<lengths).map { n in names.filter { $0.count == n }.count }.max() ?? 1
        keys = .allocate(capacity: names.count * Self.slot)
        keys.initialize(repeating: 0, count: names.count * Self.slot)
        byLength = .allocate(capacity: lengths * perLength)
        byLength.initialize(repeating: -1, count: lengths * perLength)
        for (i, name) in names.enumerated() {
            precondition(name.count <= Self.slot, "field name longer than the key table's slot")
            (keys + i * Self.slot).update(from: name, count: name.count)
            let list = byLength + name.count * perLength
            let free = (0..<perLength).first(where: { list[$0] < 0 })!
            list[free] = Int8(i)
        }
    }

    @inline(__always)
    func index(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        let count = end - start
        guard count < lengths, let line = b.baseAddress else { return nil }
        let list = byLength + count * perLength
        for k in 0..<perLength {
            let field = Int(list[k])
            if field < 0 { return nil }
            if bytesEqual(keys + field * Self.slot, line + start, count) { return field }
        }
        return nil
    }
}
