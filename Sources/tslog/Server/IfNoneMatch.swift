/// `If-None-Match` (RFC 9110 13.1.2) for the reads: whether a client's cached answer is still
/// the current one, so that it gets 304 instead of the body again.
///
/// The field is a list of entity tags — in one field line or several — or `*`. A tag matches by
/// the *weak* comparison the RFC requires for this field: `W/"41"` and `"41"` are the same tag
/// (a client or a proxy may have dropped the `W/`). `*` matches whenever there is a current
/// answer at all.
enum IfNoneMatch {
    /// Whether the field lines `values` name `etag` (itself weak or strong) or are `*`.
    static func matches(_ values: [String], etag: String) -> Bool {
        let wanted = opaque(etag)
        return values.lazy.flatMap { $0.split(separator: ",") }.contains { item in
            let tag = HTTPText.trimmed(item)
            return tag == "*" || opaque(tag) == wanted
        }
    }

    /// The tag without its weakness indicator: `W/"41"` is `"41"`.
    private static func opaque(_ tag: String) -> Substring {
        tag.hasPrefix("W/") ? tag.dropFirst(2) : tag[...]
    }
}
