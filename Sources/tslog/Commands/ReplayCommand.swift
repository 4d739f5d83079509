#if canImport(Glibc)
import Glibc
#endif
import EventLog
import Projections
import SampleDomain

/// `tslog replay --into DIR`: copies the log, up to a point, into a fresh log; also the backup command.
struct ReplayCommand: Command {
    static let name = "replay"
    static let abstract = "Copy the log's events, up to a point, into a fresh log directory, and verify it."
    static let usage = ["tslog replay --into DIR [--as-of-seq N | --as-of TIME | --as-of-tag NAME]"]
    static let options: [OptionSpec] = [
        .option("--into", "DIR", help: "The new log's directory: must not exist, or be empty."),
        SharedOptions.asOfSeq,
        SharedOptions.asOf,
        SharedOptions.asOfTag,
    ]
    static let discussion = """
        The new log holds the same records with the same seq, recorded_at, type,
        event_id and payload bytes: every line is identical to the original's. It is
        built in a temporary directory beside DIR, verified (checksums, seq chain, and
        every line compared with the source), and only then renamed to DIR, so DIR
        never holds a partial log. A non-empty DIR is refused.

        A weekly backup, from cron:
          0 3 * * 0  tslog replay --log /srv/tslog --into /backup/tslog-$(date +\\%F)

        """

    var into: String
    var asOfSeq: Int?
    var asOfTime: Timestamp?
    var asOfTag: String?

    init(_ arguments: ParsedArguments) throws {
        guard let into = arguments.string("--into") else { throw CLIFailure.usage("missing option '--into DIR'") }
        self.into = into
        asOfSeq = arguments.integer("--as-of-seq")
        asOfTime = arguments.timestamp("--as-of")
        asOfTag = arguments.string("--as-of-tag")
    }

    func validate() throws { try SharedOptions.checkAsOf(seq: asOfSeq, time: asOfTime, tag: asOfTag) }

    func run(_ context: CommandContext) throws -> Int32 {
        let source = try LogAccess.reader(context)
        let seq = try SharedOptions.asOf(seq: asOfSeq, time: asOfTime, tag: asOfTag).resolve(in: source, now: .now())
        try ReplayCommand.checkTarget(into)
        let (parent, name) = AtomicFile.split(into)
        let temporary = "\(parent)/.\(name).replay-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        guard mkdir(temporary, 0o755) == 0 else {
            throw CLIFailure.runtime("mkdir \(temporary): \(String(cString: strerror(errno))) (errno \(errno))")
        }
        var done = false
        defer { if !done { ReplayCommand.removeTree(temporary) } }
        let progress = Progress(context, label: "replay", total: Int(seq))
        try ReplayCommand.copy(source, through: seq, into: temporary) { progress.update(Int($0)) }
        progress.finish()
        try ReplayCommand.verify(source, through: seq, copy: temporary)
        guard rename(temporary, into) == 0 else {
            throw CLIFailure.runtime("rename \(temporary) to \(into): \(String(cString: strerror(errno))) (errno \(errno))")
        }
        done = true
        let fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 { _ = fsync(fd); _ = close(fd) }
        try context.stdout.writeLine("replayed \(seq) event\(seq == 1 ? "" : "s") (seq 1-\(seq)) into \(into); verified")
        return ExitCode.success
    }

    /// Refuses a target that exists and is not an empty directory.
    static func checkTarget(_ path: String) throws {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if (st.st_mode & S_IFMT) == S_IFLNK {
            throw CLIFailure.runtime("'\(path)' is a symbolic link; replay does not follow it: name the real directory")
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { throw CLIFailure.runtime("'\(path)' exists and is not a directory") }
        guard let dir = opendir(path) else { throw CLIFailure.runtime("cannot read '\(path)': \(String(cString: strerror(errno)))") }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." {
                throw CLIFailure.runtime("'\(path)' is not empty (it holds '\(name)'); replay writes only into a new or empty directory")
            }
        }
    }

    /// Appends every record through `seq` to a new log in `directory`, with its original
    /// `recorded_at`, in batches.
    static func copy(_ source: LogReader, through seq: UInt64, into directory: String,
                     copied: (UInt64) -> Void = { _ in }) throws {
        let writer = try LogWriter.open(directory: directory)
        defer { try? writer.close() }
        var batch: [NewRecord] = []
        var batchBytes = 0
        func flush() throws {
            _ = try writer.append(batch)
            batch.removeAll(keepingCapacity: true)
            batchBytes = 0
        }
        if seq > 0 {
            try source.scan(through: seq) { record in
                batch.append(NewRecord(type: record.typeString, schemaVersion: record.schemaVersion, eventID: record.eventID,
                                       payload: Array(record.payload), recordedAt: record.recordedAt))
                batchBytes += record.line.count
                if batch.count >= 8192 || batchBytes >= 8 << 20 { try flush(); copied(record.seq) }
            }
        }
        try flush()
        try writer.close()
    }

    /// Checks the copy: `verifyLog` passes, it ends at `seq`, and its lines equal the source's.
    static func verify(_ source: LogReader, through seq: UInt64, copy directory: String) throws {
        _ = try verifyLog(directory: directory)
        let copy = try LogReader(directory: directory)
        guard copy.lastSeq == seq else {
            throw CLIFailure.runtime("replay check failed: the copy ends at seq \(copy.lastSeq), not \(seq)")
        }
        func digest(_ reader: LogReader) throws -> UInt64 {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            guard seq > 0 else { return h }
            try reader.scan(through: seq) { record in
                for b in record.line { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            }
            return h
        }
        guard try digest(source) == digest(copy) else {
            throw CLIFailure.runtime("replay check failed: the copy's records differ from the source's")
        }
    }

    /// Removes a directory this command created, and everything in it (the log's `index/` too).
    static func removeTree(_ path: String) {
        if let dir = opendir(path) {
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
                if name != "." && name != "..", unlink("\(path)/\(name)") != 0 { removeTree("\(path)/\(name)") }
            }
            closedir(dir)
        }
        _ = rmdir(path)
    }
}
