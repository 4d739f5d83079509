// tslog-bench: measures tslog's write and read paths on a seeded, realistic log.
//
//     swift run -c release tslog-bench [--samples N] [--runs R] [--dir D]
//
// Every number goes through the same library code the `tslog` commands run. Read measurements
// run once to warm up, then R times; the median is reported. See docs/performance.md.
import EventLog
import Foundation
import Projections
import SampleDomain

#if DEBUG
let buildWarning: String? = "WARNING: this is a DEBUG build; its numbers mean nothing. Use: swift run -c release tslog-bench"
#else
let buildWarning: String? = nil
#endif

func fail(_ message: String, code: Int32 = 1) -> Never {
    FileHandle.standardError.write(Data((message + "\n").utf8))
    exit(code)
}

let options: BenchOptions
do {
    options = try BenchOptions(Array(CommandLine.arguments.dropFirst()))
} catch {
    if let message = error.message { fail("Error: \(message)\n" + BenchOptions.usage, code: 64) }
    print(BenchOptions.usage)
    exit(0)
}

// Child mode: one cold rebuild, then the peak memory (the parent cannot measure it in-process,
// where generating the log has already raised the peak).
if let directory = options.measureRebuild {
    do {
        let before = Measure.peakRSS()
        let projections = getenv("TSLOG_BENCH_SEQUENTIAL") != nil ? try Scenarios.rebuildSequentially(directory) : try Scenarios.rebuild(directory)
        print("\(before) \(Measure.peakRSS()) \(projections.liveCount)")
        exit(0)
    } catch {
        fail("rebuild failed: \(error)")
    }
}

if let buildWarning {
    #if DEBUG
    if !options.generateOnly { fail(buildWarning) }
    #endif
    FileHandle.standardError.write(Data((buildWarning + "\n").utf8))
}

let ownDirectory = options.dir == nil
let root = options.dir ?? (NSTemporaryDirectory() + "tslog-bench-\(getpid())")
let logDirectory = root + "/log"
let singleDirectory = root + "/single"
do {
    try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    if FileManager.default.fileExists(atPath: logDirectory) != options.readOnly {
        fail(options.readOnly ? "Error: --read-only needs an existing log at \(logDirectory)"
                              : "Error: \(logDirectory) already exists; give an empty --dir or remove it", code: 64)
    }
} catch {
    fail("Error: cannot create \(root): \(error)")
}
defer {
    if !options.keep && !options.generateOnly && !options.readOnly {
        try? FileManager.default.removeItem(atPath: ownDirectory ? root : logDirectory)
        try? FileManager.default.removeItem(atPath: singleDirectory)
    }
}

