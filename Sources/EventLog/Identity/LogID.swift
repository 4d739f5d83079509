#if canImport(Glibc)
import Glibc
#endif

/// A log's identity: 16 random bytes made when a writer first opens a log that has none, kept in
/// `DIR/log.id` as 32 lowercase hex digits and a newline.
///
/// Derived files (indexes, the domain's registry) record the id of the log they were built from,
/// so a file copied from another log — or from a replayed copy, which gets its own id — is
/// recognised as foreign and rebuilt instead of believed.
package struct LogID: Equatable, Hashable, Sendable, CustomStringConvertible {
    package var high: UInt64
    package var low: UInt64

    package init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// A fresh random id (the system's random source).
    static func random() -> LogID {
        var generator = SystemRandomNumberGenerator()
        return LogID(high: generator.next(), low: generator.next())
    }

    package var description: String { Self.hex(high) + Self.hex(low) }

    private static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }

    /// Parses the file's contents: exactly 32 lowercase hex digits and a newline.
    static func parse(_ bytes: [UInt8]) -> LogID? {
        guard bytes.count == 33, bytes[32] == 0x0A else { return nil }
        guard bytes[0..<32].allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }) else { return nil }
        let text = String(decoding: bytes[0..<32], as: UTF8.self)
        guard let high = UInt64(text.prefix(16), radix: 16), let low = UInt64(text.suffix(16), radix: 16) else { return nil }
        return LogID(high: high, low: low)
    }

    static func path(_ directory: String) -> String { directory + "/log.id" }

    /// The id in `DIR/log.id`; nil when the file is missing or does not hold one.
    package static func load(_ directory: String) -> LogID? {
        guard let fd = try? FileDescriptor.open(path(directory), O_RDONLY | O_NOFOLLOW) else { return nil }
        defer { try? fd.close() }
        var bytes = [UInt8](repeating: 0, count: 64)
        guard let n = try? bytes.withUnsafeMutableBytes({ try fd.readFully(into: $0, at: 0) }) else { return nil }
        return parse(Array(bytes[0..<n]))
    }

    /// The log's id, made (and written durably) when the file is missing or unreadable. Only the
    /// writer, holding the lock, calls this.
    static func loadOrCreate(_ directory: String) throws -> LogID {
        if let id = load(directory) { return id }
        let id = random()
        let bytes = Array((id.description + "\n").utf8)
        do {
            try AtomicFile.write(bytes, to: path(directory))
        } catch let failure as AtomicFile.Failure {
            throw LogError(.io, "cannot write the log id: \(failure.description)", path: path(directory), errno: failure.errno?.rawValue)
        }
        return id
    }

    /// Gives the log a new id (written durably), for a log whose records changed in place (a
    /// repair): every derived file that names the old id is then foreign and rebuilt. Only a
    /// holder of the writer lock calls this.
    static func replace(_ directory: String) throws -> LogID {
        let id = random()
        do {
            try AtomicFile.write(Array((id.description + "\n").utf8), to: path(directory))
        } catch let failure as AtomicFile.Failure {
            throw LogError(.io, "cannot write the log id: \(failure.description)", path: path(directory), errno: failure.errno?.rawValue)
        }
        return id
    }
}
