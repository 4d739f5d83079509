import Foundation
import TestSupport
import Testing

/// libcurl (and its ~30 libraries) is not linked into `tslog`: only a command that downloads
/// loads it (`Curl`), so no other command pays for it at start.
struct CurlLoadedOnDemandTests {
    @Test func theBinaryLinksNoLibcurl() throws {
        let tool = try BinaryRunner.locate()
        let out = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(out) }
        let listing = out.path + "/ldd.txt"
        let ldd = try ChildProcess.spawn("/usr/bin/ldd", [tool.executable.path], stdout: listing)
        #expect(try ldd.wait(timeout: 60) == 0)
        let libraries = try String(contentsOfFile: listing, encoding: .utf8)
        #expect(libraries.contains("libc.so"), "ldd printed: \(libraries)")
        #expect(!libraries.contains("libcurl"), "tslog links libcurl: \(libraries)")
        #expect(!libraries.contains("FoundationNetworking"), "tslog links FoundationNetworking: \(libraries)")
    }
}
