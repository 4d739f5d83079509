import Foundation
import Testing

/// A reading command (the built binary) pointed at a directory that holds files but no log —
/// `--log` mistyped as a project folder — refuses it by name and exits 1, as `verify` and every
/// write already did; it used to answer as if the log were empty (`0 events`, a zero dashboard,
/// exit 0). An empty directory, or one with only dotfiles, still reads as an empty log.
@Suite("reading a directory that is not a log")
struct NotALogDirectoryTests {
    static let reads: [[String]] = [
        ["log"], ["query", "overall"], ["project", "stats"], ["tags"], ["export"], ["diff", "1", "2"],
        ["history", "00000000-0000-4000-8000-000000000001"], ["images", "check"],
    ]

    @Test(arguments: reads)
    func aFolderOfOtherFilesIsRefusedByName(words: [String]) throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let folder = dir.path + "/project"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        try Data("notes".utf8).write(to: URL(fileURLWithPath: folder + "/README.txt"))
        let r = try tool.run(words + ["--log", folder])
        #expect(r.status == 1, "\(words): \(r.stdoutText)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderrText == "Error: \(folder) holds files (such as 'README.txt') but is not a tslog log (no segment, no LOCK); name a log or a new or empty directory\n",
                "\(words): \(r.stderrText)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["README.txt"])
    }

    @Test func aFolderWithOnlyDotfilesReadsAsAnEmptyLog() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        try Data().write(to: URL(fileURLWithPath: dir.path + "/.DS_Store"))
        let r = try tool.run(["log", "--log", dir.path])
        #expect(r.status == 0 && r.stdoutText == "(0 events)\n", "\(r.stdoutText) \(r.stderrText)")
    }

    /// A writing command pointed at a file gets the readers' wording (it used to get
    /// Foundation's "The operation could not be completed. A file with the same name already
    /// exists."), exits 1, and leaves the file as it was.
    @Test(arguments: [["append"], ["serve", "--listen", "127.0.0.1:0"], ["demo", "--samples", "3", "--crops", "0"]])
    func aWriteToAFileIsRefusedWithTheReadersWording(words: [String]) throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let file = dir.path + "/notes.txt"
        try Data("notes".utf8).write(to: URL(fileURLWithPath: file))
        let line = #"{"type":"sample.submitted","sample_id":"00000000-0000-4000-8000-000000000001","image_url":"u","image_path":"p","label":"l","label_type":"grade"}"#
        let r = try tool.run(words + ["--log", file], stdin: Array((line + "\n").utf8))
        #expect(r.status == 1, "\(words): \(r.stdoutText)")
        #expect(r.stderrText.hasSuffix("Error: no log at \(file): it is a file, not a directory\n"), "\(words): \(r.stderrText)")
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "notes")
    }
}
