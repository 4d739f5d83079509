import Foundation
import Projections
import SampleDomain

/// The desk's signed-in browsers: a server-side table from a random session id (the only thing
/// the cookie holds) to the token's NAME and role. The token itself never leaves the sign-in
/// request: not in a cookie, not in a URL.
///
/// Also holds the one-time sign-in codes `tslog serve` prints (`/signin?once=CODE`): each signs
/// in once, as the token it was made for, and is gone.
final class DeskSessions: @unchecked Sendable {
    // @unchecked: every field is touched under `lock`.
    struct Session: Sendable {
        var name: String
        var role: TokenFile.Role
        /// The desk's own actions of this session, newest last: what "Undo" takes back.
        var actions: [DeskAction] = []
    }

    private let lock = NSLock()
    private var sessions: [String: Session] = [:]
    private var onceCodes: [String: TokenFile.Entry] = [:]

    /// The cookie's name.
    static let cookieName = "tslog_session"

    /// 32 random bytes as hex: unguessable.
    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let word = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - word.count) + word
        }.joined()
    }

    /// Starts a session for `entry`; returns its id.
    func open(_ entry: TokenFile.Entry) -> String {
        let id = DeskSessions.randomID()
        lock.withLock { sessions[id] = Session(name: entry.name, role: entry.role) }
        return id
    }

    /// Ends the session `id` (signing out).
    func close(_ id: String) {
        _ = lock.withLock { sessions.removeValue(forKey: id) }
    }

    /// The session `id`, or nil.
    func session(_ id: String) -> Session? {
        lock.withLock { sessions[id] }
    }

    /// Changes the session `id` under the table's lock.
    func update<T>(_ id: String, _ body: (inout Session) throws -> T) rethrows -> T? {
        try lock.withLock {
            guard var session = sessions[id] else { return nil }
            let result = try body(&session)
            sessions[id] = session
            return result
        }
    }

    /// A new one-time sign-in code for `entry`.
    func makeOnceCode(for entry: TokenFile.Entry) -> String {
        let code = DeskSessions.randomID()
        lock.withLock { onceCodes[code] = entry }
        return code
    }

    /// The token entry of a one-time code, which is used up by this call; nil when unknown or used.
    func consumeOnceCode(_ code: String) -> TokenFile.Entry? {
        lock.withLock { onceCodes.removeValue(forKey: code) }
    }

    /// The session id in a request's `Cookie` header, when it names a live session.
    func sessionID(of request: HTTPRequest) -> String? {
        guard let header = request.header("cookie") else { return nil }
        for part in header.split(separator: ";") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0] == DeskSessions.cookieName, session(pair[1]) != nil { return pair[1] }
        }
        return nil
    }
}

/// One desk action a session took, enough to take it back with a new event.
struct DeskAction: Sendable {
    enum Kind: Sendable {
        /// Relabeled from `fromLabel`/`fromType`.
        case relabeled(fromLabel: String, fromType: LabelType)
        /// Deleted; the row as it was, to submit again.
        case deleted(row: SampleRow)
    }
    var sampleID: String
    var kind: Kind
    /// The seq the sample's last event must have for the action to be undone: the event the
    /// action appended, or the event of a later action's undo that brought the sample back to it.
    var seq: UInt64
    /// The `expect_last_seq` the action was appended with: the sample's last event before it.
    var expected: UInt64
}
