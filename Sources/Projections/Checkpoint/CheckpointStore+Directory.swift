import EventLog

extension CheckpointStore {
    /// Why checkpoints cannot be written: `checkpoints` is not a directory.
    public struct DirectoryError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    /// Makes sure `checkpoints/` is a directory this store can write into, and removes the
    /// temporary files a killed writer left there.
    ///
    /// Creates it (and fsyncs the log directory) when it is missing. Anything else at that name —
    /// a file, a symbolic link, a FIFO — is refused with an error naming it: checkpoints are never
    /// written through a link or beside the log.
    func prepareDirectory() throws {
        switch try PathOps.status(directory)?.kind {
        case nil:
            try PathOps.makeDirectoryDurably(directory)
        case .directory?:
            break
        case let kind?:
            let what = kind == .symbolicLink ? "a symbolic link" : "not a directory"
            throw DirectoryError(description: "cannot write checkpoints: '\(directory)' is \(what); move it away (checkpoints are rebuilt)")
        }
        // No lock is held: a temporary of a live process (another reader writing) is kept.
        AtomicFile.removeLeftovers(in: directory, onlyOfGoneProcesses: true)
    }
}
