#if canImport(Glibc)
import Glibc
#endif

/// A shared library loaded at run time (`dlopen`), for what only one command needs: linking it
/// instead would make every command load it, and its own libraries, before `main` (libcurl and
/// its ~30 libraries cost ~10 ms of every process start). Never unloaded.
package final class SharedLibrary: @unchecked Sendable {
    // @unchecked: the handle is immutable after init; dlsym is thread-safe.
    private let handle: UnsafeMutableRawPointer
    /// The name that loaded.
    package let name: String

    /// Why a library or one of its symbols could not be loaded, with the loader's words.
    package struct Unavailable: Error, CustomStringConvertible {
        package var description: String
        package init(description: String) { self.description = description }
    }

    /// Loads the first of `names` (sonames, searched as the dynamic linker searches) that loads.
    package init(firstOf names: [String]) throws(Unavailable) {
        var reasons: [String] = []
        for candidate in names {
            if let loaded = dlopen(candidate, RTLD_NOW | RTLD_LOCAL) {
                handle = loaded
                name = candidate
                return
            }
            reasons.append(dlerror().map { String(cString: $0) } ?? "\(candidate): cannot be loaded")
        }
        throw Unavailable(description: reasons.joined(separator: "; "))
    }

    /// The C function `symbol`, as `type` (a `@convention(c)` function type matching its C
    /// declaration: the caller vouches for the match).
    package func function<Function>(_ symbol: String, as type: Function.Type) throws(Unavailable) -> Function {
        guard let address = dlsym(handle, symbol) else {
            throw Unavailable(description: "\(name) has no \(symbol)")
        }
        return unsafeBitCast(address, to: Function.self)
    }
}
