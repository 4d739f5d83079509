/// A line whose `expect_last_seq` did not hold: the last event about its sample is not the one
/// the writer expected, so someone else changed the sample since the writer read it.
///
/// Optimistic concurrency: the writer states what it saw (the seq of the sample's last event, 0
/// for none) and the append goes through only if nothing changed meanwhile. One failed
/// precondition refuses the whole batch, even with `skipInvalid`: the lines around it were
/// written with the same view of the log. Rendered as
/// `line 2: sample 0b9e…: expect_last_seq 5, but the last event about it is seq 7`.
public struct PreconditionFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The 1-based line number the caller gave.
    public let line: Int
    public let sampleID: SampleID
    /// The line's `expect_last_seq`.
    public let expected: UInt64
    /// The seq of the last event about the sample when the line was checked (counting the
    /// earlier lines of its batch, at the seqs they would get); 0 when there is none.
    public let actual: UInt64

    public init(line: Int, sampleID: SampleID, expected: UInt64, actual: UInt64) {
        self.line = line; self.sampleID = sampleID; self.expected = expected; self.actual = actual
    }

    /// What failed, without the line: `sample …: expect_last_seq 5, but the last event about it is seq 7`.
    public var message: String {
        let now = actual == 0 ? "there is no event about it" : "the last event about it is seq \(actual)"
        return "sample \(sampleID): expect_last_seq \(expected), but \(now)"
    }

    public var description: String { "line \(line): \(message)" }
}
