import EventLog

/// The keys of one type's payload, in frozen order, and which of them are required.
///
/// A trivial value: every field is a pointer into storage made once for the few static key sets
/// and never freed. Each payload read copies a key set, and the decoding threads of a rebuild
/// read the same ones; a class or an array here would be retained and released on every payload,
/// and the threads would contend for its reference count.
struct PayloadKeys: @unchecked Sendable {
    /// Key names as errors show them (`crop_data.x` for a crop key).
    let names: UnsafeBufferPointer<String>
    /// Bit n set: `names[n]` is required.
    let required: UInt32
    /// Key n's bytes as written in the payload, followed by `"`.
    let quoted: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>

    /// Keys exactly as given; `required` names the required ones; `prefix` is shown before each name in errors.
    init(keys: [String], required: Set<String>, prefix: String = "") {
        let names = UnsafeMutableBufferPointer<String>.allocate(capacity: keys.count)
        _ = names.initialize(from: keys.map { prefix + $0 })
        self.names = UnsafeBufferPointer(names)
        var mask: UInt32 = 0
        for (n, name) in keys.enumerated() where required.contains(name) { mask |= 1 << UInt32(n) }
        self.required = mask
        let table = UnsafeMutableBufferPointer<UnsafeBufferPointer<UInt8>>.allocate(capacity: keys.count)
        for (n, key) in keys.enumerated() {
            let bytes = Array(key.utf8) + [UInt8(ascii: "\"")]
            let copy = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: bytes.count)
            _ = copy.initialize(from: bytes)
            table[n] = UnsafeBufferPointer(copy)
        }
        quoted = UnsafeBufferPointer(table)
    }

    /// Key n's bytes, without the closing quote.
    func bytes(_ n: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: quoted[n].dropLast()) }

    /// How many keys there are.
    var count: Int { quoted.count }

    /// A type's keys: `sample_id` and `occurred_at` (both required, indexes 0 and 1), then the
    /// declared `fields` (field n at index n + 2).
    init(_ fields: [PayloadField]) {
        let names = fields.map { "\($0.key)" }
        self.init(keys: ["sample_id", "occurred_at"] + names,
                  required: Set(["sample_id", "occurred_at"] + fields.filter(\.required).map { "\($0.key)" }))
    }

    /// The `crop_data` object's keys, all required.
    static let crop = PayloadKeys(keys: ["x", "y", "width", "height"], required: ["x", "y", "width", "height"], prefix: "crop_data.")
}

extension PayloadCodec {
    /// Decodes a stored payload whose record `type` is given as raw bytes.
    /// - Throws: `PayloadError` (`.unknownType` for a type that is none of the event types).
    package static func decode(type: UnsafeBufferPointer<UInt8>, payload: UnsafeBufferPointer<UInt8>) throws(PayloadError) -> SampleEvent {
        if let t = EventType(wireName: type) { return try decode(type: t, payload: payload) }
        let name = String(decoding: type, as: UTF8.self)
        throw PayloadError(kind: .unknownType, type: name, field: "type", offset: nil,
                           message: "unknown event type \(quoted(name))")
    }

    /// Decodes a stored payload of schema version `version`, refusing versions this build cannot read.
    package static func decode(type: EventType, version: Int, payload: UnsafeBufferPointer<UInt8>) throws(PayloadError) -> SampleEvent {
        try SampleSchema.check(version: version, type: type.rawValue)
        return try decode(type: type, payload: payload)
    }

    /// Decodes a stored payload of the current schema version.
    ///
    /// Specialised to the canonical layout, with no intermediate value tree: the cost is one pass
    /// over the bytes plus one allocation per string longer than 15 bytes.
    /// - Throws: `PayloadError` naming the field and byte offset.
    package static func decode(type: EventType, payload: UnsafeBufferPointer<UInt8>) throws(PayloadError) -> SampleEvent {
        var r = PayloadReader(payload, type: type)
        return try type.payloadType.decode(&r)
    }

