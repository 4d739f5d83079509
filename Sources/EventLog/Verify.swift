/// Reads every record of every segment of the log in `directory` and checks it: CRC-32C, the
/// exact envelope, that each line is valid JSON, seq continuity inside and across segments, and
/// segment naming (no stray look-alike files, first segment at seq 1).
///
/// Throws a `LogError` naming the first bad place (segment, byte offset, line, expected seq).
/// A torn tail in the last segment is reported too, as kind `.torn`: it is what a crash leaves
/// and what the next `LogWriter.open` will cut.
///
/// - Complexity: O(bytes in the log); takes no lock and does not modify anything.
public func verifyLog(directory: String) throws -> VerifyReport {
    try SegmentDirectory.requireLogOrEmpty(directory)
    let segments = try SegmentDirectory.list(directory)
    let result = try LogCheck.run(segments, validateJSON: true)
    if let torn = result.tornTail { throw torn.tornError() }
    return VerifyReport(segments: segments.count, records: result.records, bytes: result.bytes)
}
