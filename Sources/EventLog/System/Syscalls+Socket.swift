#if canImport(Glibc)
import Glibc
#endif

// The bottom layer for the HTTP server's sockets, signals and wake-up pipes: free functions that
// only call libc, one per system call. Errors are interpreted one layer up (`Socket`).

func system_socket(_ domain: Int32, _ type: Int32, _ proto: Int32) -> Int32 { socket(domain, type, proto) }

func system_setsockopt(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: UnsafeRawPointer, _ length: socklen_t) -> Int32 {
    setsockopt(fd, level, name, value, length)
}

func system_bind(_ fd: Int32, _ address: UnsafePointer<sockaddr>, _ length: socklen_t) -> Int32 { bind(fd, address, length) }

func system_listen(_ fd: Int32, _ backlog: Int32) -> Int32 { listen(fd, backlog) }

func system_getsockname(_ fd: Int32, _ address: UnsafeMutablePointer<sockaddr>, _ length: UnsafeMutablePointer<socklen_t>) -> Int32 {
    getsockname(fd, address, length)
}

func system_accept(_ fd: Int32) -> Int32 { accept(fd, nil, nil) }

func system_recv(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int { recv(fd, buffer, count, 0) }

func system_send(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    send(fd, buffer, count, Int32(MSG_NOSIGNAL))
}

func system_shutdown(_ fd: Int32, _ how: Int32) -> Int32 { shutdown(fd, how) }

func system_poll(_ fds: UnsafeMutablePointer<pollfd>, _ count: Int, _ timeoutMilliseconds: Int32) -> Int32 {
    poll(fds, nfds_t(count), timeoutMilliseconds)
}

func system_pipe(_ fds: UnsafeMutablePointer<Int32>) -> Int32 { pipe(fds) }

/// Where the stop-signal handler writes its byte (set once, before the handler is installed).
nonisolated(unsafe) private var stopSignalWriteDescriptor: Int32 = -1

/// A pipe whose both ends are non-blocking and close-on-exec.
func system_pipe_nonblocking(_ fds: UnsafeMutablePointer<Int32>) -> Int32 {
    guard pipe(fds) == 0 else { return -1 }
    for fd in [fds[0], fds[1]] {
        guard fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0, fcntl(fd, F_SETFD, FD_CLOEXEC) == 0 else { return -1 }
    }
    return 0
}

/// Installs, synchronously, a handler for `numbers` that writes one byte to `writeDescriptor`
/// (`write` is async-signal-safe; the pipe is non-blocking, so a flood of signals never blocks),
/// and unblocks them in the calling thread: a parent may have started us with them blocked
/// (a blocked mask is inherited across `posix_spawn`), and then no handler would ever run.
func system_signal_write_byte(_ numbers: [Int32], to writeDescriptor: Int32) {
    stopSignalWriteDescriptor = writeDescriptor
    var unblock = sigset_t()
    sigemptyset(&unblock)
    for number in numbers {
        _ = signal(number) { _ in
            var byte: UInt8 = 1
            _ = write(stopSignalWriteDescriptor, &byte, 1)
        }
        sigaddset(&unblock, number)
    }
    _ = pthread_sigmask(SIG_UNBLOCK, &unblock, nil)
}

func system_inet_pton(_ family: Int32, _ text: UnsafePointer<CChar>, _ out: UnsafeMutableRawPointer) -> Int32 {
    inet_pton(family, text, out)
}

func system_inet_ntop(_ family: Int32, _ address: UnsafeRawPointer, _ out: UnsafeMutablePointer<CChar>, _ size: socklen_t) -> UnsafePointer<CChar>? {
    inet_ntop(family, address, out, size)
}
