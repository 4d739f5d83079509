import EventLog
@testable import Projections
import SampleDomain
import Testing

@Suite("Dataset diff")
struct DiffTests {
    /// One history with every kind of change between FROM and TO, and the changes that net out.
    @Test func everyKindOfChange() throws {
        let log = try DiffLog()
        defer { log.remove() }
        let (same, relabel, status, both, added, gone, back, brief, resub, oldID, newID, nyckel) =
            (sid(1), sid(2), sid(3), sid(4), sid(5), sid(6), sid(7), sid(8), sid(9), sid(10), sid(11), sid(12))
        try log.add(same, submitted("a"))
        try log.add(relabel, submitted("a"))
        try log.add(status, submitted("a"))
        try log.add(both, submitted("a", .defect))
        try log.add(gone, submitted("b"))
        try log.add(back, submitted("a"))
        try log.add(resub, submitted("a", url: "https://img/one.jpg"))
        try log.add(oldID, submitted("c"))
        try log.add(nyckel, submitted("c"))
        try log.add(nyckel, responded(.accepted, nyckelID: "n1"))
        let from = try log.tag("from")                                       // 11: the tag record names seq 10
        #expect(from == 11)
        let seqRelabel = try log.add(relabel, relabeled("b"))                // 12
        let seqStatus = try log.add(status, responded(.error, error: "503")) // 13
        let seqBoth1 = try log.add(both, relabeled("b", .grade))             // 14
        let seqBoth2 = try log.add(both, responded(.rejected))               // 15
        let seqAdded = try log.add(added, submitted("b"))                    // 16
        let seqGone = try log.add(gone, deleted)                             // 17
        let back1 = try log.add(back, relabeled("b"))                        // 18
        try log.tag("between")                                               // 19: skipped by the fold
        let back2 = try log.add(back, relabeled("a"))                        // 20
        let brief1 = try log.add(brief, submitted("b"))                      // 21
        let brief2 = try log.add(brief, deleted)                             // 22
        let resub1 = try log.add(resub, deleted)                             // 23
        let resub2 = try log.add(resub, submitted("a", url: "https://img/two.jpg")) // 24
        let old1 = try log.add(oldID, deleted)                               // 25
        let new1 = try log.add(newID, submitted("c"))                        // 26
        let ny1 = try log.add(nyckel, resubmitted)                           // 27
        let ny2 = try log.add(nyckel, responded(.accepted, nyckelID: "n2"))  // 28
        let to = log.lastSeq

        let diff = try log.diff(10, to)
        #expect(diff.rows.map(\.id) == [relabel, status, both, added, gone, resub, oldID, newID, nyckel])
        #expect(diff.rows.map(\.kinds) == [[.relabeled], [.statusChanged], [.relabeled, .statusChanged], [.added], [.deleted],
                                          [.modified], [.deleted], [.added], [.modified]])
        #expect(diff.rows.map(\.eventSeqs) == [[seqRelabel], [seqStatus], [seqBoth1, seqBoth2], [seqAdded], [seqGone],
                                              [resub1, resub2], [old1], [new1], [ny1, ny2]])
        #expect(diff.rows.map(\.changedColumns) == [["label"], ["nyckel_status"], ["label", "label_type", "nyckel_status"], [], [],
                                                   ["created_at", "image_url"], [], [], ["nyckel_function_id", "nyckel_sample_id"]])
        let bothRow = try #require(diff.rows.first { $0.id == both })
        #expect(bothRow.before?.label == "a" && bothRow.before?.labelType == .defect && bothRow.before?.status == .submitted)
        #expect(bothRow.after?.label == "b" && bothRow.after?.labelType == .grade && bothRow.after?.status == .rejected)
        #expect(diff.rows.first { $0.id == added }?.before == nil)
        #expect(diff.rows.first { $0.id == gone }?.after == nil)
        // Changed and changed back: no row, but the events are there.
        let eventSeqs = diff.events.map(\.seq)
        #expect(eventSeqs == Array(12...18) + Array(20...to))
        #expect([back1, back2, brief1, brief2].allSatisfy(eventSeqs.contains))
        #expect(diff.summary.map(\.samples) == [2, 2, 2, 2, 2, 2])
        #expect(diff.summary.map(\.kind) == ["added", "deleted", "relabeled", "status_changed", "modified", "unchanged"])
        #expect(diff.labelTable.texts == [
            ["defect", "a", "1", "0", "0", "1", "-1"],
            ["grade", "a", "5", "4", "0", "1", "-1"],
            ["grade", "b", "1", "3", "3", "1", "2"],
            ["grade", "c", "2", "2", "1", "1", "0"],
        ])
    }

    @Test func emptyDiffs() throws {
        let log = try DiffLog()
        defer { log.remove() }
        try log.add(sid(1), submitted("a"))
        try log.add(sid(1), responded(.accepted))
        try log.tag("v1")
        try log.tag("v2")
        for (from, to) in [(2, 2), (2, 4), (4, 2), (0, 0)] as [(UInt64, UInt64)] {
            let diff = try log.diff(from, to)
            #expect(diff.rows.isEmpty && diff.events.isEmpty && diff.labels.isEmpty, "\(from) \(to)")
            // Sample 1 is a row at both points (but at seq 0) with the same values: unchanged (issue 19).
            #expect(diff.summary.map(\.samples) == [0, 0, 0, 0, 0, from == 0 ? 0 : 1])
        }
        #expect(try log.diff(2, 4).render(.json, from: "v1", to: "v2", events: true) == """
            {"from":"v1","from_seq":2,"to":"v2","to_seq":4,"summary":{"added":0,"deleted":0,"relabeled":0,"status_changed":0,"modified":0,"unchanged":1,"removed":0,"updated":0},
            "labels":[],
            "rows":[],
            "events":[]}

            """)
    }

    @Test func reversedPointsSwapAddedAndDeleted() throws {
        let log = try DiffLog()
        defer { log.remove() }
        try log.add(sid(1), submitted("a"))
        try log.add(sid(2), submitted("b"))
        try log.add(sid(1), deleted)
        try log.add(sid(2), relabeled("c"))
        let forward = try log.diff(2, 4), backward = try log.diff(4, 2)
        #expect(forward.rows.map(\.kinds) == [[.deleted], [.relabeled]])
        #expect(backward.rows.map(\.kinds) == [[.added], [.relabeled]])
        #expect(backward.rows[1].before?.label == "c" && backward.rows[1].after?.label == "b")
        #expect(backward.events.map(\.seq) == [3, 4])
    }

    @Test func filtersSelectSamplesByAnyLabelTheyHad() throws {
        let log = try DiffLog()
        defer { log.remove() }
        try log.add(sid(1), submitted("a"))
        try log.add(sid(2), submitted("x", .defect))
        try log.add(sid(1), relabeled("b"))
        try log.add(sid(1), relabeled("c"))       // a → b → c: matches --label b
        try log.add(sid(2), relabeled("b", .defect))
        try log.add(sid(3), submitted("e\u{301}"))
        try log.add(sid(4), submitted("\u{e9}"))  // é precomposed: a different label, byte for byte
        let byB = try log.diff(2, log.lastSeq, DiffFilter(label: "b"))
        #expect(byB.rows.map(\.id) == [sid(1), sid(2)])
        #expect(byB.labelTable.texts == [["defect", "b", "0", "1", "1", "0", "1"]])
        let gradeB = try log.diff(2, log.lastSeq, DiffFilter(labelType: .grade, label: "b"))
        #expect(gradeB.rows.map(\.id) == [sid(1)] && gradeB.labels.isEmpty)
        let defect = try log.diff(2, log.lastSeq, DiffFilter(labelType: .defect))
        #expect(defect.rows.map(\.id) == [sid(2)] && defect.events.map(\.seq) == [5])
        let decomposed = try log.diff(2, log.lastSeq, DiffFilter(label: "e\u{301}"))
        #expect(decomposed.rows.map(\.id) == [sid(3)])
        #expect(decomposed.labelTable.texts == [["grade", "e\u{301}", "0", "1", "1", "0", "1"]])
    }

    /// The summary's net change per label is what the `labels` query says at TO minus at FROM.
    @Test(arguments: [1, 2, 3] as [UInt64])
    func labelSummaryEqualsTheDifferenceOfLabelsQueries(seed: UInt64) throws {
        let log = try DiffLog()
        defer { log.remove() }
        var rng = SplitMix64(seed: seed)
        let labels = ["a", "b", "B", "é", "e\u{301}", "您好"]
        var live: Set<UInt64> = []
        for step in 0..<300 {
            let n = rng.next() % 25 + 1
            let label = labels[Int(rng.next() % UInt64(labels.count))]
            let type = LabelType.allCases[Int(rng.next() % 3)]
            if !live.contains(n) {
                try log.add(sid(n), submitted(label, type)); live.insert(n)
            } else {
                switch rng.next() % 5 {
                case 0: try log.add(sid(n), relabeled(label, rng.next() % 2 == 0 ? type : nil))
                case 1: try log.add(sid(n), responded(ResponseStatus.allCases[Int(rng.next() % 3)]))
                case 2: try log.add(sid(n), resubmitted)
                case 3: try log.add(sid(n), deleted); live.remove(n)
                default: try log.add(sid(n + 100), relabeled(label))  // never submitted: no effect
                }
            }
            if step % 37 == 0 { try log.tag("t\(step)") }
        }
        let reader = try LogReader(directory: log.directory)
        for _ in 0..<12 {
            let from = rng.next() % (log.lastSeq + 1), to = rng.next() % (log.lastSeq + 1)
            let diff = try log.diff(from, to)
            let start = try ProjectionLoader.load(reader, through: from), end = try ProjectionLoader.load(reader, through: to)
            for type in LabelType.allCases {
                func counts(_ p: ProjectionSet) throws -> [[UInt8]: Int64] {
                    var options = QueryOptions()
                    options.labelType = type
                    options.limit = Int.max
                    var out: [[UInt8]: Int64] = [:]
                    for row in try p.query(.labels, options).rows {
                        guard case .text(let l) = row[0], case .int(let n) = row[row.count - 1] else { continue }
                        out[Array(l.utf8)] = n
                    }
                    return out
                }
                let before = try counts(start), after = try counts(end)
                var expected: [[UInt8]: Int64] = [:]
                for key in Set(before.keys).union(after.keys) {
                    let net = (after[key] ?? 0) - (before[key] ?? 0)
                    if net != 0 { expected[key] = net }
                }
                var got: [[UInt8]: Int64] = [:]
                for l in diff.labels where l.labelType == type && l.net != 0 { got[Array(l.label.utf8)] = Int64(l.net) }
                #expect(got == expected, "seed \(seed) \(from)→\(to) \(type)")
                for l in diff.labels where l.labelType == type {
                    #expect(Int64(l.before) == before[Array(l.label.utf8)] ?? 0 && Int64(l.after) == after[Array(l.label.utf8)] ?? 0)
                    #expect(l.entered - l.left == l.net)
                }
            }
            // Every changed sample really differs, and every sample not listed is the same.
            let listed = Set(diff.rows.map(\.id))
            for n in 1...125 as ClosedRange<UInt64> {
                let differs = start.row(sid(n)) != end.row(sid(n))
                #expect(differs == listed.contains(sid(n)), "seed \(seed) \(from)→\(to) sample \(n)")
            }
        }
    }
}
