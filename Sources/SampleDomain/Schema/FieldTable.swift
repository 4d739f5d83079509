import EventLog

/// One event type's declared fields laid out in raw memory, made once and never freed: what
/// the paths that read every stored record and every input line walk.
///
/// A trivial value: copying it, or reading it from several threads, retains nothing (an array
/// or a class here would be retained and released per record, and the decoding threads of a
/// rebuild would contend for its reference count).
struct FieldTable: @unchecked Sendable {
    let type: EventType
    /// The type's wire name (`sample.submitted`) as bytes.
    let wireName: UnsafeBufferPointer<UInt8>
    /// The declared fields, in payload order.
    let fields: UnsafeBufferPointer<PayloadField>
    /// Field n's byte offset in the type's payload struct (`PayloadMember.offset`).
    let offsets: UnsafeBufferPointer<Int>
    /// Field n's `,"key":`: how the payload spells it after the value before it.
    let literals: UnsafeBufferPointer<UnsafeBufferPointer<UInt8>>
    /// The payload's keys for the general reader: `sample_id`, `occurred_at`, then field n at n + 2.
    let keys: PayloadKeys
    /// Field n's slot among an input line's fields (`Field`).
    let slots: UnsafeBufferPointer<Int>
    /// Bit s set: slot s may appear on an input line of this type (the common fields included).
    let allowedSlots: UInt64

    /// The table of every event type, indexed by `EventType.ordinal`.
    nonisolated(unsafe) static let all: UnsafeBufferPointer<FieldTable> = {
        let types = EventType.allCases
        let tables = UnsafeMutableBufferPointer<FieldTable>.allocate(capacity: types.count)
        for (n, type) in types.enumerated() {
            precondition(type.ordinal == n, "EventType's cases are not laid out in declaration order")
            tables.initializeElement(at: n, to: FieldTable(type))
        }
        return UnsafeBufferPointer(tables)
    }()

    private init(_ type: EventType) {
        self.type = type
        let declared = type.payloadType.fields
        wireName = permanent(Array(type.rawValue.utf8))
        fields = permanent(declared)
        offsets = permanent(type.payloadType.offsets)
        literals = permanent(declared.map { permanent(Array(",\"\($0.key)\":".utf8)) })
        keys = PayloadKeys(declared)
        let slots = declared.map { field in Field.names.firstIndex(of: Array("\(field.key)".utf8))! }
        self.slots = permanent(slots)
        allowedSlots = (0..<Field.common.count).reduce(0) { $0 | 1 << UInt64($1) }
            | slots.reduce(0) { $0 | 1 << UInt64($1) }
    }
}

/// `values` copied to memory that is never freed.
func permanent<T>(_ values: [T]) -> UnsafeBufferPointer<T> {
    let copy = UnsafeMutableBufferPointer<T>.allocate(capacity: values.count)
    _ = copy.initialize(from: values)
    return UnsafeBufferPointer(copy)
}

extension EventType {
    /// The case's position in `allCases` (its tag: a payload-free enum's cases are numbered in
    /// declaration order; `FieldTable.all` checks it), without building `allCases`.
    @inline(__always)
    var ordinal: Int { withUnsafeBytes(of: self) { Int($0[0]) } }

    /// This type's declared fields in raw memory.
    @inline(__always)
    var table: FieldTable { FieldTable.all[ordinal] }

    /// The type whose wire name (`rawValue`) is exactly `bytes`, or nil for any other bytes.
    ///
    /// For the read path, which names the type of every record: no `String` is made, and no
    /// array of the cases is built or shared between threads.
    package init?(wireName bytes: UnsafeBufferPointer<UInt8>) {
        guard let p = bytes.baseAddress else { return nil }
        let tables = FieldTable.all
        for n in 0..<tables.count where tables[n].wireName.count == bytes.count {
            if bytesEqual(tables[n].wireName.baseAddress!, p, bytes.count) { self = tables[n].type; return }
        }
        return nil
    }

    /// The wire names of every type, as a message lists them: `a, b or c`.
    static var wireNameList: String { orList(allCases.map(\.rawValue)) }
}

/// `a, b or c`.
func orList(_ words: [String]) -> String {
    guard words.count > 1 else { return words.first ?? "" }
    return words.dropLast().joined(separator: ", ") + " or " + words.last!
}
