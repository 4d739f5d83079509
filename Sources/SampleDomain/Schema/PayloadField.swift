/// One field of an event type's payload, as its declaration states it: the wire key, what
/// kind of value it holds, whether it is required, and which fact the projections fold from it.
///
/// A trivial value (a static string and two small enums): the paths that read every record or
/// input line (`FieldTable`) copy these without retaining anything.
struct PayloadField: Sendable {
    /// The key, as written in the payload and on an input line (`image_url`).
    let key: StaticString
    /// How the value is read, written and checked.
    let kind: FieldKind
    /// A required field must be present and not null; an optional one is omitted when absent.
    let required: Bool
    /// What `EventFacts` keeps of it.
    let fact: FieldFact
}

/// What kind of value a field holds. It decides, in one place each, how the stored payload
/// is read (`PayloadReader+Field`), how it is written (`PayloadWriter`), how an input line's
/// value is checked and what its error says (`FieldReader+Value`, `LineBuild`).
enum FieldKind: Equatable, Sendable {
    /// A JSON string that meets `rule`.
    case text(FieldRule)
    /// One of `LabelType`'s words.
    case labelType
    /// One of `ResponseStatus`'s words.
    case status
    /// A JSON integer from 0 through 2,147,483,647 on input (PostgreSQL `integer`).
    case integer
    /// A JSON integer from 0 through `Int64.max` on input (PostgreSQL `bigint`).
    case bigInteger
    /// The `crop_data` object: `{"x":…,"y":…,"width":…,"height":…}`.
    case crop
    /// One of `ImageFormat`'s words (`png`, `jpeg`, `webp`, `gif`).
    case imageFormat
    /// A non-empty JSON array of distinct names of clearable columns (`SampleColumns.clearable`),
    /// stored in table order.
    case columns

    /// The largest value an input line may give an integer field of this kind.
    var maximum: Int64 { self == .integer ? 2_147_483_647 : .max }
}

/// Which fact of `EventFacts` a field gives the projections' fold.
enum FieldFact: Sendable, Equatable {
    /// None: the fold does not need it (it is still checked).
    case none
    /// `label`: the text (a `.text` field).
    case label
    /// `labelType` (a `.labelType` field).
    case labelType
    /// `functionID`: the text (a `.text` field).
    case functionID
    /// `status` (a `.status` field).
    case status
    /// `setsNyckelSampleID`: whether the field is present.
    case setsNyckelSampleID
    /// `hasScan`: whether the field is present.
    case hasScan
    /// `hasCrop`: whether the field is present.
    case hasCrop
    /// `sets`: the field, when present, sets these columns (`sample.updated`; the size columns
    /// of `sample.submitted` too, whose values `EventFacts.sizes` keeps).
    case sets(SampleColumns)
    /// `clears`: the columns a `.columns` field names.
    case clears
}

/// A field's value, whatever its kind.
enum FieldValue: Equatable, Sendable {
    case text(String)
    case labelType(LabelType)
    case status(ResponseStatus)
    case count(Int64)
    case crop(CropData)
    case imageFormat(ImageFormat)
    case columns(SampleColumns)
}

extension FieldValue {
    /// The value of the property at `p` that holds `field`: of type `String`, `LabelType`,
    /// `ResponseStatus`, `Int64` or `CropData` by its kind, optional unless it is required.
    /// Nil for an optional property that is nil.
    static func load(from p: UnsafeRawPointer, _ field: PayloadField) -> FieldValue? {
        func value<V: PayloadValue>(_: V.Type) -> FieldValue? {
            field.required ? p.assumingMemoryBound(to: V.self).pointee.fieldValue
                : p.assumingMemoryBound(to: V?.self).pointee?.fieldValue
        }
        switch field.kind {
        case .text: return value(String.self)
        case .labelType: return value(LabelType.self)
        case .status: return value(ResponseStatus.self)
        case .integer, .bigInteger: return value(Int64.self)
        case .crop: return value(CropData.self)
        case .imageFormat: return value(ImageFormat.self)
        case .columns: return value(SampleColumns.self)
        }
    }

    /// Stores the value in the property at `p`, typed as `load` reads it.
    @inline(__always)
    func store(at p: UnsafeMutableRawPointer, required: Bool) {
        func put<V>(_ v: V) {
            if required { p.assumingMemoryBound(to: V.self).pointee = v } else { p.assumingMemoryBound(to: V?.self).pointee = v }
        }
        switch self {
        case .text(let v): put(v)
        case .labelType(let v): put(v)
        case .status(let v): put(v)
        case .count(let v): put(v)
        case .crop(let v): put(v)
        case .imageFormat(let v): put(v)
        case .columns(let v): put(v)
        }
    }
}
