import SampleDomain
import Foundation
import TestSupport
import Testing
@testable import EventLog

/// Every random input in these tests comes from a fixed seed: the one SplitMix64 (SampleDomain's,
/// which the demo data uses too).
typealias SplitMix64 = SampleDomain.SplitMix64


/// Runs `body` with a fresh temporary directory path (not yet created), removed afterwards.
func withTempLog<T>(_ body: (String) throws -> T) throws -> T {
    let base = NSTemporaryDirectory() + "eventlog-tests-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(atPath: base) }
    return try body(base + "/log")
}

/// Opens a writer, runs `body`, always closes it.
@discardableResult
func withWriter<T>(_ dir: String, _ options: LogOptions = LogOptions(), _ body: (LogWriter) throws -> T) throws -> T {
    let writer = try LogWriter.open(directory: dir, options: options)
    defer { try? writer.close() }
    return try body(writer)
}

let t0 = Timestamp(rfc3339: "2026-11-25T12:00:00Z")!

/// A record with a small JSON payload `{"n":i,"pad":"xxx"}`.
func record(_ i: Int, pad: Int = 0, eventID: String? = nil, at: Timestamp? = nil) -> NewRecord {
    let payload = #"{"n":\#(i),"pad":""# + String(repeating: "x", count: pad) + #""}"#
    return NewRecord(type: "test.event", schemaVersion: 1, eventID: eventID, payload: Array(payload.utf8), recordedAt: at)
}

func segmentNames(_ dir: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".jsonl") }.sorted()
}

func readBytes(_ path: String) throws -> [UInt8] {
    [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
}

func writeBytes(_ bytes: [UInt8], _ path: String) throws {
    try Data(bytes).write(to: URL(fileURLWithPath: path))
}

/// All records as (seq, line) via a reader.
func allLines(_ dir: String) throws -> [(UInt64, String)] {
    var out: [(UInt64, String)] = []
    try LogReader(directory: dir).scan { view in
        out.append((view.seq, String(decoding: view.line, as: UTF8.self)))
    }
    return out
}

/// Runs `/usr/bin/jq -c .` over every segment; returns the failures (empty when all parse).
func jqFailures(_ dir: String) throws -> [String] {
    var failures: [String] = []
    for name in try segmentNames(dir) {
        let status = try ChildProcess.spawn("/usr/bin/jq", ["-c", ".", dir + "/" + name]).wait()
        if status != 0 { failures.append("\(name): jq exit \(status)") }
    }
    return failures
}

/// Asserts `body` throws a `LogError` and returns it.
func expectLogError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> LogError? {
    do {
        try body()
        Issue.record("expected a LogError, got success", sourceLocation: sourceLocation)
    } catch let error as LogError {
        return error
    } catch {
        Issue.record("expected a LogError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
