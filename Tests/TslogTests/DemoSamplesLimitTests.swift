import Foundation
import Testing

/// `tslog demo --samples N` (the built binary) with a digit too many: refused at once as a usage
/// error naming the range, nothing made — it used to start writing a hundred billion samples,
/// silently, until the disk was full. The largest count allowed is still taken.
@Suite("demo sample count limit")
struct DemoSamplesLimitTests {
    @Test(arguments: ["10000001", "99999999999"])
    func aSampleCountPastTheLimitIsAUsageError(count: String) throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.path + "/log"
        let r = try tool.run(["demo", "--samples", count, "--log", log], timeout: 20)
        #expect(r.status == 64)
        #expect(r.stderrText.hasPrefix("Error: invalid value '\(count)' for '--samples': expected an integer from 0 to 10000000\n"), "\(r.stderrText)")
        #expect(!FileManager.default.fileExists(atPath: log))
    }

    @Test func theLimitIsInTheHelp() throws {
        let help = try BinaryRunner.locate().run(["demo", "--help"])
        #expect(help.status == 0 && help.stdoutText.contains("How many samples to generate (at most 10000000)."))
    }
}
