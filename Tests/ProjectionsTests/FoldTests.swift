import EventLog
@testable import Projections
import SampleDomain
import Testing

@Suite("Folding events into rows")
struct FoldTests {
    @Test func submitCreatesARowWithEveryColumn() throws {
        var fold = Fold()
        let crop = CropData(x: 1, y: 2.5, width: 30, height: 40)
        fold.add(sid(1), t0, .submitted(SampleSubmitted(
            imageURL: "https://x/1.jpg", imagePath: "training-data/1.jpg", label: "Spine Tick", labelType: .defect,
            nyckelFunctionID: "fn-1", sourceScanID: "scan-9", regionName: "spine", cropData: crop,
            imageWidth: 640, imageHeight: 480, fileSizeBytes: 12_345)))
        let row = try #require(fold.set.row(sid(1)))
        #expect(row == SampleRow(id: sid(1), createdAt: t0, imageURL: "https://x/1.jpg",
                                 imagePath: "training-data/1.jpg", label: "Spine Tick", labelType: .defect,
                                 nyckelFunctionID: "fn-1", nyckelSampleID: nil, status: .submitted,
                                 sourceScanID: "scan-9", regionName: "spine", cropData: crop, imageWidth: 640,
                                 imageHeight: 480, fileSizeBytes: 12_345))
        #expect(fold.set.liveCount == 1)
        #expect(fold.set.lastSeq == 1)
    }

    @Test func respondSetsStatusAndKeepsNyckelIDWhenAbsent() throws {
        var fold = Fold()
        fold.add(sid(1), t0, submitted("a"))
        fold.add(sid(1), t0, responded(.accepted, nyckelID: "ny-1"))
        #expect(fold.set.row(sid(1))?.status == .accepted)
        #expect(fold.set.row(sid(1))?.nyckelSampleID == "ny-1")
        fold.add(sid(1), t0, responded(.rejected))
        #expect(fold.set.row(sid(1))?.status == .rejected)
        #expect(fold.set.row(sid(1))?.nyckelSampleID == "ny-1")
    }

    @Test func resubmitAfterErrorGoesBackToSubmitted() throws {
        var fold = Fold()
        fold.add(sid(1), t0, submitted("a", function: "fn-1"))
        fold.add(sid(1), t0, responded(.error, error: "timeout"))
        #expect(fold.set.count(status: .error) == 1)
        fold.add(sid(1), t0, .resubmitted(NyckelResubmitted()))
        #expect(fold.set.row(sid(1))?.status == .submitted)
        #expect(fold.set.row(sid(1))?.nyckelFunctionID == "fn-1")
        fold.add(sid(1), t0, .resubmitted(NyckelResubmitted(nyckelFunctionID: "fn-2")))
        #expect(fold.set.row(sid(1))?.nyckelFunctionID == "fn-2")
        #expect(fold.set.count(status: .error) == 0)
        #expect(fold.set.count(status: .submitted) == 1)
    }

    @Test func relabelChangesLabelAndOptionallyType() throws {
        var fold = Fold()
        fold.add(sid(1), t0, submitted("heavy_wear", .grade))
        fold.add(sid(1), t0, .relabeled(SampleRelabeled(label: "near_mint")))
        #expect(fold.set.row(sid(1))?.label == "near_mint")
        #expect(fold.set.row(sid(1))?.labelType == .grade)
        fold.add(sid(1), t0, .relabeled(SampleRelabeled(label: "Spine Tick", labelType: .defect)))
        #expect(fold.set.row(sid(1))?.label == "Spine Tick")
        #expect(fold.set.row(sid(1))?.labelType == .defect)
    }

    @Test func deleteRemovesTheRowAndTheIDCanBeSubmittedAgain() throws {
        var fold = Fold()
        fold.add(sid(1), t0, submitted("a", crop: CropData(x: 0, y: 0, width: 1, height: 1)))
        fold.add(sid(1), t0, .deleted(SampleDeleted(reason: "blurry")))
        #expect(fold.set.row(sid(1)) == nil)
        #expect(fold.set.liveCount == 0)
        // A new sample reuses the freed slot; nothing of the old row may leak into it.
        fold.add(sid(2), t0, submitted("b", region: "spine"))
        let two = try #require(fold.set.row(sid(2)))
        #expect(two.label == "b" && two.cropData == nil && two.regionName == "spine")
        // The deleted id comes back as a fresh row with the new submit's values.
        let later = at("2026-11-26T00:00:00Z")
        fold.add(sid(1), later, submitted("c", .region))
        let one = try #require(fold.set.row(sid(1)))
        #expect(one.label == "c" && one.labelType == .region && one.createdAt == later && one.status == .submitted)
        #expect(one.cropData == nil)
        #expect(fold.set.liveCount == 2)
    }

    @Test func eventsThatCannotApplyChangeNothing() throws {
        var fold = Fold()
        fold.add(sid(1), t0, submitted("a"))
        let before = try fold.query(.labels)
        fold.add(sid(1), t0, submitted("b"))            // second submit of a live id
        fold.add(sid(2), t0, responded(.accepted))      // unknown sample
        fold.add(sid(2), t0, .relabeled(SampleRelabeled(label: "x")))
        fold.add(sid(2), t0, .deleted(SampleDeleted()))
        fold.add(sid(2), t0, .resubmitted(NyckelResubmitted()))
        #expect(fold.set.row(sid(1))?.label == "a")
        #expect(try fold.query(.labels) == before)
        #expect(fold.set.liveCount == 1)
        #expect(fold.set.lastSeq == 6)
    }

    @Test func labelsDifferingOnlyInBytesAreDistinct() throws {
        var fold = Fold()
        let precomposed = "\u{E9}"      // é
        let decomposed = "e\u{301}"     // e + combining acute: equal as Swift Strings, not as bytes
        #expect(precomposed == decomposed)
        fold.add(sid(1), t0, submitted(precomposed))
        fold.add(sid(2), t0, submitted(decomposed))
        fold.add(sid(3), t0, submitted("Wear"))
        fold.add(sid(4), t0, submitted("wear"))
        #expect(fold.set.row(sid(2))?.label.utf8.elementsEqual(decomposed.utf8) == true)
        let labels = try fold.query(.labels)
        #expect(labels.rows.count == 4)
        // Byte order: "Wear" (0x57) < "e\u{301}" (0x65) < "wear" (0x77) < "é" (0xC3 0xA9).
        let order = labels.rows.map { row -> [UInt8] in
            guard case .text(let s) = row[0] else { return [] }
            return Array(s.utf8)
        }
        #expect(order == [Array("Wear".utf8), Array(decomposed.utf8), Array("wear".utf8), Array(precomposed.utf8)])
        #expect(try fold.query(.overall).rows[0][1] == .int(4))
        var options = QueryOptions()
        options.label = decomposed
        #expect(try fold.set.query(.samples, options).texts.map { $0[0] } == [sid(2).description])
    }
}

@Suite("Row storage stays compact")
struct LayoutTests {
    /// The per-row budget: 1 M live samples in well under 150 bytes each beyond their strings'
    /// heap storage (the id → slot dictionary adds ~20 bytes / load factor).
    @Test func storedRowStride() {
        #expect(MemoryLayout<SampleTable.StoredRow>.stride <= 112)
        #expect(MemoryLayout<RowFacts>.stride <= 24)
    }
}
