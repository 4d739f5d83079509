/// Refuses `directory` when it holds files but is not a tslog log (no segment, no `LOCK`; see
/// `SegmentDirectory.requireLogOrEmpty`): a reading command pointed at the wrong directory then
/// says so, as `verify` and every write do, instead of answering as if the log were empty. A
/// missing or empty directory passes (a reader names a missing one itself).
package func requireLogOrEmpty(directory: String) throws {
    try SegmentDirectory.requireLogOrEmpty(directory)
}
