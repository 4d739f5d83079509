#if canImport(Glibc)
import Glibc
#endif

/// An open file that this object owns: it must be closed exactly once, and deinit asserts it was.
///
/// System-call failures are rethrown as `LogError` of kind `.io` naming the path.
final class OwnedFile {
    let descriptor: FileDescriptor
    let path: String
    private(set) var isClosed = false

    init(descriptor: FileDescriptor, path: String) {
        self.descriptor = descriptor
        self.path = path
    }

    static func open(_ path: String, _ flags: Int32, mode: mode_t = 0o644) throws -> OwnedFile {
        let fd = try LogError.io(path) {  try FileDescriptor.open(path, flags, mode: mode) }
        return OwnedFile(descriptor: fd, path: path)
    }

    func close() throws {
        guard !isClosed else { return }
        isClosed = true
        try LogError.io(path) {  try descriptor.close() }
    }

    deinit {
        assert(isClosed, "OwnedFile \(path) was not closed")
    }
}