    /// Reads the whole payload object: `sample_id` and `occurred_at` here, every other key through
    /// `field` (with its index in `keys`). Refuses unknown, repeated and missing keys, and bytes
    /// after the object.
    static func readObject(_ r: inout PayloadReader, _ keys: PayloadKeys,
                           _ field: (inout PayloadReader, Int) throws(PayloadError) -> Void) throws(PayloadError) -> (SampleID, Timestamp) {
        var id: SampleID? = nil
        var at: Timestamp? = nil
        try readMembers(&r, keys) { (r: inout PayloadReader, k: Int) throws(PayloadError) in
            switch k {
            case 0: id = try r.sampleID()
            case 1: at = try r.timestamp("occurred_at")
            default: try field(&r, k)
            }
        }
        r.skipWhitespace()
        guard r.i == r.b.count else { throw r.fail(.malformed, nil, "unexpected bytes after the object") }
        guard let id, let at else { throw r.fail(.missingField, "sample_id", "required field is missing") }  // readMembers checked both
        return (id, at)
    }

    /// Reads `{ "key": value, … }`, calling `value` for each key; null counts as absent.
    static func readMembers(_ r: inout PayloadReader, _ keys: PayloadKeys,
                            _ value: (inout PayloadReader, Int) throws(PayloadError) -> Void) throws(PayloadError) {
        try r.expect(UInt8(ascii: "{"), "'{'")
        var seen: UInt32 = 0
        r.skipWhitespace()
        if r.i < r.b.count, r.b[r.i] == UInt8(ascii: "}") {
            r.i += 1
        } else {
            var hint = 0
            repeat {
                let keyAt = r.i
                let k = try r.key(keys, hint: hint)
                let bit: UInt32 = 1 << UInt32(k)
                guard seen & bit == 0 else { throw r.fail(.unknownField, keys.names[k], "appears twice", at: keyAt) }
                seen |= bit
                hint = k + 1
                let valueAt = r.i
                if r.null() {
                    guard keys.required & bit == 0 else {
                        throw r.fail(.invalidValue, keys.names[k], "required field is null", at: valueAt)
                    }
                } else {
                    try value(&r, k)
                }
            } while try r.next()
        }
        let missing = keys.required & ~seen
        if missing != 0 {
            let name = keys.names[missing.trailingZeroBitCount]
            throw r.fail(.missingField, name, "required field is missing")
        }
    }

    static func crop(_ r: inout PayloadReader) throws(PayloadError) -> CropData {
        var c = CropData(x: 0, y: 0, width: 0, height: 0)
        try readMembers(&r, .crop) { (r: inout PayloadReader, k: Int) throws(PayloadError) in
            switch k {
            case 0: c.x = try r.number("crop_data.x")
            case 1: c.y = try r.number("crop_data.y")
            case 2: c.width = try r.number("crop_data.width")
            default: c.height = try r.number("crop_data.height")
            }
        }
        return c
    }
}

extension EventPayload {
    /// The event a payload of this type holds: every declared field read by its kind into its
    /// place, unknown, repeated and missing keys refused.
    static func decode(_ r: inout PayloadReader) throws(PayloadError) -> SampleEvent {
        let table = eventType.table
        var payload = PayloadBuilder<Self>()
        let (id, at) = try PayloadCodec.readObject(&r, table.keys) { (r: inout PayloadReader, k: Int) throws(PayloadError) in
            payload.set(k - 2, try r.value(table.fields[k - 2]))
        }
        return SampleEvent(sampleID: id, occurredAt: at, body: payload.body.body)
    }
}

extension PayloadCodec {
    /// Decodes one stored record into its domain event, exactly as `SampleEventReader.forEach`
    /// does: a schema version other than this build's, or a payload that does not decode, is a
    /// `SampleEventReader.DecodeFailure` naming the record's seq.
    public static func decode(record: RecordView) throws(SampleEventReader.DecodeFailure) -> SampleEvent {
        try decoding(record) { (type, payload) throws(PayloadError) in try decode(type: type, payload: payload) }
    }

    /// Runs `decode` on a record's type and payload when its schema version is this build's,
    /// turning any refusal into a `SampleEventReader.DecodeFailure` naming the record's seq.
    static func decoding<T>(_ record: RecordView,
                            _ decode: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) throws(PayloadError) -> T)
        throws(SampleEventReader.DecodeFailure) -> T {
        guard record.schemaVersion == SampleSchema.schemaVersion else {
            throw SampleEventReader.DecodeFailure(seq: record.seq, message: "schema version \(record.schemaVersion) is newer than this tslog understands (\(SampleSchema.schemaVersion))")
        }
        do {
            return try decode(record.type, record.payload)
        } catch {
            throw SampleEventReader.DecodeFailure(seq: record.seq, message: "\(error)")
        }
    }
}