do {
    var report = Report()
    let what = options.readOnly ? "log=\(logDirectory)" : "samples=\(options.samples) seed=\(options.seed)"
    report.section("tslog-bench  \(what) runs=\(options.runs) cores=\(ProcessInfo.processInfo.activeProcessorCount)")

    // 1. Batch append: the log every later measurement reads.
    let appended: Scenarios.AppendResult
    if options.readOnly {
        let reader = try LogReader(directory: logDirectory)
        appended = Scenarios.AppendResult(events: Int(reader.lastSeq), seconds: 0, bytes: Measure.logBytes(logDirectory), batchSeconds: [])
    } else {
        appended = try Scenarios.batchAppend(samples: options.samples, seed: options.seed, directory: logDirectory)
    }
    if options.generateOnly {
        print("wrote \(appended.events) events (\(appended.bytes) bytes) to \(logDirectory)")
        exit(0)
    }
    let mb = Double(appended.bytes) / 1e6
    if !options.readOnly {
    report.section("write (durable: one fsync per append call)")
    report.row("batch append, 10,000 per fsync", Report.fixed(Double(appended.events) / appended.seconds, 0),
               "events/s   \(Report.fixed(mb / appended.seconds)) MB/s, \(appended.events) events in \(Report.fixed(appended.seconds, 2)) s")
    let medianBatch = Measure.median(appended.batchSeconds)
    report.row("  median batch", Report.ms(medianBatch), "ms   (\(appended.batchSeconds.count) batches)")
    if options.appendOnly {
        // The same appends without fsync: what parsing, validation, encoding and write() cost.
        let cpu = try Scenarios.batchAppend(samples: options.samples, seed: options.seed, directory: root + "/nosync", durable: false)
        try? FileManager.default.removeItem(atPath: root + "/nosync")
        report.row("  the same, not durable (no fsync)", Report.fixed(Double(cpu.events) / cpu.seconds, 0),
                   "events/s   median batch \(Report.ms(Measure.median(cpu.batchSeconds))) ms")
    }
    let single = try Scenarios.singleAppends(count: options.singleAppends, seed: options.seed, directory: singleDirectory)
    let singleTotal = single.reduce(0, +)
    report.row("single-event appends", Report.fixed(Double(single.count) / singleTotal, 0),
               "appends/s   median \(Report.ms(Measure.median(single))) ms each, \(single.count) appends")
    report.section("concurrent durable appends (one event each, \(options.singleAppends) in all; T threads)")
    for threads in [1, 4, 16, 64] {
        let perThread = max(1, options.singleAppends / threads)
        for grouped in [false, true] {
            let run = try Scenarios.concurrentAppends(threads: threads, perThread: perThread, grouped: grouped,
                                                      directory: root + "/concurrent")
            report.row("\(threads) threads, \(grouped ? "GroupCommitWriter" : "LogWriter + lock")", Report.fixed(run.perSecond, 0),
                       "appends/s   \(run.groups) fsync groups, \(Report.fixed(Double(run.appends) / Double(max(run.groups, 1)), 1)) appends each")
        }
    }
    try? FileManager.default.removeItem(atPath: root + "/concurrent")
    }
    if options.appendOnly {
        if let buildWarning { report.section(buildWarning) }
        print(report.lines.joined(separator: "\n"))
        exit(0)
    }

    // 2. Reads.
    report.section("read (log: \(Report.fixed(mb)) MB, \(appended.events) events, \(Report.fixed(Double(appended.bytes) / Double(max(appended.events, 1)), 0)) bytes/event)")
    let rebuild = try Measure.median(runs: options.runs) { try Scenarios.rebuild(logDirectory) }
    report.row("cold rebuild (ProjectionLoader)", Report.fixed(mb / rebuild.seconds), "MB/s   \(Report.fixed(Double(appended.events) / rebuild.seconds / 1e6, 2)) M events/s, median \(Report.ms(rebuild.seconds)) ms")
    let sequential = try Measure.median(runs: options.runs) { try Scenarios.rebuildSequentially(logDirectory) }
    report.row("  reference: one thread, full events", Report.fixed(mb / sequential.seconds), "MB/s   \(Report.fixed(Double(appended.events) / sequential.seconds / 1e6, 2)) M events/s, median \(Report.ms(sequential.seconds)) ms")
    guard sequential.value.liveCount == rebuild.value.liveCount else { throw BenchFailure("sequential rebuild disagrees") }
    let parallel = rebuild
    let verify = try Measure.median(runs: options.runs) { try verifyLog(directory: logDirectory) }
    report.row("verify (verifyLog)", Report.fixed(mb / verify.seconds), "MB/s   median \(Report.ms(verify.seconds)) ms")
    let middle = try Measure.median(runs: options.runs) { try Scenarios.queryAtMiddle(logDirectory) }
    report.row("query overall --as-of-seq middle", Report.ms(middle.seconds), "ms   \(Report.fixed(100 * middle.seconds / parallel.seconds)) % of a cold rebuild")
    let answers = try Measure.median(runs: options.runs) { try Scenarios.allQueries(rebuild.value) }
    report.row("all 10 queries, loaded state", Report.ms(answers.seconds), "ms   (\(answers.value) bytes of CSV; wide columns read back from the log)")
    let export = try Measure.median(runs: options.runs) { try Scenarios.exportCSV(logDirectory) }
    report.row("export --format csv (fold + render)", Report.ms(export.seconds), "ms   \(Report.fixed(mb / export.seconds)) MB/s of log, \(Report.fixed(Double(export.value) / 1e6)) MB of CSV")

    // Checkpoints: one 1,000 events before the end, one 1,000 events before the middle.
    Scenarios.removeCheckpoints(logDirectory)
    let last = UInt64(appended.events)
    let size = try Scenarios.writeCheckpoint(logDirectory, at: last > 1000 ? last - 1000 : last)
    _ = try Scenarios.writeCheckpoint(logDirectory, at: last / 2 > 1000 ? last / 2 - 1000 : max(last / 2, 1))
    report.row("checkpoint file", Report.fixed(Double(size) / 1e6), "MB   (\(Report.fixed(Double(size) / Double(max(rebuild.value.liveCount, 1)), 0)) bytes per live sample)")
    let warm = try Measure.median(runs: options.runs) { try Scenarios.warmQuery(logDirectory, through: last) }
    report.row("overall, checkpoint + 1,000 events", Report.ms(warm.seconds), "ms   (from checkpoint \(warm.value.0)) \(Report.fixed(100 * warm.seconds / parallel.seconds)) % of a cold rebuild")
    let stats = try Measure.median(runs: options.runs) { try Scenarios.warmStats(logDirectory) }
    report.row("project stats, checkpoint + 1,000 events", Report.ms(stats.seconds), "ms   (from checkpoint \(stats.value.0); in process: add ~10 ms of process start)")
    let warmMiddle = try Measure.median(runs: options.runs) { try Scenarios.warmQuery(logDirectory, through: last / 2) }
    report.row("overall --as-of-seq middle, checkpoint", Report.ms(warmMiddle.seconds), "ms   (from checkpoint \(warmMiddle.value.0)) \(Report.fixed(100 * warmMiddle.seconds / parallel.seconds)) % of a cold rebuild")

    // The live state `tslog serve` keeps: loaded once (from the checkpoint 1,000 before the end),
    // then caught up after each commit.
    report.section("live state (tslog serve's reads)")
    let load = try Measure.time { try LiveState(directory: logDirectory, checkpoints: CheckpointStore(logDirectory: logDirectory)) }
    report.row("load, checkpoint + 1,000 events", Report.ms(load.seconds), "ms   (seq \(load.value.seq))")
    for batch in [1, 100] where !options.readOnly {  // catching up needs appends: not on a log given to read
        let (seconds, seq) = try Scenarios.liveCatchUps(load.value, directory: logDirectory, batch: batch, runs: max(options.runs, 5),
                                                        seed: options.seed + UInt64(batch))
        report.row("catch-up after appending \(batch)", Report.ms(seconds), "ms median   (now at seq \(seq))")
    }
    let overall = try Scenarios.liveOverall(load.value, runs: options.runs)
    report.row("snapshot + query overall", Report.fixed(overall * 1e6, 2), "µs")
    if !options.keep { Scenarios.removeCheckpoints(logDirectory) }

    // 3. Memory, in a fresh process.
    let child = Process()
    child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
    child.arguments = ["--measure-rebuild", logDirectory]
    let pipe = Pipe()
    child.standardOutput = pipe
    try child.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    child.waitUntilExit()
    let fields = output.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    report.section("memory (a separate process doing one cold rebuild)")
    if fields.count == 3, fields[2] > 0 {
        report.row("peak RSS", Report.mib(fields[1]), "MiB   (\(Report.mib(fields[0])) MiB before the rebuild)")
        report.row("per live sample", Report.fixed(Double(fields[1] - fields[0]) / Double(fields[2]), 0),
                   "bytes   (\(fields[2]) live samples)")
    } else {
        report.row("peak RSS", "?", "child said: \(output)")
    }
    if let buildWarning { report.section(buildWarning) }
    print(report.lines.joined(separator: "\n"))
} catch {
    fail("tslog-bench: \(error)")
}
