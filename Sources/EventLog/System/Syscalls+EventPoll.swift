#if canImport(Glibc)
import Glibc
#endif

// The bottom layer for `EventPoll`: epoll(7), and a receive and a send that never wait; one free function per
// system call, errors left to the layer above.
//
// Swift's Glibc module does not import <sys/epoll.h>, so the three epoll functions are looked up
// once, by name, in the C library already loaded (`dlsym`), and called through C function
// pointers of their exact C signatures. `struct epoll_event` is handled as raw bytes: on x86-64
// it is packed (12 bytes, the 64-bit data at offset 4), elsewhere naturally aligned (16 bytes,
// data at offset 8).

private typealias EpollCreate1 = @convention(c) (Int32) -> Int32
private typealias EpollControl = @convention(c) (Int32, Int32, Int32, UnsafeMutableRawPointer?) -> Int32
private typealias EpollWait = @convention(c) (Int32, UnsafeMutableRawPointer?, Int32, Int32) -> Int32

/// The C library's epoll functions (nil only on a C library without them, which Linux's all have).
private struct EpollFunctions: @unchecked Sendable {
    // @unchecked: C function pointers, set once and only called.
    let create1: EpollCreate1
    let control: EpollControl
    let wait: EpollWait

    static let loaded: EpollFunctions? = {
        let library = dlopen(nil, RTLD_NOW)
        guard let c = dlsym(library, "epoll_create1"), let m = dlsym(library, "epoll_ctl"),
              let w = dlsym(library, "epoll_wait") else { return nil }
        return EpollFunctions(create1: unsafeBitCast(c, to: EpollCreate1.self), control: unsafeBitCast(m, to: EpollControl.self),
                              wait: unsafeBitCast(w, to: EpollWait.self))
    }()
}

/// `struct epoll_event`'s size and where its 64-bit `data` lies, on this architecture.
#if arch(x86_64)
let system_epoll_event_size = 12
let system_epoll_event_data_offset = 4
#else
let system_epoll_event_size = 16
let system_epoll_event_data_offset = 8
#endif

let system_EPOLLIN: UInt32 = 0x001
let system_EPOLLONESHOT: UInt32 = 1 << 30
let system_EPOLL_CTL_ADD: Int32 = 1
let system_EPOLL_CTL_DEL: Int32 = 2
let system_EPOLL_CTL_MOD: Int32 = 3

/// `epoll_create1(EPOLL_CLOEXEC)`; -1 with `errno` ENOSYS when the C library lacks epoll.
func system_epoll_create() -> Int32 {
    guard let functions = EpollFunctions.loaded else { errno = ENOSYS; return -1 }
    return functions.create1(Int32(O_CLOEXEC))
}

/// `epoll_ctl(epfd, op, fd, {events, data})`.
func system_epoll_ctl(_ epfd: Int32, _ op: Int32, _ fd: Int32, _ events: UInt32, _ data: UInt64) -> Int32 {
    guard let functions = EpollFunctions.loaded else { errno = ENOSYS; return -1 }
    return withUnsafeTemporaryAllocation(byteCount: 16, alignment: 8) { raw in
        raw.initializeMemory(as: UInt8.self, repeating: 0)
        raw.storeBytes(of: events, toByteOffset: 0, as: UInt32.self)
        raw.storeBytes(of: data, toByteOffset: system_epoll_event_data_offset, as: UInt64.self)
        return functions.control(epfd, op, fd, raw.baseAddress)
    }
}

/// `epoll_wait(epfd, events, 1, timeout)` for one event: its data, or nil with the call's result
/// (0 on timeout, -1 with `errno` on failure).
func system_epoll_wait_one(_ epfd: Int32, _ timeoutMilliseconds: Int32) -> (data: UInt64?, result: Int32) {
    guard let functions = EpollFunctions.loaded else { errno = ENOSYS; return (nil, -1) }
    return withUnsafeTemporaryAllocation(byteCount: 16, alignment: 8) { raw in
        let n = functions.wait(epfd, raw.baseAddress, 1, timeoutMilliseconds)
        guard n == 1 else { return (nil, n) }
        return (raw.loadUnaligned(fromByteOffset: system_epoll_event_data_offset, as: UInt64.self), n)
    }
}

/// `recv(fd, buffer, count, MSG_DONTWAIT)`: -1 with `errno` EAGAIN when nothing is there yet.
func system_recv_nowait(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    recv(fd, buffer, count, Int32(MSG_DONTWAIT))
}

/// `send(fd, buffer, count, MSG_DONTWAIT | MSG_NOSIGNAL)`: -1 with `errno` EAGAIN when the
/// socket's buffer is full.
func system_send_nowait(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    send(fd, buffer, count, Int32(MSG_DONTWAIT) | Int32(MSG_NOSIGNAL))
}
