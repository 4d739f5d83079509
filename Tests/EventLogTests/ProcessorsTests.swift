import EventLog
import Foundation
import TestSupport
import Testing

/// `Processors.usable` counts the processors the process may run on (its affinity), as `nproc`
/// does — not the machine's, which Foundation's `activeProcessorCount` gives even under `taskset`.
struct ProcessorsTests {
    @Test func theAllowedMaskIsCounted() {
        #expect(Processors.allowedCount(status: "Name:\tx\nCpus_allowed:\t3\nCpus_allowed_list:\t0-1\n") == 2)
        #expect(Processors.allowedCount(status: "Cpus_allowed:\t1\n") == 1)
        #expect(Processors.allowedCount(status: "Cpus_allowed:\tff,ffffffff\n") == 40)
        #expect(Processors.allowedCount(status: "Cpus_allowed:\t00000000,00000000,00000004\n") == 1)
        #expect(Processors.allowedCount(status: "Name:\tx\n") == nil)
        #expect(Processors.allowedCount(status: "Cpus_allowed:\tzz\n") == nil)
        #expect(Processors.allowedCount(status: "Cpus_allowed:\t\n") == nil)
    }

    /// The kernel's own text, read by a child pinned to one processor with `taskset`, and this
    /// process's count against `nproc`'s.
    @Test func itAgreesWithNprocAndSeesATaskset() throws {
        try withTempLog { log in
            let dir = (log as NSString).deletingLastPathComponent
            func output(_ executable: String, _ arguments: [String]) throws -> String {
                let out = dir + "/out.txt"
                let child = try ChildProcess.spawn(executable, arguments, stdout: out)
                #expect(try child.wait(timeout: 30) == 0)
                return try String(contentsOfFile: out, encoding: .utf8)
            }
            let nproc = try output("/usr/bin/nproc", [])
            #expect(Int(nproc.trimmingCharacters(in: .whitespacesAndNewlines)) == Processors.usable)
            let pinned = try output("/usr/bin/taskset", ["-c", "0", "/bin/cat", "/proc/self/status"])
            #expect(Processors.allowedCount(status: pinned) == 1, "\(pinned)")
        }
    }
}
