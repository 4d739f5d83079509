import Testing
@testable import EventLog

/// `RepairMarker.isLogType`, asked of every record a history or event read sees (four bytes read
/// as one word): exactly the types that start with `log.`, as a plain prefix check says.
@Suite struct RepairMarkerTypeTests {
    @Test func exactlyTheLogPrefixAsTheSafeCheckSays() {
        let types = ["", "l", "log", "log.", "log.lost", "log.anything at all", "Log.lost", "lOg.lost", "log,lost",
                     " log.lost", "logx", "tag.set", "sample.submitted", "nyckel.responded", "xlog.lost", "log\u{0}.", "løg."]
        for type in types {
            let bytes = Array(type.utf8)
            let safe = bytes.starts(with: "log.".utf8)
            #expect(bytes.withUnsafeBufferPointer { RepairMarker.isLogType($0) } == safe, "\(type)")
        }
        // Unaligned starts: the word is read wherever the type begins inside a record line.
        let line = Array("xyzlog.lost".utf8)
        for offset in 0...3 {
            let slice = Array(line[offset...])
            #expect(slice.withUnsafeBufferPointer { RepairMarker.isLogType($0) } == slice.starts(with: "log.".utf8))
        }
        line.withUnsafeBufferPointer { all in
            #expect(RepairMarker.isLogType(UnsafeBufferPointer(rebasing: all[3...])))
            #expect(!RepairMarker.isLogType(UnsafeBufferPointer(rebasing: all[1...])))
        }
    }
}
