#if canImport(Glibc)
import Glibc
#endif

/// This process and the clock: pid, monotonic time, sleeping, signal set-up, page size.
package enum SystemProcess {
    /// This process's id.
    package static var id: Int32 { system_getpid() }

    /// Seconds on the monotonic clock (for timeouts and progress, never for records).
    package static func monotonicSeconds() -> Double {
        var ts = timespec()
        _ = system_clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Sleeps for `seconds` (resuming after a signal until the time is up).
    package static func sleep(seconds: Double) {
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int((seconds - Double(Int(seconds))) * 1e9))
        var remaining = timespec()
        while system_nanosleep(&request, &remaining) == -1, Errno.current == .interrupted { request = remaining }
    }

    /// Makes a write to a closed pipe fail with EPIPE instead of killing the process.
    package static func ignoreBrokenPipe() { system_ignore_sigpipe() }

    /// Makes a write past the file size limit (`ulimit -f`) fail with EFBIG instead of killing
    /// the process with SIGXFSZ halfway through a batch: the writer then cuts the batch back
    /// and says so, as for a full disk.
    package static func ignoreFileSizeLimitSignal() { system_ignore_sigxfsz() }

    /// The soft limit on open descriptors (`ulimit -n`); nil when unlimited or unknown.
    package static var openFileLimit: UInt64? {
        var limit = rlimit()
        guard system_getrlimit_nofile(&limit) == 0, limit.rlim_cur != rlim_t.max else { return nil }
        return UInt64(limit.rlim_cur)
    }

    /// Whether a process with this id exists (signal 0).
    package static func isAlive(_ pid: Int32) -> Bool {
        system_kill(pid, 0) == 0 || Errno.current == Errno(rawValue: EPERM)
    }

    /// Ends this process at once with SIGKILL, as `kill -9` would: nothing is cleaned up, no
    /// buffer flushed. For crash tests only (the repair's kill-at-step hook).
    package static func killSelf() -> Never {
        _ = system_kill(system_getpid(), SIGKILL)
        while true { sleep(seconds: 1) }
    }

    /// The memory page size in bytes.
    package static var pageSize: Int { system_sysconf(Int32(_SC_PAGESIZE)) }
}
