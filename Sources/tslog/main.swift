import Foundation

import EventLog

// A closed pipe must not kill the process: writes then fail with EPIPE, which
// OutputWriter turns into a quiet stop (`tslog log | head` exits 0 with no trace).
SystemProcess.ignoreBrokenPipe()
// A write past `ulimit -f` must not kill the process mid-batch (SIGXFSZ's default): it fails
// with EFBIG, the batch is cut back and the error says so, as on a full disk.
SystemProcess.ignoreFileSizeLimitSignal()

// Only the test harness sets this: die with the test process that started us, however it ends.
if let text = ProcessInfo.processInfo.environment[SystemProcess.parentPipeVariable] {
    do {
        try SystemProcess.exitWhenClosed(Int32(text) ?? -1)
    } catch {
        FileHandle.standardError.write(Data("Error: \(SystemProcess.parentPipeVariable)=\(text): \(error)\n".utf8))
        exit(1)
    }
}

let status = tslogMain(
    arguments: CommandLine.arguments,
    environment: ProcessInfo.processInfo.environment,
    io: IO.standard())
exit(status)
