import Foundation
import SampleDomain
import Testing
@testable import tslog

/// The bounds of the desk's session table, with a clock the test turns: expiry after idle time
/// and after the lifetime, the cap (the session unused longest makes room), one-time codes that
/// expire, and the undo list keeping the newest `DeskSessions.undoDepth` actions.
struct DeskSessionBoundsTests {
    /// Seconds the test sets by hand.
    final class TestClock: @unchecked Sendable {
        var now = 1000.0
    }

    static let admin = TokenFile.Entry(role: .write, name: "admin", token: Array("t".utf8))

    @Test func aSessionEndsAfterItsIdleTimeUnlessUsedAndAfterItsLifetime() {
        let clock = TestClock()
        let sessions = DeskSessions(idle: 10, lifetime: 25, capacity: 5, clock: { clock.now })
        let idle = sessions.open(Self.admin), busy = sessions.open(Self.admin)
        for _ in 0..<2 {
            clock.now += 6
            #expect(sessions.session(busy) != nil)
        }
        #expect(sessions.session(idle) == nil, "12 s unused")
        #expect(sessions.count == 1, "removed when found expired")
        clock.now += 9
        #expect(sessions.session(busy) != nil, "21 s old, used 9 s ago")
        clock.now += 5
        #expect(sessions.update(busy) { _ in true } == nil, "26 s old: past its lifetime though used 5 s ago")
        #expect(sessions.session(busy) == nil)
    }

    @Test func theTableKeepsAtMostItsCapacityDroppingTheSessionUnusedLongest() {
        let clock = TestClock()
        let sessions = DeskSessions(idle: 100, lifetime: 1000, capacity: 3, clock: { clock.now })
        var ids: [String] = []
        for _ in 0..<3 {
            ids.append(sessions.open(Self.admin))
            clock.now += 1
        }
        #expect(sessions.session(ids[0]) != nil)  // ids[1] is now the one unused longest
        let fourth = sessions.open(Self.admin)
        #expect(sessions.count == 3)
        #expect(sessions.session(ids[1]) == nil)
        #expect(sessions.session(ids[0]) != nil && sessions.session(ids[2]) != nil && sessions.session(fourth) != nil)
        for _ in 0..<50 { _ = sessions.open(Self.admin) }
        #expect(sessions.count == 3, "repeated sign-ins do not grow the table")
        // Expired ones go at the next sign-in, before any live one is pushed out.
        clock.now += 101
        let last = sessions.open(Self.admin)
        #expect(sessions.count == 1 && sessions.session(last) != nil)
    }

    @Test func aOnceCodeWorksOnceAndExpiresUnopenedAfterTheIdleTime() {
        let clock = TestClock()
        let sessions = DeskSessions(idle: 10, clock: { clock.now })
        let used = sessions.makeOnceCode(for: Self.admin), late = sessions.makeOnceCode(for: Self.admin)
        clock.now += 9
        #expect(sessions.consumeOnceCode(used)?.name == "admin")
        #expect(sessions.consumeOnceCode(used) == nil)
        clock.now += 2
        #expect(sessions.consumeOnceCode(late) == nil)
        #expect(sessions.consumeOnceCode("unknown") == nil)
    }

    @Test func theUndoListKeepsTheNewestActions() {
        var session = DeskSessions.Session(name: "admin", role: .write)
        let total = DeskSessions.undoDepth + 30
        for seq in 1...UInt64(total) {
            session.remember(DeskAction(sampleID: "s\(seq)", kind: .relabeled(fromLabel: "mint", fromType: .grade), seq: seq, expected: seq - 1))
        }
        #expect(session.actions.count == DeskSessions.undoDepth)
        #expect(session.actions.first?.seq == UInt64(total - DeskSessions.undoDepth + 1) && session.actions.last?.seq == UInt64(total))
    }
}
