/// A stored payload that cannot be read as a `SampleEvent`.
///
/// Stored payloads are written by `PayloadCodec.encode`, so this means corruption, a record
/// written by a newer version, or a bug. EventLog adds the segment, byte offset and seq when it
/// reports one; this error names the type, the field and the byte offset within the payload.
public struct PayloadError: Error, Equatable, CustomStringConvertible, Sendable {
    public enum Kind: Equatable, Sendable {
        /// The record's `type` is none of the event types.
        case unknownType
        /// The record's `v` is not one this build reads.
        case unsupportedVersion
        /// The bytes are not the JSON object the format describes.
        case malformed
        /// A required key is absent.
        case missingField
        /// A key the type does not define (or one that appears twice).
        case unknownField
        /// A value of the wrong JSON type or outside its vocabulary or range.
        case invalidValue
    }

    public let kind: Kind
    /// The record's type as written.
    public let type: String
    /// The key at fault, if any.
    public let field: String?
    /// Zero-based byte offset into the payload, if known.
    public let offset: Int?
    public let message: String

    public init(kind: Kind, type: String, field: String?, offset: Int?, message: String) {
        self.kind = kind; self.type = type; self.field = field; self.offset = offset; self.message = message
    }

    /// e.g. `sample.submitted payload at byte 45: field 'label': expected a string`.
    public var description: String {
        var out = "\(type) payload"
        if let offset { out += " at byte \(offset)" }
        out += ": "
        if let field { out += "field '\(field)': " }
        return out + message
    }
}
