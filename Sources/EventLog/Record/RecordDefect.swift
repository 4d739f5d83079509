/// Why a stored line is not a valid record. Carried into `LogError` messages.
enum RecordDefect: Error, CustomStringConvertible {
    /// The line does not match the envelope: `what` names the first part that differs.
    case envelope(StaticString)
    /// The envelope is fine but the checksum is not.
    case checksum(stored: UInt32, computed: UInt32)
    /// A well-formed record whose seq is not the one expected at its place.
    case unexpectedSeq(found: UInt64)
    /// The line is not valid JSON (found by full validation in `verifyLog`).
    case json(String)

    var description: String {
        switch self {
        case .envelope(let what): return "bad record envelope: \(what)"
        case .checksum(let stored, let computed):
            return "crc32c mismatch: stored \(hex8(stored)), computed \(hex8(computed))"
        case .unexpectedSeq(let found): return "record has seq \(found)"
        case .json(let why): return "line is not valid JSON: \(why)"
        }
    }

    /// True for a record that passed its checksum (never to be dropped as a torn tail).
    var isIntactRecord: Bool {
        if case .unexpectedSeq = self { return true }
        if case .json = self { return true }
        return false
    }
}

func hex8(_ value: UInt32) -> String {
    var out: [UInt8] = []
    RecordEncoder.appendHex8(value, to: &out)
    return String(decoding: out, as: UTF8.self)
}
