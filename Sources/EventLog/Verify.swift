/// Reads every record of every segment of the log in `directory` and checks it: CRC-32C, the
/// exact envelope, that each line is valid JSON, seq continuity inside and across segments, and
/// segment naming (no stray look-alike files, first segment at seq 1). Repair markers (records
/// lost in a repair, `RepairMarker`) are valid records, counted in `lostSeqs`. A log whose repair
/// was interrupted is refused until `repairLog` finishes it.
///
/// Throws a `LogError` naming the first bad place (segment, byte offset, line, expected seq).
/// A torn tail in the last segment is reported too, as kind `.torn`: it is what a crash leaves
/// and what the next `LogWriter.open` will cut.
///
/// - Complexity: O(bytes in the log); takes no lock and does not modify anything.
public func verifyLog(directory: String) throws -> VerifyReport {
    try SegmentDirectory.requireLogOrEmpty(directory)
    let segments = try SegmentDirectory.list(directory)
    var markers: [UInt64] = []
    let result = try LogCheck.run(segments, validateJSON: true, extract: { view in RepairMarker.isMarker(view) ? view.seq : nil },
                                  apply: { markers.append($0) })
    if let torn = result.tornTail { throw torn.tornError() }
    var report = VerifyReport(segments: segments.count, records: result.records, bytes: result.bytes)
    report.lostSeqs = markers
    return report
}
