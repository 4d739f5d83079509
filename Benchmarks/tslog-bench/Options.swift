/// The benchmark's command line: `tslog-bench [--samples N] [--runs R] [--dir D] [--seed S]
/// [--generate-only] [--keep]`.
struct BenchOptions {
    var samples = 100_000
    var runs = 5
    var seed: UInt64 = 1
    /// Where logs are written; nil: a fresh temporary directory, removed at the end.
    var dir: String?
    /// Only write the seeded log to `<dir>` (for scripts/compare-peers.sh), measure nothing.
    var generateOnly = false
    /// Keep the generated logs.
    var keep = false
    /// Internal: fold the log in this directory once and print peak memory (run as a child process).
    var measureRebuild: String?
    var singleAppends = 2_000
    /// Measure the reads of an existing `<dir>/log` and skip the writes.
    var readOnly = false
    /// Measure only the writes (batch, single-event and concurrent appends), then stop.
    var appendOnly = false

    static let usage = """
        Usage: tslog-bench [--samples N] [--runs R] [--dir D] [--seed S] [--generate-only] [--keep]
                           [--append-only] [--single-appends N]

          --samples N      samples to generate (about 2.02 events each; default 100000)
          --runs R         timed runs per read measurement, after one warm-up (default 5)
          --dir D          work directory (default: a temporary one, removed afterwards);
                           the batch-appended log is D/log
          --seed S         generator seed (default 1): same seed, same log
          --generate-only  write D/log and stop (used by scripts/compare-peers.sh)
          --keep           keep the logs written under D
          --read-only      measure only the reads, of an existing D/log
          --append-only    measure only the writes (batch, single and concurrent appends)
          --single-appends N  single-event appends to time (default 2000; also the
                           concurrent-append total)
        """

    init(_ arguments: [String]) throws(UsageError) {
        var i = 0
        func value(_ name: String) throws(UsageError) -> String {
            i += 1
            guard i < arguments.count else { throw UsageError(message: "option \(name) needs a value") }
            return arguments[i]
        }
        func integer(_ name: String) throws(UsageError) -> Int {
            let text = try value(name)
            guard let n = Int(text), n >= 0 else { throw UsageError(message: "option \(name) needs a whole number, got '\(text)'") }
            return n
        }
        while i < arguments.count {
            switch arguments[i] {
            case "--samples": samples = try integer("--samples")
            case "--runs": runs = max(1, try integer("--runs"))
            case "--seed": seed = UInt64(try integer("--seed"))
            case "--dir": dir = try value("--dir")
            case "--single-appends": singleAppends = try integer("--single-appends")
            case "--generate-only": generateOnly = true
            case "--keep": keep = true
            case "--read-only": readOnly = true
            case "--append-only": appendOnly = true
            case "--measure-rebuild": measureRebuild = try value("--measure-rebuild")
            case "-h", "--help": throw UsageError(message: nil)
            default: throw UsageError(message: "unknown option '\(arguments[i])'")
            }
            i += 1
        }
    }
}

struct UsageError: Error {
    /// nil: help was asked for.
    let message: String?
}
