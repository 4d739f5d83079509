import EventLog
import Foundation
import SampleDomain
import Testing

/// What opening for append checks now (the recovery point, derived files that name the log
/// prefix they cover), through the built binary on real files.
@Suite("tslog append: recovery point and derived files")
struct OpenRecoveryTests {
    static func line(_ i: Int, type: String = "sample.submitted", eventID: String? = nil) -> String {
        let id = String(format: "00000000-0000-4000-8000-%012x", i)
        let event = eventID.map { #","event_id":"\#($0)""# } ?? ""
        if type == "sample.relabeled" {
            return #"{"type":"sample.relabeled","sample_id":"\#(id)"\#(event),"label":"mint","reason":"r","actor":"a"}"# + "\n"
        }
        return #"{"type":"sample.submitted","sample_id":"\#(id)"\#(event),"image_url":"https://x.example/a.jpg","image_path":"a.jpg","label":"near_mint","label_type":"grade"}"# + "\n"
    }

    func append(_ tool: BinaryRunner, _ log: String, _ text: String) throws -> BinaryRunner.Result {
        try tool.run(["append", "--log", log], stdin: Array(text.utf8))
    }

    @Test func zeroedEndOfAcknowledgedAppendsIsCorruptionNamingTheRecords() throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let log = base.path + "/log"
        for i in 1...12 { #expect(try append(tool, log, Self.line(i, eventID: "e\(i)")).status == 0) }
        let segment = log + "/00000000000000000001.jsonl"
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: segment)))
        let starts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.dropLast().map { $0 + 1 }
        let zeroFrom = bytes.count - 1000
        let firstHit = starts.lastIndex { $0 <= zeroFrom }! + 1  // the seq whose line the zeros begin in
        for i in zeroFrom..<bytes.count { bytes[i] = 0 }
        try Data(bytes).write(to: URL(fileURLWithPath: segment))

        let result = try append(tool, log, Self.line(99))
        #expect(result.status == 1)
        #expect(result.stderrText.contains("acknowledged records damaged: seq \(firstHit)-12 (\(12 - firstHit + 1) records)"), "\(result.stderrText)")
        #expect(result.stderrText.contains("not a torn tail"), "\(result.stderrText)")
        #expect(!result.stderrText.contains("recovered: cut"))
        #expect([UInt8](try Data(contentsOf: URL(fileURLWithPath: segment))) == bytes, "nothing may be cut")
        #expect(try tool.run(["verify", "--log", log]).status == 1)
    }

    @Test func aFlippedByteInASealedSegmentStopsReadsAndVerifyButNotAppend() throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let log = base.path + "/log"
        let store = try SampleStore(directory: log, options: LogOptions(segmentMaxBytes: 2_000))
        let lines = (1...40).map { (number: $0, bytes: Array(Self.line($0, eventID: "e\($0)").utf8.dropLast())) }
        #expect(try store.append(lines: lines, skipInvalid: false, now: .now()).appended == 40)
        try store.close()
        let names = try FileManager.default.contentsOfDirectory(atPath: log).filter { $0.hasSuffix(".jsonl") }.sorted()
        #expect(names.count >= 4)
        let sealed = log + "/" + names[1]
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: sealed)))
        bytes[40] ^= 0x01  // inside the segment's first record's payload
        try Data(bytes).write(to: URL(fileURLWithPath: sealed))

        let appended = try append(tool, log, Self.line(41, eventID: "e41"))
        #expect(appended.status == 0, "\(appended.stderrText)")
        let duplicate = try append(tool, log, Self.line(2, eventID: "e2"))
        #expect(duplicate.stdoutText == "appended 0 events, 1 duplicate skipped\n", "\(duplicate.stderrText)")
        for words in [["verify"], ["query", "overall"], ["log"]] {
            let read = try tool.run(words + ["--log", log])
            #expect(read.status == 1, "\(words)")
            #expect(read.stderrText.contains("segment \(names[1])"), "\(words): \(read.stderrText)")
        }
    }

    /// Appends e1...e6 (samples 1-6) and returns the log.
    func seed(_ tool: BinaryRunner, _ log: String) throws {
        #expect(try append(tool, log, (1...3).map { Self.line($0, eventID: "e\($0)") }.joined()).status == 0)
        #expect(try append(tool, log, (4...6).map { Self.line($0, eventID: "e\($0)") }.joined()).status == 0)
    }

    /// The answers a sound registry and event-id index give on the seeded log.
    func expectRightAnswers(_ tool: BinaryRunner, _ log: String, _ what: String) throws {
        let duplicate = try append(tool, log, Self.line(5, eventID: "e5"))
        #expect(duplicate.stdoutText == "appended 0 events, 1 duplicate skipped\n", "\(what): \(duplicate.stdoutText) \(duplicate.stderrText)")
        let again = try append(tool, log, Self.line(2))
        #expect(again.status == 1 && again.stderrText.contains("already exists"), "\(what): \(again.stderrText)")
        let relabel = try append(tool, log, Self.line(6, type: "sample.relabeled"))
        #expect(relabel.status == 0, "\(what): \(relabel.stderrText)")
        let unknown = try append(tool, log, Self.line(77, type: "sample.relabeled"))
        #expect(unknown.status == 1 && unknown.stderrText.contains("no sample"), "\(what): \(unknown.stderrText)")
        #expect(try tool.run(["verify", "--log", log]).status == 0)
    }

    static let derived = ["index/registry.tbl", "index/event_id.tbl"]

    @Test(arguments: ["missing", "damaged", "from another log", "stale", "from a replayed copy", "forged foreign id"])
    func derivedFilesThatCannotBeBelievedAreRebuilt(case what: String) throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let log = base.path + "/log"
        let other = base.path + "/other"
        try seed(tool, log)
        let files = { (dir: String) in try Self.derived.map { try Data(contentsOf: URL(fileURLWithPath: dir + "/" + $0)) } }
        let put = { (data: [Data], dir: String) in
            for (k, name) in Self.derived.enumerated() { try data[k].write(to: URL(fileURLWithPath: dir + "/" + name)) }
        }
        switch what {
        case "missing":
            for name in Self.derived { try FileManager.default.removeItem(atPath: log + "/" + name) }
        case "damaged":
            var data = try files(log)
            for k in data.indices { data[k][data[k].count / 2] ^= 0x40 }
            try put(data, log)
        case "from another log":
            // Another log of the same length: other samples, other event ids.
            #expect(try append(tool, other, (101...106).map { Self.line($0, eventID: "x\($0)") }.joined()).status == 0)
            try put(try files(other), log)
        case "stale":
            // This log's own files, put back after a later append: they cover an earlier prefix.
            let saved = try files(log)
            #expect(try append(tool, log, Self.line(7, eventID: "e7")).status == 0)
            try put(saved, log)
            let duplicate = try append(tool, log, Self.line(7, eventID: "e7"))
            #expect(duplicate.stdoutText == "appended 0 events, 1 duplicate skipped\n", "\(duplicate.stderrText)")
            #expect(try append(tool, log, Self.line(7, type: "sample.relabeled")).status == 0)
        case "from a replayed copy":
            #expect(try tool.run(["replay", "--log", log, "--into", other]).status == 0)
            #expect(try append(tool, other, Self.line(50, eventID: "e50")).status == 0)  // opened: files written
            try put(try files(other), log)
        default:
            // Well formed, covering exactly this log's last record, but naming another log: refused.
            let writer = try LogWriter.open(directory: log)
            var prefix = writer.end
            try writer.close()
            prefix.logID = LogID(high: 1, low: 2)
            for name in Self.derived {
                let kind = name.hasSuffix("registry.tbl") ? SortedTable.Kind(magic: "TSLSREG1", entrySize: 32)
                                                          : SortedTable.Kind(magic: "TSLEVID2", entrySize: 16)
                try SortedTableWriter.write(path: log + "/" + name, kind: kind, prefix: prefix, extra: 0) { _ in }
            }
        }
        try expectRightAnswers(tool, log, what)
        // The files were rebuilt for this log: they now name its id.
        let id = try String(contentsOfFile: log + "/log.id", encoding: .utf8).trimmingCharacters(in: .newlines)
        for data in try files(log) {
            let stored = [UInt8](data[(data.count - 96)..<(data.count - 80)])  // the trailer's log id
            let words = [stored[0..<8], stored[8..<16]].map { $0.reversed().map { String(format: "%02x", $0) }.joined() }
            #expect(words.joined() == id, "\(what)")
        }
    }
    /// The registry's tail and the event ids' are read in one pass from the older of their two
    /// prefixes (`LogWriter.forEachRecord` while the event ids are deferred): whichever file
    /// lags, and by however much, the append sees every sample and every event id after it.
    @Test(arguments: ["registry behind", "event ids behind", "both behind"])
    func tailsAfterDifferentPrefixesAreBothRead(case what: String) throws {
        let tool = try BinaryRunner.locate()
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let log = base.path + "/log"
        let read = { try Data(contentsOf: URL(fileURLWithPath: log + "/" + $0)) }
        let write = { (data: Data, name: String) in try data.write(to: URL(fileURLWithPath: log + "/" + name)) }
        #expect(try append(tool, log, (1...3).map { Self.line($0, eventID: "e\($0)") }.joined()).status == 0)
        let early = try Self.derived.map(read)  // cover seq 3
        #expect(try append(tool, log, (4...6).map { Self.line($0, eventID: "e\($0)") }.joined()).status == 0)
        let later = try Self.derived.map(read)  // cover seq 6
        #expect(try append(tool, log, (7...9).map { Self.line($0, eventID: "e\($0)") }.joined()).status == 0)
        // [registry, event ids]
        let put = what == "registry behind" ? [early[0], later[1]] : what == "event ids behind" ? [later[0], early[1]] : early
        for (k, name) in Self.derived.enumerated() { try write(put[k], name) }
        // One append sees both tails: duplicates from before and after each prefix, samples
        // submitted after each prefix, a relabel of one of them, an unknown sample.
        let lines = [Self.line(8, eventID: "e8"), Self.line(2, eventID: "e2"), Self.line(5, eventID: "e5"), Self.line(5),
                     Self.line(9), Self.line(9, type: "sample.relabeled"), Self.line(77, type: "sample.relabeled")]
        let result = try tool.run(["append", "--log", log, "--skip-invalid"], stdin: Array(lines.joined().utf8))
        #expect(result.stdoutText.contains("appended 1 event") && result.stdoutText.contains("3 duplicates"),
                "\(what): \(result.stdoutText) \(result.stderrText)")
        #expect(result.stderrText.contains("line 4") && result.stderrText.contains("line 5") && result.stderrText.contains("line 7"),
                "\(what): \(result.stderrText)")
        #expect(!result.stderrText.contains("line 6"), "\(what): \(result.stderrText)")
        let records = try storedRecords(log)
        #expect(records.count == 10)
        #expect(records.last?["type"] as? String == "sample.relabeled")
        #expect(try tool.run(["verify", "--log", log]).status == 0)
    }
}
