import Foundation
import Testing

/// An output named in a directory that does not exist, or under a regular file (a mistyped
/// `--out`): every command that writes one (the built binary) refuses it before it writes
/// anything, naming the path and the directory at fault — not the hidden temporary file it
/// would have written first — and exits 1.
@Suite("outputs in a missing directory")
struct OutputDirectoryTests {
    static let submit = #"{"type":"sample.submitted","sample_id":"00000000-0000-4000-8000-000000000001","image_url":"https://x.example/1.png","image_path":"1.png","label":"mint","label_type":"grade"}"#

    @Test func eachOutputInAMissingDirectoryIsRefusedNamingIt() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.path + "/log"
        try tool.append([Self.submit], to: log)
        let file = dir.path + "/plain"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let missing = dir.path + "/no/such"

        let cases: [(words: [String], target: String, prefix: String)] = [
            (["export", "--out", missing + "/x.csv"], missing + "/x.csv", "cannot write the export: "),
            (["export", "--out", file + "/x.csv"], file + "/x.csv", "cannot write the export: "),
            (["export", "--format", "label-studio", "--label-type", "grade", "--out", dir.path + "/t.json",
              "--labeling-config", missing + "/c.xml"], missing + "/c.xml", "cannot write the export: "),
            (["report", "--out", missing + "/r.html"], missing + "/r.html", ""),
            (["replay", "--into", missing + "/copy"], missing + "/copy", ""),
            (["replay", "--into", file + "/copy"], file + "/copy", ""),
            (["export", "--format", "dataset", "--out", missing + "/ds"], missing + "/ds", ""),
        ]
        for c in cases {
            let r = try tool.run(c.words + ["--log", log])
            let parent = (c.target as NSString).deletingLastPathComponent
            let why = parent == file ? "'\(parent)' is not a directory" : "the directory '\(parent)' does not exist"
            #expect(r.status == 1, "\(c.words)")
            #expect(r.stderrText == "Error: \(c.prefix)cannot create '\(c.target)': \(why)\n", "\(c.words): \(r.stderrText)")
        }
        // Nothing was written: not the tasks of the refused labeling config, not a directory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["log", "plain"])
    }
}
