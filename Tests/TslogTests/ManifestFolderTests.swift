import Foundation
import Testing

/// `tslog export --format manifest` through the built binary: label folders are readable, escaped
/// only where a file system needs it (issue 19: `Corner%20Crease` gave loaders `%20` in class names).
@Suite("manifest folder names")
struct ManifestFolderTests {
    @Test func aLabelWithASpaceGivesAFolderWithASpace() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        let labels = ["Corner Crease", "Spine Tick", "您好", "a/b", "..", "50%", ".hidden", "v1.0"]
        let lines = labels.enumerated().map { n, label in
            var w = "{\"type\":\"sample.submitted\",\"sample_id\":\"" + String(format: "00000000-0000-4000-8000-%012d", n + 1)
            w += "\",\"occurred_at\":\"2026-11-25T12:00:0\(n)Z\",\"image_url\":\"https://img/\(n).jpg\",\"image_path\":\"p/\(n).jpg\",\"label\":"
            w += "\"" + label.replacingOccurrences(of: "\t", with: "\\t") + "\",\"label_type\":\"defect\"}"
            return w
        }.joined(separator: "\n") + "\n"
        let append = try tool.run(["append", "--log", log], stdin: Array(lines.utf8))
        #expect(append.status == 0, "\(append.stderrText)")
        let manifest = try tool.run(["export", "--log", log, "--format", "manifest"])
        #expect(manifest.status == 0)
        let folders = manifest.stdoutText.split(separator: "\n").map { $0.split(separator: "/", maxSplits: 1).first.map(String.init) ?? "" }
        #expect(folders == ["Corner Crease", "Spine Tick", "您好", "a%2Fb", "%2E%2E", "50%25", "%2Ehidden", "v1.0"])
    }
}
