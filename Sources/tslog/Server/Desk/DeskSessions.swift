import Foundation
import Projections
import SampleDomain

/// The desk's signed-in browsers: a server-side table from a random session id (the only thing
/// the cookie holds) to the token's NAME and role. The token itself never leaves the sign-in
/// request: not in a cookie, not in a URL.
///
/// Also holds the one-time sign-in codes `tslog serve` prints (`/signin?once=CODE`): each signs
/// in once, as the token it was made for, and is gone.
///
/// Nothing here lives forever (`ExpiringTable`): a session ends after `idle` seconds unused
/// (`--session-idle`; each request in it counts as a use) and `lifetime` seconds after sign-in
/// however busy; at most `capacity` sessions are held, a new one pushing out the one unused
/// longest. An expired session is refused like an unknown one (401, the sign-in page). A
/// one-time code is forgotten after `idle` seconds unopened: it is printed once, at start, and
/// a person may well open it hours later (a server started in the morning), so it lasts as
/// long as an unused session would; after that, sign in with a token.
final class DeskSessions: @unchecked Sendable {
    // @unchecked: every field is touched under `lock`.
    struct Session: Sendable {
        var name: String
        var role: TokenFile.Role
        /// The desk's own actions of this session, newest last: what "Undo" takes back. At most
        /// `DeskSessions.undoDepth`; older ones cannot be undone from the desk.
        private(set) var actions: [DeskAction] = []

        init(name: String, role: TokenFile.Role) {
            self.name = name
            self.role = role
        }

        /// Adds `action` as the newest, forgetting the oldest beyond `DeskSessions.undoDepth`.
        mutating func remember(_ action: DeskAction) {
            actions.append(action)
            if actions.count > DeskSessions.undoDepth { actions.removeFirst(actions.count - DeskSessions.undoDepth) }
        }

        /// Forgets the action with event `seq` (taken back, or never undoable now).
        mutating func forget(seq: UInt64) {
            actions.removeAll { $0.seq == seq }
        }

        /// The latest action on `sampleID` made on top of the event `expected`: after an undo
        /// to `expected`, the one to undo next expects the undo's event instead.
        mutating func rebase(sampleID: String, from expected: UInt64, to seq: UInt64) {
            if let i = actions.lastIndex(where: { $0.sampleID == sampleID && $0.seq == expected }) { actions[i].seq = seq }
        }
    }

    /// Default seconds a session may sit unused (`--session-idle`): a working day.
    static let defaultIdle = 8 * 3600.0
    /// Seconds a session lasts after sign-in however busy, and the cookie's `Max-Age`: a week.
    static let lifetime = 7 * 86_400.0
    /// Sessions held at once; a new one past this pushes out the one unused longest.
    static let capacity = 1000
    /// One-time codes held at once (the server prints one; this only bounds the table).
    static let onceCodeCapacity = 16
    /// The actions of a session Undo can take back, the newest ones.
    static let undoDepth = 100

    private let lock = NSLock()
    private let clock: @Sendable () -> Double
    private var sessions: ExpiringTable<Session>
    private var onceCodes: ExpiringTable<TokenFile.Entry>

    /// `clock` is monotonic seconds; a test may pass its own.
    init(idle: Double = DeskSessions.defaultIdle, lifetime: Double = DeskSessions.lifetime,
         capacity: Int = DeskSessions.capacity, clock: @escaping @Sendable () -> Double = { Clock.now }) {
        self.clock = clock
        sessions = ExpiringTable(idle: idle, lifetime: lifetime, capacity: capacity)
        onceCodes = ExpiringTable(idle: idle, lifetime: idle, capacity: DeskSessions.onceCodeCapacity)
    }

    /// The cookie's name.
    static let cookieName = "tslog_session"

    /// The `Set-Cookie` value that hands a browser the session `id`, kept as long as a session
    /// can live.
    static func cookie(_ id: String) -> String {
        "\(cookieName)=\(id); HttpOnly; SameSite=Strict; Path=/; Max-Age=\(Int(lifetime))"
    }

    /// 32 random bytes as hex: unguessable.
    static func randomID() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in
            let word = String(generator.next() as UInt64, radix: 16)
            return String(repeating: "0", count: 16 - word.count) + word
        }.joined()
    }

    /// Sessions held, expired ones not yet removed included.
    var count: Int { lock.withLock { sessions.count } }

    /// Starts a session for `entry`; returns its id.
    func open(_ entry: TokenFile.Entry) -> String {
        let id = DeskSessions.randomID()
        lock.withLock { sessions.insert(id, Session(name: entry.name, role: entry.role), now: clock()) }
        return id
    }

    /// Ends the session `id` (signing out).
    func close(_ id: String) {
        _ = lock.withLock { sessions.remove(id, now: clock()) }
    }

    /// The session `id`, or nil when unknown or expired. A use: its idle time starts over.
    func session(_ id: String) -> Session? {
        lock.withLock { sessions.use(id, now: clock()) }
    }

    /// Whether the session `id` is still signed in and unexpired. Not a use: an open event stream
    /// asks this at each event and heartbeat, and a browser tab left open must not keep its
    /// session alive forever.
    func isLive(_ id: String) -> Bool {
        lock.withLock { sessions.isLive(id, now: clock()) }
    }

    /// Changes the session `id` under the table's lock (a use, like `session`); nil when it is
    /// unknown or expired.
    func update<T>(_ id: String, _ body: (inout Session) throws -> T) rethrows -> T? {
        try lock.withLock {
            guard var session = sessions.use(id, now: clock()) else { return nil }
            let result = try body(&session)
            sessions.replace(id, with: session)
            return result
        }
    }

    /// A new one-time sign-in code for `entry`.
    func makeOnceCode(for entry: TokenFile.Entry) -> String {
        let code = DeskSessions.randomID()
        lock.withLock { onceCodes.insert(code, entry, now: clock()) }
        return code
    }

    /// The token entry of a one-time code, which is used up by this call; nil when unknown,
    /// used or expired.
    func consumeOnceCode(_ code: String) -> TokenFile.Entry? {
        lock.withLock { onceCodes.remove(code, now: clock()) }
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
