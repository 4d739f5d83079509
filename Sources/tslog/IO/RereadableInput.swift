import EventLog
import SampleDomain

/// `tslog append`'s input lines, read in chunks from the start as often as asked
/// (`SampleStore.append(passes:)` reads the batch twice instead of holding it): a file is opened
/// again for each pass, standard input that is a regular file (`< file`) is read again from where
/// it stood, any other standard input (a pipe, a terminal) is first copied to a temporary file
/// (`SpoolFile`, in `$TMPDIR`, else `/tmp`), a test's input is held as the bytes it is.
final class RereadableInput {
    /// Input bytes per chunk: what one chunk of lines (and, in the write pass, of records) costs
    /// in memory, and large enough that each chunk keeps both cores busy.
    static let chunkBytes = 4 << 20

    private enum Source {
        case file(path: String, opened: FileDescriptor?)
        case standardInput(FileDescriptor, start: Int)
        case spool(SpoolFile)
        case bytes([UInt8])
    }

    private var source: Source
    private let inputName: String
    private let openInput: (String) throws -> FileDescriptor
    /// Lines the last pass read (blank lines are not counted; unreadable lines are).
    private(set) var lineCount = 0
    /// Lines over the length limit the last pass met.
    private(set) var unreadableCount = 0
    /// The whole input, when the first pass found it fits in one chunk: later passes give it
    /// again without reading (a one-event append reads its line once).
    private var whole: LineChunk?
    /// The first pass, its first chunk already read by `init`.
    private var primed: (chunk: LineChunk?, rest: LineChunks)?

    /// The input of `file` (nil or `-`: standard input), its first chunk read now: so an input
    /// that cannot be opened or read fails before the log is touched, and one that fits in a
    /// chunk (a single event) is read before the writer's lock is taken, not while it is held.
    convenience init(file: String?, _ context: CommandContext) throws {
        try self.init(opening: file, context)
        let first = try makePass()
        primed = (try first(), first)
    }

    /// The input of `file`, opened (a file) or copied (standard input that is not a file).
    private init(opening file: String?, _ context: CommandContext) throws {
        openInput = context.openInput
        if let file, file != "-" {
            inputName = "'\(file)'"
            source = .file(path: file, opened: try context.openInput(file))
            return
        }
        inputName = "standard input"
        switch context.io.stdin {
        case .bytes(let bytes): source = .bytes(bytes)
        case .fileDescriptor(let raw):
            let fd = FileDescriptor(rawValue: raw)
            if (try? fd.status().kind) == .regular, let start = try? fd.position() {
                source = .standardInput(fd, start: start)
                return
            }
            // What fits in one chunk (a single event, usually) is kept, not copied to a file.
            let directory = context.environment["TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
            switch try SpoolFile.read(fd, holdingUpTo: Self.chunkBytes, inputName: inputName, in: directory) {
            case .bytes(let bytes): source = .bytes(bytes)
            case .spooled(let spool): source = .spool(spool)
            }
        }
    }

    deinit {
        if case .file(_, let opened?) = source { try? opened.close() }
    }

    /// A new pass over the input from its first line: each call of the result gives the next
    /// chunk of about `chunkBytes` of lines, nil at the end. A UTF-8 byte order mark before the
    /// first line (files saved by some Windows editors) is not part of the JSON and is dropped.
    func pass() throws -> LineChunks {
        if let (chunk, rest) = primed {
            primed = nil
            var given = false
            return { defer { given = true }; return given ? try rest() : chunk }
        }
        return try makePass()
    }

    /// A pass from the start: the whole input when known, else a new reader.
    private func makePass() throws -> LineChunks {
        if let whole {
            var given = false
            return { defer { given = true }; return given || whole.isEmpty ? nil : whole }
        }
        let reading: Reading
        switch source {
        case .file(let path, let opened):
            reading = Reading(try opened ?? openInput(path), owned: true, inputName: inputName)
            source = .file(path: path, opened: nil)
        case .standardInput(let fd, let start):
            do throws(SystemCallError) { try fd.seek(to: start) } catch { throw CLIFailure.runtime("cannot read standard input again: \(error.errno.message)") }
            reading = Reading(fd, owned: false, inputName: inputName)
        case .spool(let spool): reading = Reading(try openInput(spool.path), owned: true, inputName: inputName)
        case .bytes(let bytes): reading = Reading(bytes, inputName: inputName)
        }
        lineCount = 0
        unreadableCount = 0
        var first = true
        return { [self] in
            var chunk = LineChunk(lines: [])
            var bytes = 0
            var ended = false
            while bytes < Self.chunkBytes {
                guard let line = try reading.reader.next() else { ended = true; break }
                switch line.content {
                case .text(var text):
                    if lineCount == 0, text.starts(with: [0xEF, 0xBB, 0xBF]) { text.removeFirst(3) }
                    bytes += text.count
                    chunk.lines.append((line.number, text))
                case .oversize(let seen):
                    unreadableCount += 1
                    chunk.unreadable.append(InputError(line: line.number, field: nil,
                        message: "line is longer than \(LineReader.defaultMaxLineLength) bytes (\(seen) bytes read before giving up)"))
                }
                lineCount += 1
            }
            if first, ended { whole = chunk }
            first = false
            return chunk.isEmpty ? nil : chunk
        }
    }

    /// One pass's reader and the descriptor it reads, closed when the pass is released if the
    /// pass opened it.
    private final class Reading {
        var reader: LineReader
        private let owned: FileDescriptor?

        init(_ descriptor: FileDescriptor, owned: Bool, inputName: String) {
            self.owned = owned ? descriptor : nil
            reader = LineReader(.fileDescriptor(descriptor.rawValue), inputName: inputName)
        }

        init(_ bytes: [UInt8], inputName: String) {
            owned = nil
            reader = LineReader(.bytes(bytes), inputName: inputName)
        }

        deinit { try? owned?.close() }
    }
}
