/// Why the log could not be read or written, and where.
///
/// `message` says what went wrong in words; the optional fields say where (segment file name,
/// byte offset, 1-based line within the segment, the seq expected there) and, for failed system
/// calls, which call and errno. `description` joins them into one sentence for people; the text
/// may change between versions, the fields will not.
public struct LogError: Error, CustomStringConvertible, Sendable {
    public enum Kind: String, Sendable {
        /// A complete record that fails its checksum or envelope, in a place that is not a torn tail.
        case corrupt
        /// Bytes after the last valid record of the last segment (a write cut short by a crash).
        case torn
        /// Another process holds the writer lock.
        case locked
        /// A system call failed.
        case io
        /// The directory is not a log (or holds files that look like segments but are not).
        case notALog
        /// Seqs do not continue: a segment's name or a record's seq is not the one expected.
        case gap
        /// A `NewRecord` the engine refuses to store (empty type, payload not a JSON object, ...).
        case invalidRecord
        /// The writer stopped accepting appends (after an fsync failure, or once closed).
        case writerUnusable
    }

    public var kind: Kind
    public var message: String
    public var segment: String?
    public var byteOffset: Int?
    public var line: Int?
    public var seq: UInt64?
    public var path: String?
    public var syscall: String?
    public var errno: Int32?
    /// For a failed write that can be tried again: what the user runs again once the cause is
    /// remedied ("append again"). `description` words the whole advice from it and the errno
    /// (`Errno.remedy(then:)`); a command other than `append` that met the writer's error puts
    /// its own words here ("run the import again").
    public var retry: String?

    public init(_ kind: Kind, _ message: String, segment: String? = nil, byteOffset: Int? = nil, line: Int? = nil,
                seq: UInt64? = nil, path: String? = nil, syscall: String? = nil, errno: Int32? = nil, retry: String? = nil) {
        self.kind = kind
        self.message = message
        self.segment = segment
        self.byteOffset = byteOffset
        self.line = line
        self.seq = seq
        self.path = path
        self.syscall = syscall
        self.errno = errno
        self.retry = retry
    }

    /// The resource a failed system call ran out of, if that is why (`Errno.shortage`).
    public var shortage: Errno.Shortage? { errno.flatMap { Errno(rawValue: $0).shortage } }

    /// Whether a system call failed for want of storage (ENOSPC, EDQUOT, EFBIG: `Errno.isOutOfStorage`).
    public var isOutOfStorage: Bool {
        guard let errno else { return false }
        return Errno(rawValue: errno).isOutOfStorage
    }

    public var description: String {
        var text = message
        var place: [String] = []
        if let segment { place.append("segment \(segment)") }
        if let byteOffset { place.append("byte offset \(byteOffset)") }
        if let line { place.append("line \(line)") }
        if let seq { place.append("seq \(seq)") }
        if !place.isEmpty { text += " (" + place.joined(separator: ", ") + ")" }
        if let retry, let errno { text += "; " + Errno(rawValue: errno).remedy(then: retry) }
        if let syscall, let errno {
            text += ": \(syscall) failed: \(Errno(rawValue: errno))"
            if let path { text += " on \(path)" }
        }
        return text
    }

    /// Runs `body`, turning a failed system call into an `.io` error naming `path`.
    static func io<T>(_ path: String, _ what: String? = nil, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SystemCallError {
            throw LogError(.io, what ?? "I/O error", path: path, syscall: error.syscall, errno: error.errno.rawValue)
        }
    }
}
