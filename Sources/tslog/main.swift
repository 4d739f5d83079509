import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// A closed pipe must not kill the process: writes then fail with EPIPE, which
// OutputWriter turns into a quiet stop (`tslog log | head` exits 0 with no trace).
signal(SIGPIPE, SIG_IGN)

let status = tslogMain(
    arguments: CommandLine.arguments,
    environment: ProcessInfo.processInfo.environment,
    io: IO.standard())
exit(status)
