/// A request to set a tag, as `POST /v1/tags` takes it: the arguments of `tslog tag` as one
/// JSON object, `{"name":"model-v3","at_seq":41,"note":"trained","move":false}`.
///
/// `name` is required; `at_seq` (a non-negative integer: the end of the log when absent),
/// `note` (a string) and `move` (a boolean, false when absent) are optional; any other key is
/// refused, as is a body that is not exactly one JSON object.
public struct TagSetRequest: Equatable, Sendable {
    public var name: TagName
    public var atSeq: UInt64?
    public var note: String?
    public var move: Bool

    /// A refusal naming the field (nil when the body as a whole is wrong).
    public struct Problem: Error, Equatable, Sendable, CustomStringConvertible {
        public var field: String?
        public var message: String
        public var description: String { field.map { "field '\($0)': \(message)" } ?? message }
    }

    /// Reads `body`.
    /// - Throws: `Problem` naming the field that is missing, unknown or of the wrong type.
    public static func parse(_ body: [UInt8]) throws(Problem) -> TagSetRequest {
        let parsed = body.withUnsafeBufferPointer { JSONScanner.parseObject($0) }
        let object: JSONObject
        switch parsed {
        case .success(let o): object = o
        case .failure(let e): throw Problem(field: nil, message: "the body is not a JSON object: \(e.message) at byte \(e.offset)")
        }
        for member in object.members where !["name", "at_seq", "note", "move"].contains(member.key) {
            throw Problem(field: member.key, message: "unknown field; expected name, at_seq, note or move")
        }
        guard case .string(let rawName)? = object["name"] else {
            throw Problem(field: "name", message: object["name"] == nil ? "missing" : "must be a string")
        }
        let name: TagName
        do { name = try TagName(rawName) } catch { throw Problem(field: "name", message: error.description) }
        var request = TagSetRequest(name: name, atSeq: nil, note: nil, move: false)
        switch object["at_seq"] {
        case nil, .null?: break
        case .number(let n)? where n.isInteger && UInt64(n.text) != nil: request.atSeq = UInt64(n.text)
        default: throw Problem(field: "at_seq", message: "must be a non-negative integer")
        }
        switch object["note"] {
        case nil, .null?: break
        case .string(let s)?: request.note = s
        default: throw Problem(field: "note", message: "must be a string")
        }
        switch object["move"] {
        case nil, .null?: break
        case .bool(let b)?: request.move = b
        default: throw Problem(field: "move", message: "must be true or false")
        }
        return request
    }
}
