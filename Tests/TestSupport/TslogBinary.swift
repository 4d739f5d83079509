import Foundation

/// Where the built `tslog` executable is, for tests that run it as a user would.
public enum TslogBinary {
    /// `$TSLOG_BINARY`, else beside the running test bundle (SwiftPM puts `tslog` and
    /// `tslogPackageTests.xctest` in the same build directory), else `.build/debug/tslog` under
    /// the package root found from this file's path. Throws naming every place looked at.
    public static func locate(filePath: String = #filePath) throws -> URL {
        var candidates: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["TSLOG_BINARY"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        for path in [Bundle.main.executablePath, CommandLine.arguments.first].compactMap({ $0 }) {
            var directory = URL(fileURLWithPath: path).resolvingSymlinksInPath().deletingLastPathComponent()
            // On macOS the test binary sits inside `X.xctest/Contents/MacOS/`.
            for _ in 0..<4 {
                candidates.append(directory.appendingPathComponent("tslog"))
                directory = directory.deletingLastPathComponent()
            }
        }
        let packageRoot = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(packageRoot.appendingPathComponent(".build/debug/tslog"))
        for candidate in candidates {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
               !isDirectory.boolValue, FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
        }
        throw NotFound(description: "no tslog binary; looked at \(candidates.map(\.path)); run `swift build` or set TSLOG_BINARY")
    }

    public struct NotFound: Error, CustomStringConvertible {
        public var description: String
    }
}
