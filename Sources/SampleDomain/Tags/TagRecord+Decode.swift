import EventLog

extension TagRecord {
    /// Reads a `tag.set` payload of schema version `version`.
    ///
    /// Strict like the sample payload reader: the keys `name` and `seq` are required, `note` and
    /// `moved_from` optional, nothing else is allowed, and `seq` must be a non-negative integer.
    /// - Throws: `TagError.badRecord` naming `recordSeq` and what is wrong.
    package static func decode(payload: UnsafeBufferPointer<UInt8>, version: Int, recordSeq: UInt64) throws(TagError) -> TagRecord {
        func bad(_ message: String) -> TagError { .badRecord(seq: recordSeq, message: message) }
        guard version == schemaVersion else {
            throw bad("tag record schema version \(version) is not one this tslog understands (\(schemaVersion))")
        }
        let object: JSONObject
        switch JSONScanner.parseObject(payload) {
        case .success(let o): object = o
        case .failure(let e): throw bad("tag payload: \(e.message) at byte \(e.offset)")
        }
        for member in object.members where !["name", "seq", "note", "moved_from"].contains(member.key) {
            throw bad("tag payload: unknown field '\(member.key)'")
        }
        guard case .string(let rawName)? = object["name"] else { throw bad("tag payload: field 'name' must be a string") }
        let name: TagName
        do { name = try TagName(stored: rawName) } catch { throw bad("tag payload: \(error)") }
        func integer(_ key: String) throws(TagError) -> UInt64? {
            switch object[key] {
            case nil: return nil
            case .number(let n)? where n.isInteger:
                guard let v = UInt64(n.text) else { throw bad("tag payload: field '\(key)' must be a non-negative integer") }
                return v
            default: throw bad("tag payload: field '\(key)' must be a non-negative integer")
            }
        }
        guard let seq = try integer("seq") else { throw bad("tag payload: field 'seq' is missing") }
        var note: String?
        switch object["note"] {
        case nil: note = nil
        case .string(let s)?: note = s
        default: throw bad("tag payload: field 'note' must be a string")
        }
        return TagRecord(name: name, seq: seq, note: note, movedFrom: try integer("moved_from"))
    }
}
