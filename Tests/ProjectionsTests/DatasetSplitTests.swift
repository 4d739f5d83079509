import EventLog
import Projections
import SampleDomain
import Testing

/// `--split`: parsing, and parts that are a pure, frozen function of the sample id.
@Suite struct DatasetSplitTests {
    static func id(_ n: Int) -> SampleID {
        let hex = String(n, radix: 16)
        return SampleID("00000000-0000-4000-8000-" + String(repeating: "0", count: 12 - hex.count) + hex)!
    }

    @Test func partsArePinnedAndFollowTheWeights() throws {
        let split = try DatasetSplit(parsing: "train=80,validation=10,test=10")
        // Frozen: these ids must keep their parts in every version (the same as Python's
        // int.from_bytes(hashlib.sha256(b"tslog-split-v1:" + id).digest()[:8], "big") % 100).
        #expect((1...8).map { split.part(of: Self.id($0)) } == Self.pinned)
        var counts: [String: Int] = [:]
        for n in 0..<10_000 { counts[split.part(of: Self.id(n)), default: 0] += 1 }
        #expect((7_700...8_300).contains(counts["train"] ?? 0), "\(counts)")
        #expect((850...1_150).contains(counts["validation"] ?? 0), "\(counts)")
        #expect((850...1_150).contains(counts["test"] ?? 0), "\(counts)")
        // The same id, the same part, whatever else is split with it.
        let other = try DatasetSplit(parsing: "train=80,validation=10,test=10")
        #expect((0..<500).allSatisfy { split.part(of: Self.id($0)) == other.part(of: Self.id($0)) })
        #expect(try DatasetSplit(parsing: "all=1").part(of: Self.id(3)) == "all")
    }

    static let pinned = ["train", "validation", "train", "train", "test", "train", "test", "train"]

    @Test(arguments: [
        ("train=80,test", "'test' is not NAME=WEIGHT with a whole-number weight"),
        ("train=-1", "'train=-1' is not NAME=WEIGHT with a whole-number weight"),
        ("a/b=1", "split name 'a/b' must be letters, digits, '_' or '-'"),
        ("=1", "split name '' must be letters, digits, '_' or '-'"),
        ("a=1,a=2", "split name 'a' is given twice"),
        ("a=0,b=0", "the split weights add up to 0"),
    ])
    func refusals(text: String, message: String) {
        #expect(throws: DatasetSplitError(message)) { try DatasetSplit(parsing: text) }
    }

    /// Hugging Face's split keywords and Roboflow's substring rule agree on train, valid(ation)
    /// and test(ing); other names are reported with what each reader makes of them.
    @Test func namesTheReadersDisagreeOn() throws {
        #expect(try DatasetSplit(parsing: "train=8,validation=1,test=1").namesReadersDisagreeOn.isEmpty)
        #expect(try DatasetSplit(parsing: "training=8,valid=1,testing=1").namesReadersDisagreeOn.isEmpty)
        #expect(try DatasetSplit(parsing: "train-2026=8,my_valid=1,test3=1").namesReadersDisagreeOn.isEmpty)
        let odd = try DatasetSplit(parsing: "train=7,val=1,evaluation=1,holdout=1,final-dev=1,Test=1").namesReadersDisagreeOn
        #expect(odd.map(\.name) == ["val", "evaluation", "holdout", "final-dev", "Test"])
        #expect(odd.map(\.huggingFace) == ["validation", "test", nil, "validation", nil])
        #expect(odd.map(\.roboflow) == ["train", "train", "train", "train", "test"])
    }
}
