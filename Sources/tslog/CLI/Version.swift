import Projections
import SampleDomain

/// What `tslog --version` prints: the tool's version and the versions of the frozen formats it
/// writes (docs/events.md), so a bug report or a log moved between machines says which reader
/// met which log.
enum Version {
    /// The tool's version (semantic: a change that breaks a frozen format or the CLI's stable
    /// output bumps the major, once there is a 1.0).
    static let tool = "0.1.0"

    /// `tslog 0.1.0 (event payload schema 1, tag schema 1, checkpoint fold 6)`.
    static var line: String {
        "tslog \(tool) (event payload schema \(SampleSchema.schemaVersion), tag schema \(TagRecord.schemaVersion), "
            + "checkpoint fold \(ProjectionSet.foldVersion))"
    }
}
