import EventLog
import Foundation
import SampleDomain
import TestSupport
import Testing

/// The samples a reviewer sees first on a big demo have pictures: without `--crops`, every
/// older sample whose last Nyckel answer is error or rejected (the desk's default queue) gets
/// one of a few shared pictures — one per look, size and final label, so sharing bytes never
/// mixes labels — besides the newest samples' own pictures.
struct DemoProblemCropsTests {
    @Test func everyOlderErrorOrRejectionIsPicturedFromFewSharedPictures() throws {
        var stream = DemoImages(seed: 6, samples: 1600, crops: 100, problems: true)
        var order: [SampleID] = []
        var status: [SampleID: ResponseStatus] = [:]
        var label: [SampleID: String] = [:]
        var deleted = Set<SampleID>()
        var fetched: [SampleID: ImageFetched] = [:]
        var recorded: [SampleID: (w: Int64?, h: Int64?, size: Int64?)] = [:]
        var pngs = 0
        while let item = stream.next() {
            let event = item.generated.event, id = event.sampleID
            switch event.body {
            case .submitted(let s):
                order.append(id)
                label[id] = s.label
                recorded[id] = (s.imageWidth, s.imageHeight, s.fileSizeBytes)
            case .updated(let u) where u.imageWidth != nil: recorded[id] = (u.imageWidth, u.imageHeight, u.fileSizeBytes)
            case .responded(let r): status[id] = r.status
            case .relabeled(let r): label[id] = r.label
            case .deleted: deleted.insert(id)
            case .imageFetched(let f):
                fetched[id] = f
                if item.png != nil { pngs += 1 }
            default: break
            }
        }
        let newest = Set(order.suffix(100))
        let problems = Set(order.filter { !newest.contains($0) && !deleted.contains($0) && (status[$0] == .error || status[$0] == .rejected) })
        #expect(problems.count > 150, "\(problems.count)")
        #expect(Set(fetched.keys) == newest.union(problems), "the newest and the older errors and rejections, no others")
        #expect(stream.problemsPictured == problems.count && stream.pictured == fetched.count && stream.distinctPictures == pngs)
        let sharedNames = Set(problems.compactMap { fetched[$0]?.sha256 })
        #expect(sharedNames.count * 4 < problems.count, "\(sharedNames.count) pictures for \(problems.count) samples")
        // The older samples sharing bytes share their label: no conflict among them.
        var labels: [String: Set<String>] = [:]
        for id in problems { labels[fetched[id]!.sha256, default: []].insert(label[id]!) }
        #expect(labels.values.allSatisfy { $0.count == 1 })
        #expect(sharedNames.isDisjoint(with: Set(newest.compactMap { fetched[$0]?.sha256 })))
        // Their recorded sizes are the picture's, but for the planted mismatches (one in 101).
        let disagreeing = problems.filter { id in
            guard let f = fetched[id], let r = recorded[id] else { return false }
            return (r.w.map { $0 != f.width } ?? false) || (r.h.map { $0 != f.height } ?? false) || (r.size.map { $0 != f.bytes } ?? false)
        }
        #expect(disagreeing.count <= problems.count / 101 + 1, "\(disagreeing.count) disagree")
    }

    @Test func theDefaultQueueOfABigDemoHasAPictureOnEveryCard() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        // Without --crops: the newest 2000 and every older error or rejection.
        let demo = try tool.run(["demo", "--log", log, "--samples", "2300", "--seed", "3"])
        try #require(demo.status == 0, "\(demo.stderrText)")
        #expect(demo.stderrText.contains("older ones answered error or rejected"), "\(demo.stderrText)")
        let problems = try tool.run(["query", "problems", "--log", log, "--format", "csv"])
        let problemIDs = Set(problems.stdoutText.split(separator: "\n").dropFirst().map { String($0.prefix(36)) })
        #expect(problemIDs.count > 300)
        let check = try tool.run(["images", "check", "--log", log, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout)) as? [String: [[String: Any]]])
        let missing = Set((report["missing"] ?? []).compactMap { $0["sample_id"] as? String })
        #expect(!missing.isEmpty && missing.isDisjoint(with: problemIDs), "every error or rejection has its picture stored")
        let verify = try tool.run(["images", "verify", "--log", log])
        #expect(verify.status == 0, "\(verify.stderrText)")
    }
}
