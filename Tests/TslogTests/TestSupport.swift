import Foundation
@testable import tslog

/// The outcome of one in-process `tslogMain` run.
struct InProcessResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs `tslog words…` in-process with captured streams and the given environment.
func runInProcess(_ words: [String], environment: [String: String] = [:], stdin: [UInt8] = []) -> InProcessResult {
    let io = IO.capturing(stdin: stdin)
    let status = tslogMain(arguments: ["tslog"] + words, environment: environment, io: io)
    return InProcessResult(status: status, stdout: io.stdout.capturedText, stderr: io.stderr.capturedText)
}

/// A fresh temporary directory; remove it with `removeTemporaryDirectory` in a `defer`.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("tslog-test-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

func removeTemporaryDirectory(_ url: URL) {
    try? FileManager.default.removeItem(at: url)
}
