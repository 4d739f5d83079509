import Foundation

import EventLog

// A closed pipe must not kill the process: writes then fail with EPIPE, which
// OutputWriter turns into a quiet stop (`tslog log | head` exits 0 with no trace).
SystemProcess.ignoreBrokenPipe()

let status = tslogMain(
    arguments: CommandLine.arguments,
    environment: ProcessInfo.processInfo.environment,
    io: IO.standard())
exit(status)
