import EventLog
import Foundation
import SampleDomain
import TestSupport
import Testing

/// `tslog demo`'s crops go through the image store: each pictured sample has an `image.fetched`
/// whose facts are its PNG's own, its recorded sizes agree with them except the planted
/// mismatches, and `tslog images check` finds the planted duplicates, conflicts and mismatches
/// and nothing else; the generator's samples are the same with or without pictures.
struct DemoImagesTests {
    @Test func everyFetchedFactIsThePicturesOwnAndOnlyPlantedOnesDisagree() throws {
        var stored: [String: [UInt8]] = [:]
        var recorded: [SampleID: (w: Int64?, h: Int64?, size: Int64?)] = [:]
        var fetched: [SampleID: ImageFetched] = [:]
        var order: [SampleID] = []
        var stream = DemoImages(seed: 4, samples: 500, crops: 300)
        while let item = stream.next() {
            let event = item.generated.event
            switch event.body {
            case .submitted(let s):
                recorded[event.sampleID] = (s.imageWidth, s.imageHeight, s.fileSizeBytes)
                order.append(event.sampleID)
            case .updated(let u) where u.imageWidth != nil:
                recorded[event.sampleID] = (u.imageWidth, u.imageHeight, u.fileSizeBytes)
            case .imageFetched(let f):
                #expect(fetched[event.sampleID] == nil, "one image.fetched a sample")
                fetched[event.sampleID] = f
                if let png = item.png {
                    #expect(SHA256.hex(SHA256.hash(png)) == f.sha256 && stored[f.sha256] == nil, "new bytes come once, with their name")
                    stored[f.sha256] = png
                }
                let png = try #require(stored[f.sha256], "the bytes of \(f.sha256) came with an earlier event")
                let info = try ImageHeader.read(png)
                #expect(info.format == .png && Int64(info.width) == f.width && Int64(info.height) == f.height && Int64(png.count) == f.bytes)
                #expect(f.url.hasPrefix("https://") && f.contentType == "image/png")
            default:
                break
            }
            // The line a user would append says the same as the event.
            let parsed = try? InputParser.parse(item.generated.inputLine, lineNumber: 1).get()
            #expect(parsed?.body == event.body && parsed?.sampleID == event.sampleID && parsed?.occurredAt == event.occurredAt)
        }
        #expect(stream.pictured == 300 && fetched.count == 300)
        #expect(Set(fetched.keys) == Set(order.suffix(300)), "the newest 300 samples are pictured")
        // Sizes that disagree: only the planted ones (k ≡ 50 mod 101 among the pictured).
        let disagreeing = order.suffix(300).filter { id in
            guard let f = fetched[id], let r = recorded[id] else { return false }
            return (r.w.map { $0 != f.width } ?? false) || (r.h.map { $0 != f.height } ?? false) || (r.size.map { $0 != f.bytes } ?? false)
        }
        let planted = Set([50, 151, 252].map { order.suffix(300)[order.count - 300 + $0] })
        #expect(!disagreeing.isEmpty && Set(disagreeing).isSubset(of: planted), "\(disagreeing.count) disagree")
        // Shared bytes: only the planted ones (k ≡ 48 or 96 mod 97, when there was a picture to reuse).
        var bySHA: [String: Int] = [:]
        for f in fetched.values { bySHA[f.sha256, default: 0] += 1 }
        #expect(bySHA.values.reduce(0, +) - bySHA.count == 300 - stored.count)
        #expect((4...6).contains(300 - stored.count), "\(300 - stored.count) reused pictures")
    }

    @Test func picturesChangeNoSampleLabelOrTime() {
        let plain = Array(DemoGenerator(seed: 9, samples: 120))
        let none = Array(DemoImages(seed: 9, samples: 120, crops: 0))
        #expect(none.map(\.generated.inputLine) == plain.map(\.inputLine))
        let pictured = Array(DemoImages(seed: 9, samples: 120, crops: 120)).filter { item in
            if case .imageFetched = item.generated.event.body { return false }
            return true
        }
        #expect(pictured.count == plain.count)
        for (a, b) in zip(pictured, plain) {
            #expect(a.generated.eventID == b.eventID && a.generated.event.sampleID == b.event.sampleID
                    && a.generated.event.occurredAt == b.event.occurredAt)
            if case .submitted(let s) = a.generated.event.body, case .submitted(let t) = b.event.body {
                #expect(s.label == t.label && s.imageURL == t.imageURL && s.cropData == t.cropData)
            }
        }
        let again = Array(DemoImages(seed: 9, samples: 120, crops: 120))
        #expect(again.map(\.generated.inputLine) == Array(DemoImages(seed: 9, samples: 120, crops: 120)).map(\.generated.inputLine))
    }

    @Test func imagesCheckOnTheDemoFindsThePlantedProblemsOnly() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let tool = try BinaryRunner.locate()
        let log = dir.path + "/log"
        let demo = try tool.run(["demo", "--log", log, "--samples", "400", "--crops", "300", "--seed", "2"])
        try #require(demo.status == 0, "\(demo.stderrText)")
        #expect(demo.stderrText.contains("drew crops for the newest 300 samples"))
        let verify = try tool.run(["images", "verify", "--log", log])
        #expect(verify.status == 0, "\(verify.stderrText)")
        let check = try tool.run(["images", "check", "--log", log, "--format", "json"])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(check.stdout)) as? [String: [[String: Any]]])
        let duplicates = report["duplicates"] ?? [], conflicts = report["conflicts"] ?? [], mismatches = report["mismatches"] ?? []
        #expect(!conflicts.isEmpty && duplicates.count > conflicts.count, "\(duplicates.count) duplicates, \(conflicts.count) conflicts")
        let mismatched = Set(mismatches.compactMap { $0["sample_id"] as? String })
        #expect((1...3).contains(mismatched.count), "mismatched samples: \(mismatched)")
        #expect(report["failed"]?.isEmpty == true)
        // The missing are the older samples: about a hundred (fewer by the deleted ones).
        #expect((80...100).contains(report["missing"]?.count ?? -1), "\(report["missing"]?.count ?? -1) missing")
        // history shows the image facts; the stats count the stored bytes.
        let id = try #require(duplicates.first?["sample_ids"] as? [String]).first!
        let history = try tool.run(["history", id, "--log", log])
        #expect(history.stdoutText.contains(String((duplicates.first?["sha256"] as? String ?? "?").prefix(12))))
        let stats = try tool.run(["project", "stats", "--log", log, "--format", "json"])
        #expect(stats.stdoutText.contains("\"duplicates\":\(duplicates.count)"), "\(stats.stdoutText.suffix(400))")
    }
}
