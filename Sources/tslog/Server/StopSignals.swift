import Dispatch
import EventLog

/// SIGTERM and SIGINT, handled on a dispatch queue instead of killing the process: `onStop` runs
/// once for the first of them (a graceful stop).
final class StopSignals: @unchecked Sendable {
    // @unchecked: the sources are created in init and only cancelled afterwards.
    private var sources: [DispatchSourceSignal] = []

    init(onStop: @escaping @Sendable () -> Void) {
        for number in [ProcessControl.terminateSignal, ProcessControl.interruptSignal] {
            ProcessControl.ignore(number)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: onStop)
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
