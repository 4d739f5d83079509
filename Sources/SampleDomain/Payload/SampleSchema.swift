/// The version of the payload (`data`) format, written as the record's `v`.
///
/// `v` belongs to each record, not to the log: a log may hold records of several versions, and
/// a reader decodes each by its own `v`. Adding an optional field bumps `v`; old versions stay
/// readable forever; a reader refuses a version it does not know (see `check(version:type:)`)
/// rather than guess at fields it cannot understand.
public enum SampleSchema {
    /// The version this build writes.
    public static let schemaVersion = 1

    /// Every version this build can read.
    public static let readableVersions: ClosedRange<Int> = 1...1

    /// Throws `PayloadError` (`.unsupportedVersion`) when this build cannot read records of `version`.
    public static func check(version: Int, type: String) throws(PayloadError) {
        guard readableVersions.contains(version) else {
            let hint = version > schemaVersion ? "; it was written by a newer tslog: upgrade to read it" : ""
            throw PayloadError(kind: .unsupportedVersion, type: type, field: "v", offset: nil,
                               message: "schema version \(version) is not supported (this tslog reads \(readableVersions.lowerBound)...\(readableVersions.upperBound))\(hint)")
        }
    }
}
