import EventLog
import Foundation

/// SIGTERM and SIGINT, handled by the server instead of killing the process: `onStop` runs on a
/// thread of its own for each of them (a graceful stop; `onStop` must be idempotent). The
/// handler is in place before `init` returns, so a signal sent as soon as the server says it is
/// listening is never lost.
final class StopSignals: @unchecked Sendable {
    // @unchecked: the descriptors never change after init.
    private let signals: Int32
    private let cancelled: WakePipe

    init(onStop: @escaping @Sendable () -> Void) throws {
        signals = try ProcessControl.stopSignalDescriptor()
        cancelled = try WakePipe()
        let signals = signals, cancelled = cancelled
        Thread {
            while true {
                let ready = Readiness.wait([signals, cancelled.readDescriptor], timeout: nil)
                if ready[1] { return }
                if ready[0] {
                    ProcessControl.drainStopSignals(signals)
                    onStop()
                }
            }
        }.start()
    }

    /// Ends the waiting thread; signals that arrive later still do not kill the process.
    func cancel() { cancelled.wake() }

}
