import Foundation

/// How many processors this process may use.
public enum Processors {
    /// The processors this process may run on, as `nproc` counts them: its CPU affinity (a
    /// `taskset`, a container's cpuset), read once from `/proc/self/status`; the machine's active
    /// processors (Foundation's count, which ignores the affinity) when that cannot be read.
    /// Thread pools size themselves with it, so a process pinned to one core neither starts a
    /// thread per core of the machine nor spins waiting for a client that needs the same core.
    public static let usable: Int = {
        let machine = ProcessInfo.processInfo.activeProcessorCount
        guard let status = readStatus(), let allowed = allowedCount(status: status) else { return machine }
        return max(1, min(allowed, machine))
    }()

    /// The number of processors in the `Cpus_allowed:` mask of a `/proc/PID/status` text
    /// (hexadecimal words separated by commas, e.g. `ff,ffffffff`), or nil without a valid one.
    package static func allowedCount(status: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") }) else { return nil }
        let mask = line.dropFirst("Cpus_allowed:".count).filter { $0 != " " && $0 != "\t" }
        guard !mask.isEmpty else { return nil }
        var count = 0
        for character in mask where character != "," {
            guard let digit = character.hexDigitValue else { return nil }
            count += digit.nonzeroBitCount
        }
        return count
    }

    /// `/proc/self/status` (its size is 0 to `stat`: read until the end).
    private static func readStatus() -> String? {
        guard let file = try? FileDescriptor.openForReading("/proc/self/status") else { return nil }
        defer { try? file.close() }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while bytes.count < 1 << 20 {
            guard let n = try? chunk.withUnsafeMutableBytes({ try file.read(into: $0) }), n > 0 else { break }
            bytes += chunk[..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
