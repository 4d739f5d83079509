import Foundation
import Glibc
import TestSupport
import Testing

/// A child the tests start gets only its standard descriptors (and the parent pipe when asked),
/// never the test process's others: those count against a child run under `prlimit --nofile`,
/// and a full run with many tests at once once left a server too few to open its log.
@Suite("Test children inherit no stray descriptors")
struct ChildDescriptorsTests {
    @Test func aDescriptorOpenInTheTestProcessIsNotInherited() throws {
        let stray = open("/dev/null", O_RDONLY)  // no O_CLOEXEC, as many a library opens its files
        #expect(stray > 3)
        defer { close(stray) }
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let out = dir.path + "/fds"
        let child = try ChildProcess.spawn("/bin/sh", ["-c", "ls /proc/$$/fd"], stdout: out)
        #expect(try child.wait(timeout: 30) == 0)
        let listed = try String(contentsOfFile: out, encoding: .utf8).split(whereSeparator: \.isWhitespace).compactMap { Int32($0) }
        #expect(listed.contains(0) && listed.contains(1) && listed.contains(2), "\(listed)")
        #expect(!listed.contains(stray), "descriptor \(stray) was inherited: \(listed)")
        #expect(listed.allSatisfy { $0 <= 3 }, "\(listed)")
    }
}
