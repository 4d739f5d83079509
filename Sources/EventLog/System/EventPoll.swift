#if canImport(Glibc)
import Glibc
#endif

/// An epoll instance: many threads may wait in it at once, and each ready descriptor wakes one
/// of them. Package API for the HTTP server, whose idle keep-alive connections wait here instead
/// of each holding a thread.
///
/// Descriptors are registered with a caller's 64-bit key, which `waitOne` returns. A one-shot
/// registration reports readability once and then stays quiet until `rearm`, so exactly one
/// thread gets each connection's turn; a level registration (the stop pipe) wakes every waiter
/// for as long as the descriptor stays readable.
package final class EventPoll: @unchecked Sendable {
    // @unchecked: the descriptor never changes after init; epoll itself is thread-safe.
    package let rawValue: Int32

    package init() throws(SocketError) {
        rawValue = try checkSocket("epoll_create1") { system_epoll_create() }
    }

    /// Watches `fd` for readability (a peer's close or an error counts as readable).
    /// `oneShot`: report it once, then wait for `rearm`.
    package func add(_ fd: Int32, key: UInt64, oneShot: Bool) throws(SocketError) {
        let events = system_EPOLLIN | (oneShot ? system_EPOLLONESHOT : 0)
        _ = try checkSocket("epoll_ctl") { system_epoll_ctl(rawValue, system_EPOLL_CTL_ADD, fd, events, key) }
    }

    /// Reports a one-shot descriptor's next readability (again with `key`).
    package func rearm(_ fd: Int32, key: UInt64) throws(SocketError) {
        _ = try checkSocket("epoll_ctl") {
            system_epoll_ctl(rawValue, system_EPOLL_CTL_MOD, fd, system_EPOLLIN | system_EPOLLONESHOT, key)
        }
    }

    /// Stops watching `fd` (closing it does that too).
    package func remove(_ fd: Int32) {
        _ = system_epoll_ctl(rawValue, system_EPOLL_CTL_DEL, fd, 0, 0)
    }

    /// The key of one ready descriptor, waiting at most `timeout` seconds (nil: forever); nil on
    /// timeout or when a signal interrupted the wait.
    package func waitOne(timeout: Double?) -> UInt64? {
        let milliseconds: Int32 = timeout.map { Int32(max(0, min($0 * 1000, Double(Int32.max))).rounded(.up)) } ?? -1
        return system_epoll_wait_one(rawValue, milliseconds).data
    }

    package func close() { _ = system_close(rawValue) }
}
