import Foundation
import TestSupport
import Testing

/// Files and directories tslog creates are never world-writable, even under `umask 000`.
@Suite("Safe file modes")
struct ReliabilityFileModeTests {
    func mode(_ path: String) throws -> Int {
        ((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? NSNumber)?.intValue ?? -1
    }

    /// Every path under `root`, depth first.
    func everything(under root: String) throws -> [String] {
        let names = try FileManager.default.subpathsOfDirectory(atPath: root)
        return [root] + names.map { root + "/" + $0 }
    }

    @Test func nothingTslogCreatesIsWorldWritableEvenUnderUmaskZero() throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let log = base.path + "/deep/log"
        let input = base.path + "/in.jsonl"
        try (#"{"type":"sample.submitted","sample_id":"0b9e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4","event_id":"a","image_url":"u","image_path":"p","label":"l","label_type":"grade"}"# + "\n")
            .write(toFile: input, atomically: false, encoding: .utf8)
        func run(_ words: [String]) throws -> Int32 {
            try ChildProcess.spawn("/bin/sh", ["-c", #"umask 000; exec "$@""#, "sh", tool.executable.path] + words,
                                   stdout: base.path + "/out", stderr: base.path + "/err").wait()
        }
        #expect(try run(["append", "--log", log, "--file", input]) == 0)
        // Damage the tail so that repair creates its directory and files too.
        let segment = log + "/00000000000000000001.jsonl"
        let handle = try #require(FileHandle(forWritingAtPath: segment))
        handle.seekToEndOfFile()
        handle.write(Data("{\"seq\":2,".utf8))
        handle.closeFile()
        #expect(try run(["verify", "--log", log, "--repair"]) == 0)
        #expect(try run(["export", "--log", log, "--format", "csv", "--out", base.path + "/export.csv"]) == 0)

        var checked = 0
        for path in try everything(under: base.path + "/deep") + [base.path + "/export.csv"] {
            let m = try mode(path)
            #expect(m & 0o002 == 0, "\(path) is world-writable: \(String(m, radix: 8))")
            checked += 1
        }
        #expect(checked >= 8, "expected the log, its segment, LOCK, index files and damaged files")
    }

    /// `--out FILE` over an existing file keeps its permissions when they are narrower: the
    /// rename put a new 0644 file in place, so an export or report a user had made private
    /// (`chmod 600`) turned world-readable at its next write.
    @Test func aReplacedOutputKeepsItsNarrowerPermissions() throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let log = base.path + "/log"
        func run(_ words: [String]) throws -> Int32 {
            try ChildProcess.spawn("/bin/sh", ["-c", #"umask 022; exec "$@""#, "sh", tool.executable.path] + words,
                                   stdout: base.path + "/out", stderr: base.path + "/err").wait()
        }
        #expect(try run(["demo", "--log", log, "--samples", "3", "--crops", "0"]) == 0)
        for (words, file) in [(["export", "--format", "csv", "--out"], "export.csv"), (["report", "--out"], "report.html")] {
            let path = base.path + "/" + file
            #expect(try run(words + [path, "--log", log]) == 0)
            #expect(try mode(path) == 0o644, "a new \(file)")
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            #expect(try run(words + [path, "--log", log]) == 0)
            let kept = try mode(path)
            #expect(kept == 0o600, "\(file) made private: \(String(kept, radix: 8))")
            try FileManager.default.setAttributes([.posixPermissions: 0o666], ofItemAtPath: path)
            #expect(try run(words + [path, "--log", log]) == 0)
            #expect(try mode(path) == 0o644, "\(file) never wider than tslog makes it")
        }
    }
}
