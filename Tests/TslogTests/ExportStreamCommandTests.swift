import Foundation
import Testing
import EventLog
import Projections
@testable import tslog

/// `tslog export` streams: standard output gets each chunk as it is rendered, and `--out` fills
/// its temporary file chunk by chunk yet still appears whole or not at all.
@Suite("tslog export, streamed")
struct ExportStreamCommandTests {
    /// The names in `dir`, sorted.
    static func names(_ dir: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
    }

    @Test func piecesWrittenAtomicallyMakeTheWholeFile() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let path = dir.appendingPathComponent("out.txt").path
        var rng = SplitMix64(seed: 29)
        let pieces: [[UInt8]] = (0..<50).map { _ in (0..<Int(rng.next() % 5_000)).map { _ in UInt8(truncatingIfNeeded: rng.next()) } }
        try AtomicFile.write(to: path) { write in
            for piece in pieces { try write(piece) }
        }
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == pieces.flatMap { $0 })
        #expect(try ExportStreamCommandTests.names(dir) == ["out.txt"])
    }

    /// A producer that fails after writing some pieces leaves the old file untouched and no
    /// temporary file behind, and its error comes out unchanged.
    @Test func aFailingProducerLeavesTheOldFileAndNoTemporary() throws {
        struct Interrupted: Error {}
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let path = dir.appendingPathComponent("export.csv").path
        try "old export\n".write(toFile: path, atomically: false, encoding: .utf8)
        var calls = 0
        #expect(throws: Interrupted.self) {
            try AtomicFile.write(to: path) { write in
                try write(Array("id,created_at\n".utf8))
                try write(Array(repeating: UInt8(ascii: "x"), count: 100_000))
                calls += 1
                throw Interrupted()
            }
        }
        #expect(calls == 1)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old export\n")
        #expect(try ExportStreamCommandTests.names(dir) == ["export.csv"])
    }

    /// Through the built binary, every format: `--out FILE` holds exactly what standard output
    /// gets, the sidecar counts the rows, and nothing else is left in the directory.
    @Test func outEqualsStandardOutputInEveryFormatThroughTheBinary() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        try ExportTestLog.make(log, seed: 31, samples: 400)
        for format in ExportFormat.allCases.map(\.rawValue) {
            let out = dir.appendingPathComponent("export.\(format)").path
            let piped = try tool.run(["export", "--log", log, "--format", format])
            #expect(piped.status == 0, "\(format): \(piped.stderrText)")
            let written = try tool.run(["export", "--log", log, "--format", format, "--out", out])
            #expect(written.status == 0 && written.stdout.isEmpty, "\(format): \(written.stderrText)")
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: out))) == piped.stdout, "\(format)")
            #expect(piped.stdout.count > 10_000, "\(format): only \(piped.stdout.count) bytes")
            let jsonl = try tool.run(["export", "--log", log, "--format", "jsonl"]).stdoutText
            let rows = jsonl.split(separator: "\n").count
            let sidecar = try String(contentsOfFile: out + ".position.json", encoding: .utf8)
            #expect(sidecar.contains(#","rows":\#(rows),"#), "\(format): \(sidecar)")
        }
        let expected = (["log"] + ExportFormat.allCases.flatMap { ["export.\($0.rawValue)", "export.\($0.rawValue).position.json"] }).sorted()
        #expect(try ExportStreamCommandTests.names(dir) == expected)
    }
}
