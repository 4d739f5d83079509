import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// A log this user may not write to (another user's, a read-only mount): a write says so in
/// words, names the lock file and the errno, exits 1 and changes nothing; reads keep working.
/// As root (who may write anywhere) the commands run as `nobody` through `runuser`.
struct ReadOnlyLogTests {
    @Test func aWriteToALogThisUserCannotWriteSaysSoAndReadsStillWork() throws {
        let base = try makeTemporaryDirectory()
        defer {
            _ = chmod(base.path + "/log", 0o755)
            removeTemporaryDirectory(base)
        }
        let tool = try BinaryRunner.locate()
        let log = base.path + "/log"
        #expect(try tool.run(["demo", "--log", log, "--samples", "5", "--crops", "0"]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: log + "/00000000000000000001.jsonl"))
        let filesBefore = try FileManager.default.subpathsOfDirectory(atPath: log).sorted()
        // Readable and traversable by everyone, writable by no one else.
        #expect(chmod(base.path, 0o755) == 0)
        let asRoot = getuid() == 0
        var binary = tool.executable.path
        if asRoot {
            // `nobody` may not reach the build directory: a copy it can run.
            binary = base.path + "/tslog"
            try FileManager.default.copyItem(atPath: tool.executable.path, toPath: binary)
            #expect(chmod(binary, 0o755) == 0)
        }
        let line = #"{"type":"sample.submitted","sample_id":"00000000-0000-4000-8000-000000000999","image_url":"https://cdn.example/9.jpg","image_path":"training-data/9.jpg","label":"spine","label_type":"region"}"#
        try line.write(toFile: base.path + "/one.ndjson", atomically: true, encoding: .utf8)
        #expect(chmod(base.path + "/one.ndjson", 0o644) == 0)
        #expect(chmod(log, 0o555) == 0)

        func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
            let out = base.path + "/out.txt", err = base.path + "/err.txt"
            // The copy was written through a descriptor, which a child another test forked in
            // that instant holds until its own exec: exec then fails with ETXTBSY ("Text file
            // busy"). That is the test's race, not the tool's; try again once it has passed.
            for attempt in 1... {
                let child = asRoot
                    ? try ChildProcess.spawn("/usr/sbin/runuser", ["-u", "nobody", "--", binary] + arguments, stdout: out, stderr: err)
                    : try ChildProcess.spawn(binary, arguments, stdout: out, stderr: err)
                let status = try child.wait(timeout: 60)
                let stderr = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
                if attempt < 50, stderr.contains("Text file busy") {
                    usleep(100_000)
                    continue
                }
                return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "", stderr)
            }
            preconditionFailure("the loop returns")
        }

        let expected = "Error: cannot write to the log at \(log): it is read-only here (reads such as query and log still work): "
            + "open failed: Permission denied (errno 13) on \(log)/LOCK\n"
        let append = try run(["append", "--log", log, "--file", base.path + "/one.ndjson"])
        #expect(append.status == 1 && append.stderr == expected, "\(append)")
        let serve = try run(["serve", "--log", log, "--listen", "127.0.0.1:0"])
        #expect(serve.status == 1 && serve.stderr == expected, "\(serve)")
        let tag = try run(["tag", "--log", log, "v1"])
        #expect(tag.status == 1 && tag.stderr == expected, "\(tag)")
        let query = try run(["query", "overall", "--log", log, "--format", "json"])
        #expect(query.status == 0 && query.stdout.contains(#""total_samples":5"#), "\(query)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: log + "/00000000000000000001.jsonl")) == before)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: log).sorted() == filesBefore)
    }
}
