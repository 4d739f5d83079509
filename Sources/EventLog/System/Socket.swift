#if canImport(Glibc)
import Glibc
#endif

/// A failed socket call: which call, and its errno. Package API: the HTTP server in the `tslog`
/// target is the only user of sockets.
package struct SocketError: Error, CustomStringConvertible, Sendable {
    package var call: String
    package var errno: Errno

    package var description: String { "\(call) failed: \(errno)" }
}

/// A TCP socket descriptor, with one throwing method per system call (the top of the three
/// layers, as `FileDescriptor` is for files). It does not own the descriptor: whoever accepted
/// or created it closes it exactly once.
package struct Socket: Sendable, Hashable {
    package let rawValue: Int32

    /// A listening socket bound to `address` (port 0: the kernel picks a free port), with
    /// `SO_REUSEADDR`. Returns the socket and the address actually bound.
    package static func listen(on address: SocketAddress, backlog: Int32 = 511) throws(SocketError) -> (Socket, SocketAddress) {
        let family = address.isIPv6 ? AF_INET6 : AF_INET
        let fd = try checkSocket("socket") { system_socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0) }
        let socket = Socket(rawValue: fd)
        do throws(SocketError) {
            var one: Int32 = 1
            _ = try checkSocket("setsockopt") {
                system_setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            var storage = try address.storage()
            _ = try checkSocket("bind") {
                withUnsafePointer(to: &storage) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { system_bind(fd, $0, address.length) }
                }
            }
            _ = try checkSocket("listen") { system_listen(fd, backlog) }
            return (socket, try socket.localAddress())
        } catch {
            socket.close()
            throw error
        }
    }

    /// The address this socket is bound to (`getsockname`).
    package func localAddress() throws(SocketError) -> SocketAddress {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = try checkSocket("getsockname") {
            withUnsafeMutablePointer(to: &storage) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { system_getsockname(rawValue, $0, &length) }
            }
        }
        return SocketAddress(storage)
    }

    /// What one `accept` took.
    package enum Accepted {
        /// A connection.
        case connection(Socket)
        /// None right now, for a reason that concerns only that connection or passes by itself
        /// (the peer gave up, a transient shortage of memory): wait for readiness again.
        case none
        /// None: the process (EMFILE) or the system (ENFILE) is out of descriptors; the
        /// connection stays queued until one is freed (see `acceptUsing(_:)`).
        case outOfDescriptors(Errno)
    }

    /// Accepts one connection.
    package func accept() throws(SocketError) -> Accepted {
        // The server never starts programs, so the descriptor needs no close-on-exec flag.
        switch valueOrErrno({ system_accept(rawValue) }) {
        case .success(let fd): return .connection(Socket(rawValue: fd))
        case .failure(let e) where e == .tooManyOpenFiles || e == .tooManyOpenFilesInSystem:
            return .outOfDescriptors(e)
        case .failure(let e) where [EAGAIN, ECONNABORTED, EPROTO, ENOBUFS, ENOMEM, EPERM].contains(e.rawValue):
            return .none
        case .failure(let e): throw SocketError(call: "accept", errno: e)
        }
    }

    /// Out of descriptors: gives up `reserve`'s descriptor to accept one queued connection, hands
    /// it to `refuse` (which answers it, e.g. 503, and closes it), then takes the reserve back.
    /// False when there was no reserve to give up (none could be taken back since) or no
    /// connection was taken. Without this a queued connection keeps the listener readable and
    /// waits unanswered until some descriptor is freed, while the acceptor wakes for it again
    /// and again (the answer of libev and nginx: a spare descriptor).
    package func acceptUsing(_ reserve: ReserveDescriptor, refuse: (Socket) -> Void) -> Bool {
        guard reserve.retake(), reserve.release() else { return false }
        defer { reserve.retake() }
        guard case .connection(let socket)? = try? accept() else { return false }
        refuse(socket)
        return true
    }

    /// Receives up to `buffer.count` bytes; 0 means the peer closed its side.
    package func receive(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int {
        try checkSocket("recv") { system_recv(rawValue, buffer.baseAddress, buffer.count) }
    }

    /// Receives what has arrived, without waiting: nil when nothing has (the socket would
    /// block), 0 when the peer closed its side.
    package func receiveAvailable(into buffer: UnsafeMutableRawBufferPointer) throws(SocketError) -> Int? {
        switch valueOrErrno({ system_recv_nowait(rawValue, buffer.baseAddress, buffer.count) }) {
        case .success(let n): return n
        case .failure(let e) where e.rawValue == EAGAIN || e.rawValue == EWOULDBLOCK: return nil
        case .failure(let e): throw SocketError(call: "recv", errno: e)
        }
    }

    /// Sends every byte, looping on short sends. Never raises SIGPIPE (`MSG_NOSIGNAL`): a peer
    /// that went away is an `EPIPE` error.
    package func sendAll(_ bytes: UnsafeRawBufferPointer) throws(SocketError) {
        var done = 0
        while done < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[done...])
            done += try checkSocket("send") { system_send(rawValue, rest.baseAddress, rest.count) }
        }
    }

    /// Sends what the socket's buffer takes now, without waiting: the number of bytes sent
    /// (fewer than `bytes.count` when the buffer filled).
    package func sendAvailable(_ bytes: UnsafeRawBufferPointer) throws(SocketError) -> Int {
        var done = 0
        while done < bytes.count {
            let rest = UnsafeRawBufferPointer(rebasing: bytes[done...])
            switch valueOrErrno({ system_send_nowait(rawValue, rest.baseAddress, rest.count) }) {
            case .success(let n): done += n
            case .failure(let e) where e.rawValue == EAGAIN || e.rawValue == EWOULDBLOCK: return done
            case .failure(let e): throw SocketError(call: "send", errno: e)
            }
        }
        return done
    }

    /// Sends every byte of `bytes`.
    package func sendAll(_ bytes: [UInt8]) throws(SocketError) {
        guard !bytes.isEmpty else { return }
        let failure: SocketError? = bytes.withUnsafeBytes { raw in
            do throws(SocketError) { try sendAll(raw); return nil } catch { return error }
        }
        if let failure { throw failure }
    }

    /// `TCP_NODELAY`: small responses leave at once instead of waiting for the peer's ack.
    package func setNoDelay() {
        var one: Int32 = 1
        _ = system_setsockopt(rawValue, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// `SO_SNDTIMEO`: a send blocked longer than `seconds` (a peer that stopped reading) fails
    /// with `EAGAIN` instead of holding the thread forever.
    package func setSendTimeout(_ seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1_000_000))
        _ = system_setsockopt(rawValue, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    /// Shuts down the sending direction: the peer reads the end of the stream after what was
    /// sent, while this side may still read (and drop) what the peer sends.
    package func shutdownWrite() { _ = system_shutdown(rawValue, Int32(SHUT_WR)) }

    /// Shuts down both directions: a thread blocked on this socket returns.
    package func shutdown() { _ = system_shutdown(rawValue, Int32(SHUT_RDWR)) }

    /// Closes the descriptor. EINTR is not retried: on Linux the descriptor is gone either way.
    package func close() { _ = system_close(rawValue) }
}

/// Waits until one of several descriptors is readable (`poll`).
package enum Readiness {
    /// Which of `descriptors` are readable, or hung up, or in error (all three mean "a read
    /// will not block"), after waiting at most `timeout` seconds (nil: forever). All false on
    /// timeout or when interrupted by a signal.
    package static func wait(_ descriptors: [Int32], timeout: Double?) -> [Bool] {
        var fds = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let milliseconds: Int32 = timeout.map { Int32(max(0, min($0 * 1000, Double(Int32.max))).rounded(.up)) } ?? -1
        let n = fds.withUnsafeMutableBufferPointer { system_poll($0.baseAddress!, $0.count, milliseconds) }
        guard n > 0 else { return descriptors.map { _ in false } }
        return fds.map { $0.revents != 0 }
    }
}

/// A pipe whose read end becomes readable, for good, once `wake()` is called: every thread that
/// includes `readDescriptor` in a `Readiness.wait` returns. The server's stop signal.
package final class WakePipe: @unchecked Sendable {
    // @unchecked: the descriptors never change after init; `wake` only writes.
    package let readDescriptor: Int32
    private let writeDescriptor: Int32

    package init() throws(SocketError) {
        var fds: [Int32] = [-1, -1]
        _ = try checkSocket("pipe") { system_pipe(&fds) }
        readDescriptor = fds[0]
        writeDescriptor = fds[1]
    }

    /// Makes the read end readable (idempotent: the byte is never read).
    package func wake() {
        var byte: UInt8 = 1
        _ = system_write(writeDescriptor, &byte, 1)
    }

    package func close() {
        _ = system_close(readDescriptor)
        _ = system_close(writeDescriptor)
    }
}

/// The signals the server handles itself (its pid is `SystemProcess.id`).
package enum ProcessControl {
    package static let terminateSignal = SIGTERM
    package static let interruptSignal = SIGINT

    /// Routes SIGTERM and SIGINT to a pipe and returns its read end, which becomes readable when
    /// either arrives. The handler is installed before this returns — unlike a dispatch source,
    /// whose registration is asynchronous, so a SIGTERM sent right after start could be
    /// ignored and lost. Call it once per process.
    package static func stopSignalDescriptor() throws(SocketError) -> Int32 {
        var fds: [Int32] = [-1, -1]
        _ = try checkSocket("pipe2") { system_pipe_nonblocking(&fds) }
        system_signal_write_byte([terminateSignal, interruptSignal], to: fds[1])
        return fds[0]
    }

    /// Reads what the handler wrote to the stop-signal pipe, so the next signal makes it
    /// readable anew.
    package static func drainStopSignals(_ descriptor: Int32) {
        var buffer = [UInt8](repeating: 0, count: 64)
        while (buffer.withUnsafeMutableBytes { (try? FileDescriptor(rawValue: descriptor).read(into: $0)) ?? 0 }) > 0 {}
    }
}

/// `valueOrErrno`, throwing a `SocketError` named after `call`.
func checkSocket<I: FixedWidthInteger>(_ call: String, _ f: () -> I) throws(SocketError) -> I {
    switch valueOrErrno(f) {
    case .success(let value): return value
    case .failure(let errno): throw SocketError(call: call, errno: errno)
    }
}

/// One descriptor (`/dev/null`) held back so that a server out of descriptors can still accept a
/// connection to refuse it (`Socket.acceptUsing`). Not thread-safe: the accepting thread owns it.
package final class ReserveDescriptor {
    private var descriptor: FileDescriptor?

    /// Takes the reserve at once; a process already out of descriptors starts without one.
    package init() { _ = retake() }

    deinit { try? descriptor?.close() }

    /// Frees the reserve's descriptor; false when it did not hold one.
    package func release() -> Bool {
        guard let descriptor else { return false }
        try? descriptor.close()
        self.descriptor = nil
        return true
    }

    /// Takes a descriptor again if it holds none; false when none could be had.
    @discardableResult
    package func retake() -> Bool {
        if descriptor == nil { descriptor = try? FileDescriptor.openForReading("/dev/null") }
        return descriptor != nil
    }
}
