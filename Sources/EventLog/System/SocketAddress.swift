#if canImport(Glibc)
import Glibc
#endif

/// An IP address and TCP port, written `127.0.0.1:8787` or `[::1]:8787`.
package struct SocketAddress: Sendable, Equatable, CustomStringConvertible {
    /// The address as text, without brackets (`127.0.0.1`, `::1`).
    package var host: String
    package var port: UInt16
    package var isIPv6: Bool { host.contains(":") }

    /// Parses `HOST:PORT` where HOST is an IPv4 address, `[IPv6]` or `localhost` (127.0.0.1).
    /// Nil when either part is not one of those.
    package init?(parsing text: String) {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        guard let port = UInt16(text[text.index(after: colon)...]) else { return nil }
        if host.hasPrefix("[") && host.hasSuffix("]") {
            host = String(host.dropFirst().dropLast())
            guard host.contains(":") else { return nil }
        } else if host.contains(":") {
            return nil
        }
        if host == "localhost" { host = "127.0.0.1" }
        self.host = host
        self.port = port
        guard (try? storage()) != nil else { return nil }
    }

    /// The address read from a kernel `sockaddr_storage`.
    init(_ storage: sockaddr_storage) {
        var storage = storage
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN) + 1)
        if storage.ss_family == sa_family_t(AF_INET6) {
            let a = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { $0.pointee } }
            var address = a.sin6_addr
            _ = system_inet_ntop(AF_INET6, &address, &text, socklen_t(text.count))
            port = UInt16(bigEndian: a.sin6_port)
        } else {
            let a = withUnsafePointer(to: &storage) { $0.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee } }
            var address = a.sin_addr
            _ = system_inet_ntop(AF_INET, &address, &text, socklen_t(text.count))
            port = UInt16(bigEndian: a.sin_port)
        }
        host = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// Whether `text` is an IPv6 address in text form (`inet_pton`), without brackets.
    package static func isIPv6Address(_ text: String) -> Bool {
        var address = in6_addr()
        return system_inet_pton(AF_INET6, text, &address) == 1
    }

    package var description: String { isIPv6 ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// The length of the `sockaddr` that `storage()` fills.
    var length: socklen_t {
        socklen_t(isIPv6 ? MemoryLayout<sockaddr_in6>.size : MemoryLayout<sockaddr_in>.size)
    }

    /// The kernel form of this address.
    func storage() throws(SocketError) -> sockaddr_storage {
        var storage = sockaddr_storage()
        let ok: Bool = withUnsafeMutablePointer(to: &storage) { pointer in
            if isIPv6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { a in
                    a.pointee.sin6_family = sa_family_t(AF_INET6)
                    a.pointee.sin6_port = port.bigEndian
                    return system_inet_pton(AF_INET6, host, &a.pointee.sin6_addr) == 1
                }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { a in
                a.pointee.sin_family = sa_family_t(AF_INET)
                a.pointee.sin_port = port.bigEndian
                return system_inet_pton(AF_INET, host, &a.pointee.sin_addr) == 1
            }
        }
        guard ok else { throw SocketError(call: "inet_pton \(host)", errno: Errno(rawValue: EINVAL)) }
        return storage
    }
}
