/// An event type's fields as a Swift value, with the one declaration of its payload.
///
/// Each event type declares, once (`schema`, in `Sources/SampleDomain/Events/`), its fields in
/// payload order: wire key, kind of value, required or optional, and where the value lives in
/// the struct. Everything else derives from that list — the frozen payload bytes
/// (`PayloadWriter`), the full, facts and canonical decoders (`PayloadCodec`), the input-line
/// checks and their error messages (`FieldReader`, `FastLineReader`), the known fields of each
/// type. How to add an event type: see "The schema, and adding an event type" in docs/events.md.
protocol EventPayload: Sendable, Equatable {
    /// The record type this payload is stored under.
    static var eventType: EventType { get }
    /// The fields, in the frozen payload order.
    static var schema: PayloadSchema<Self> { get }
    /// The value as the event body that carries it.
    var body: EventBody { get }

    // Derived from `schema` once for every type, in extensions. They are requirements so that
    // each type gets its own specialised copy: called through `EventType.payloadType`, a plain
    // generic function would run unspecialised, several times slower.

    var fieldValues: [FieldValue?] { get }
    /// The event a stored payload of this type holds (`PayloadCodec+Decode`).
    static func decode(_ r: inout PayloadReader) throws(PayloadError) -> SampleEvent
    /// The body an input line's fields give, or nil when one is not certainly valid (`FastLineReader`).
    static func build(_ line: LineBuild) -> EventBody?
    /// The body an input line's fields give, or the first refusal (`FieldReader`).
    static func read(_ reader: FieldReader) throws(InputError) -> EventBody
    /// Why a payload whose every field is valid is still not an event of this type (a rule
    /// across fields), or nil. Checked on input after the fields, never on decode.
    var refusal: (field: String?, message: String)? { get }
    /// Whether `refusal` can refuse anything: a path that checks the fields one by one (the
    /// store's payload writer, `LineBuild.record`) must then also build the body and ask it.
    static var hasRuleAcrossFields: Bool { get }
}

extension EventPayload {
    var refusal: (field: String?, message: String)? { nil }
    static var hasRuleAcrossFields: Bool { false }
}

/// The declaration of one payload: its fields in frozen order, and the value a decode starts
/// from (every required field of which the decode overwrites).
struct PayloadSchema<Body: EventPayload>: Sendable {
    let members: [PayloadMember<Body>]
    let start: Body

    init(start: Body, _ members: [PayloadMember<Body>]) {
        self.start = start
        self.members = members
    }
}

/// One declared field of `Body`: the field, and where its stored property lies in `Body`.
///
/// A trivial value. The property is reached by its byte offset (`MemoryLayout.offset(of:)`),
/// with the Swift type the field's kind and requiredness give (`FieldValue.load`/`store`;
/// the declaration checks they agree), so reading and writing a field costs no key-path
/// machinery and no closure.
struct PayloadMember<Body>: Sendable {
    let field: PayloadField
    /// The property's byte offset in `Body`.
    let offset: Int

    /// A required field: always written, refused when absent or null.
    static func required<V: PayloadValue>(_ key: StaticString, _ kind: FieldKind, _ path: WritableKeyPath<Body, V>,
                                          fact: FieldFact = .none) -> Self {
        precondition(V.accepts(kind), "\(key): a \(V.self) property cannot hold a \(kind) field")
        guard let offset = MemoryLayout<Body>.offset(of: path) else { preconditionFailure("\(key): not a stored property") }
        return Self(field: PayloadField(key: key, kind: kind, required: true, fact: fact), offset: offset)
    }

    /// An optional field: omitted when nil, nil when absent or null.
    static func optional<V: PayloadValue>(_ key: StaticString, _ kind: FieldKind, _ path: WritableKeyPath<Body, V?>,
                                          fact: FieldFact = .none) -> Self {
        precondition(V.accepts(kind), "\(key): a \(V.self) property cannot hold a \(kind) field")
        guard let offset = MemoryLayout<Body>.offset(of: path) else { preconditionFailure("\(key): not a stored property") }
        return Self(field: PayloadField(key: key, kind: kind, required: false, fact: fact), offset: offset)
    }
}

/// A Swift type a payload field can hold.
protocol PayloadValue {
    init?(field value: FieldValue)
    var fieldValue: FieldValue { get }
    /// Whether a field of `kind` reads into this type.
    static func accepts(_ kind: FieldKind) -> Bool
}

extension String: PayloadValue {
    init?(field value: FieldValue) { guard case .text(let v) = value else { return nil }; self = v }
    var fieldValue: FieldValue { .text(self) }
    static func accepts(_ kind: FieldKind) -> Bool { if case .text = kind { true } else { false } }
}

extension LabelType: PayloadValue {
    init?(field value: FieldValue) { guard case .labelType(let v) = value else { return nil }; self = v }
    var fieldValue: FieldValue { .labelType(self) }
    static func accepts(_ kind: FieldKind) -> Bool { kind == .labelType }
}

extension ResponseStatus: PayloadValue {
    init?(field value: FieldValue) { guard case .status(let v) = value else { return nil }; self = v }
    var fieldValue: FieldValue { .status(self) }
    static func accepts(_ kind: FieldKind) -> Bool { kind == .status }
}

extension Int64: PayloadValue {
    init?(field value: FieldValue) { guard case .count(let v) = value else { return nil }; self = v }
    var fieldValue: FieldValue { .count(self) }
    static func accepts(_ kind: FieldKind) -> Bool { kind == .integer || kind == .bigInteger }
}

extension ImageFormat: PayloadValue {
    init?(field value: FieldValue) { guard case .imageFormat(let v) = value else { return nil }; self = v }
    var fieldValue: FieldValue { .imageFormat(self) }
    static func accepts(_ kind: FieldKind) -> Bool { kind == .imageFormat }
}

extension CropData: PayloadValue {
    init?(field value: FieldValue) { guard case .crop(let v) = value else { return nil }; self = v }
    var fieldValue: FieldValue { .crop(self) }
    static func accepts(_ kind: FieldKind) -> Bool { kind == .crop }
}

extension SampleColumns: PayloadValue {
    init?(field value: FieldValue) { guard case .columns(let v) = value else { return nil }; self = v }
    var fieldValue: FieldValue { .columns(self) }
    static func accepts(_ kind: FieldKind) -> Bool { kind == .columns }
}

extension EventPayload {
    /// The declared fields alone, in payload order.
    static var fields: [PayloadField] { schema.members.map(\.field) }

    /// Each declared field's byte offset in `Self`.
    static var offsets: [Int] { schema.members.map(\.offset) }

    /// The declared fields' values, in payload order (nil: an optional field that is absent).
    var fieldValues: [FieldValue?] {
        var copy = self
        let table = Self.eventType.table
        return withUnsafePointer(to: &copy) { base in
            (0..<table.fields.count).map { n in
                FieldValue.load(from: UnsafeRawPointer(base) + table.offsets[n], table.fields[n])
            }
        }
    }
}

/// A payload being read: starts as the declaration's `start`; each declared field read is set
/// in its place.
struct PayloadBuilder<Body: EventPayload> {
    private(set) var body = Body.schema.start
    private let table = Body.eventType.table

    /// Sets declared field `n` to `value` (of the field's kind).
    @inline(__always)
    mutating func set(_ n: Int, _ value: FieldValue) {
        let (offset, required) = (table.offsets[n], table.fields[n].required)
        withUnsafeMutablePointer(to: &body) { value.store(at: UnsafeMutableRawPointer($0) + offset, required: required) }
    }
}
