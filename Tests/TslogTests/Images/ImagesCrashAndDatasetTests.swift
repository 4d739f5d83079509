import EventLog
import Foundation
import TestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// kill -9 during `tslog images fetch`, then a resume; `export --format dataset` through the CLI:
/// missing images, --skip-missing, an as-of export with a relabeled sample under its old label,
/// splits equal across exports and log positions.
@Suite struct ImagesCrashAndDatasetTests {
    static func id(_ n: Int) -> String { "00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - String(n).count) + String(n) }

    @Test func killDuringFetchThenResume() throws {
        let runner = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        var files: [String: [UInt8]] = [:]
        for n in 1...24 { files["i\(n).png"] = TestImages.paddedPNG(width: n, height: 2, size: 20_000 + n) }
        try TestImages.write(files, into: dir)
        let server = try ImageServer(root: dir)
        defer { server.stop() }
        let log = dir.appendingPathComponent("log").path
        let lines = (1...24).map { n in
            ImagesCommandTests.submitted(n, url: server.url("/slow/0.15/i\(n).png"), label: "heavy_wear")
                .replacingOccurrences(of: ImagesCommandTests.id(n), with: Self.id(n))
        }
        #expect(runInProcess(["append", "--log", log], stdin: Array(lines.joined(separator: "\n").utf8)).status == 0)
        let child = try ChildProcess.spawn(runner.executable.path, ["images", "fetch", "--log", log, "--jobs", "2"],
                                           stdout: dir.appendingPathComponent("out").path, stderr: dir.appendingPathComponent("err").path)
        let store = BlobStore(logDirectory: log)
        for _ in 0..<400 where store.allBlobs().count < 4 { usleep(10_000) }
        kill(child.pid, SIGKILL)
        #expect(try child.wait() == 128 + SIGKILL)
        let stored = store.allBlobs()
        #expect(stored.count < 24, "the kill came after the fetch ended")
        // Whatever the kill interrupted, every blob holds exactly the bytes its name says.
        for name in stored { #expect(try store.verify(name)) }
        let resumed = runInProcess(["images", "fetch", "--log", log, "--jobs", "4"])
        #expect(resumed.status == 0, "\(resumed.stdout) \(resumed.stderr)")
        #expect(store.allBlobs().count == 24)
        let check = runInProcess(["images", "check", "--log", log, "--format", "json"])
        #expect(check.status == 0 && check.stdout.hasPrefix(#"{"missing":[],"failed":[],"#))
        #expect(runInProcess(["images", "verify", "--log", log]).status == 0)
        // No temporary file is left beside the blobs.
        for folder in try FileManager.default.contentsOfDirectory(atPath: "\(log)/images/sha256") {
            for name in try FileManager.default.contentsOfDirectory(atPath: "\(log)/images/sha256/\(folder)") {
                #expect(BlobStore.isName(name), "\(name)")
            }
        }
    }

    @Test func datasetThroughTheCLI() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        var files: [String: [UInt8]] = [:]
        for n in 1...12 { files["i\(n).png"] = TestImages.paddedPNG(width: n, height: 3, size: 100 + n) }
        try TestImages.write(files, into: dir)
        let server = try ImageServer(root: dir)
        defer { server.stop() }
        let log = dir.appendingPathComponent("log").path
        var lines = (1...12).map { n in
            ImagesCommandTests.submitted(n, url: server.url("/img/i\(n).png"), label: n % 2 == 0 ? "even" : "odd")
                .replacingOccurrences(of: ImagesCommandTests.id(n), with: Self.id(n))
        }
        lines.append(ImagesCommandTests.submitted(13, url: server.url("/status/404"), label: "odd")
            .replacingOccurrences(of: ImagesCommandTests.id(13), with: Self.id(13)))
        #expect(runInProcess(["append", "--log", log], stdin: Array(lines.joined(separator: "\n").utf8)).status == 0)
        #expect(runInProcess(["images", "fetch", "--log", log, "--retries", "0"]).status == 1)
        let missing = runInProcess(["export", "--log", log, "--format", "dataset", "--out", dir.appendingPathComponent("m").path])
        #expect(missing.status == 1 && missing.stderr.contains(Self.id(13)))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("m").path))
        #expect(runInProcess(["tag", "v1", "--log", log]).status == 0)
        let relabel = #"{"type":"sample.relabeled","sample_id":"\#(Self.id(1))","label":"even"}"#
        #expect(runInProcess(["append", "--log", log], stdin: Array(relabel.utf8)).status == 0)
        func export(_ name: String, _ extra: [String]) throws -> [String] {
            let out = dir.appendingPathComponent(name).path
            let r = runInProcess(["export", "--log", log, "--format", "dataset", "--out", out, "--skip-missing"] + extra)
            #expect(r.status == 0, "\(r.stderr)")
            let e = FileManager.default.enumerator(atPath: out)
            var paths: [String] = []
            while let p = e?.nextObject() as? String { if p.hasSuffix(".png") { paths.append(p) } }
            return paths.sorted()
        }
        let old = try export("old", ["--as-of-tag", "v1"])
        let new = try export("new", [])
        #expect(old.contains("odd/\(Self.id(1)).png") && new.contains("even/\(Self.id(1)).png"))
        #expect(old.count == 12 && new.count == 12)
        let metadata = try String(contentsOfFile: dir.appendingPathComponent("old/metadata.csv").path, encoding: .utf8)
        #expect(metadata.hasPrefix("file_name,id,label,label_type,crop_data,created_at,sha256\n"))
        #expect(metadata.split(separator: "\n").count == 13)
        // Splits: the same sample in the same split across two exports and two log positions.
        let splitOld = try export("split-old", ["--as-of-tag", "v1", "--split", "train=60,validation=20,test=20"])
        let splitNew = try export("split-new", ["--split", "train=60,validation=20,test=20"])
        func parts(_ paths: [String]) -> [String: String] {
            Dictionary(uniqueKeysWithValues: paths.map { p in
                let c = p.split(separator: "/")
                return (String(c[2].prefix(36)), String(c[0]))
            })
        }
        #expect(parts(splitOld) == parts(splitNew))
        #expect(Set(parts(splitNew).values).count > 1)
        let again = try export("split-again", ["--split", "train=60,validation=20,test=20"])
        #expect(again == splitNew)
        // Refusals: a non-empty target, --split without dataset.
        let busy = runInProcess(["export", "--log", log, "--format", "dataset", "--out", dir.appendingPathComponent("new").path])
        #expect(busy.status == 1 && busy.stderr.contains("is not an empty directory"))
        #expect(runInProcess(["export", "--log", log, "--split", "a=1"]).status == 64)
        #expect(runInProcess(["export", "--log", log, "--format", "dataset"]).status == 64)
    }
}
