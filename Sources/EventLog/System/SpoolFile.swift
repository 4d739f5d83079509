#if canImport(Glibc)
import Glibc
#endif

/// A private temporary copy of an input that can be read only once (standard input, a pipe),
/// so that it can be read again from the start: `tslog append` reads its batch twice (checking
/// every line, then writing) instead of holding it in memory.
///
/// Made in `directory` (the caller's `$TMPDIR`, else `/tmp`), mode 0600, `O_EXCL | O_NOFOLLOW`, not fsynced (nothing
/// depends on it surviving), and removed when the value is released. A process killed while it
/// exists leaves the file behind (`tslog-spool.PID.N`).
package final class SpoolFile {
    /// Where the copy is: open it for reading as many times as needed.
    package let path: String

    /// Copies `prefix` (what was read of `source` already), then everything `source` yields to
    /// its end, into a new temporary file in `directory`.
    /// - Throws: `LogError` of kind `.io` naming the failed call and the file (or `inputName`).
    package init(copying source: FileDescriptor, after prefix: [UInt8], inputName: String, in directory: String) throws {
        var attempts = 0
        var opened: (FileDescriptor, String)?
        while opened == nil {
            let path = "\(directory)/tslog-spool.\(getpid()).\(UInt32.random(in: 0...UInt32.max))"
            do throws(SystemCallError) {
                opened = (try FileDescriptor.open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: 0o600), path)
            } catch where error.errno == .fileExists && attempts < 8 {
                attempts += 1
            } catch {
                throw LogError(.io, "cannot make a temporary copy of \(inputName)", path: path, syscall: error.syscall, errno: error.errno.rawValue)
            }
        }
        guard let (descriptor, path) = opened else { preconditionFailure("the loop ends with a file") }
        self.path = path
        let file = OwnedFile(descriptor: descriptor, path: path)
        defer { try? file.close() }
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        do {
            try LogError.io(path) { try file.descriptor.writeAll(prefix[...]) }
            while true {
                let count = try LogError.io(inputName) { try source.read(into: &buffer) }
                if count == 0 { break }
                try LogError.io(path) { try file.descriptor.writeAll(buffer[0..<count]) }
            }
            try file.close()
        } catch {
            try? PathOps.unlink(path)
            throw error
        }
    }

    deinit { try? PathOps.unlink(path) }

    /// An input read to its end: held, or copied to a spool file.
    package enum Input {
        /// Everything, when it was less than the limit.
        case bytes([UInt8])
        /// Everything, in a spool file.
        case spooled(SpoolFile)
    }

    /// Reads `source` to its end: its bytes when there are fewer than `limit` (a single event,
    /// usually: no file is made), else a `SpoolFile` in `directory` holding them all.
    package static func read(_ source: FileDescriptor, holdingUpTo limit: Int, inputName: String,
                             in directory: String) throws -> Input {
        var head: [UInt8] = []
        var piece = [UInt8](repeating: 0, count: 64 << 10)
        while head.count < limit {
            let count = try LogError.io(inputName) { try source.read(into: &piece) }
            if count == 0 { return .bytes(head) }
            head += piece[0..<count]
        }
        return .spooled(try SpoolFile(copying: source, after: head, inputName: inputName, in: directory))
    }
}
