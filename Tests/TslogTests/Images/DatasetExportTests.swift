import EventLog
import Foundation
import Projections
import SampleDomain
import Testing

/// `DatasetExport`: the folder layout, metadata.csv, refusals, --skip-missing, splits, and
/// Hugging Face `imagefolder` reading it with the right labels.
@Suite struct DatasetExportTests {
    static let t = Timestamp(rfc3339: "2026-11-25T12:00:00Z")!
    static func row(_ n: Int, _ label: String, crop: Bool = true) -> SampleRow {
        SampleRow(id: SampleID("00000000-0000-4000-8000-00000000000\(n)")!, createdAt: t, imageURL: "https://cdn.example/\(n).png",
                  imagePath: "training-data/\(n).png", label: label, labelType: .defect,
                  cropData: crop ? CropData(x: 1, y: 2.5, width: 3, height: 4) : nil)
    }

    struct Fixture {
        let dir: URL
        let log: String
        let store: BlobStore
        let rows: [SampleRow]
        let images: [SampleID: DatasetExport.StoredImage]
        let png: String
        let gif: String
    }

    func fixture(_ dir: URL) throws -> Fixture {
        let log = dir.appendingPathComponent("log").path
        try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: true)
        let store = BlobStore(logDirectory: log)
        let png = try store.put(TestImages.png1x1).sha256
        let gif = try store.put(TestImages.gif(width: 2, height: 2)).sha256
        let rows = [Self.row(1, "heavy_wear"), Self.row(2, "Corner Crease"), Self.row(3, "=SUM(A1)", crop: false), Self.row(4, "heavy_wear")]
        let images: [SampleID: DatasetExport.StoredImage] = [
            rows[0].id: .init(sha256: png, format: .png), rows[1].id: .init(sha256: gif, format: .gif),
            rows[2].id: .init(sha256: png, format: .png),
        ]
        return Fixture(dir: dir, log: log, store: store, rows: rows, images: images, png: png, gif: gif)
    }

    func files(under root: String) -> [String] {
        let e = FileManager.default.enumerator(atPath: root)
        var out: [String] = []
        while let p = e?.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + p, isDirectory: &isDir), !isDir.boolValue { out.append(p) }
        }
        return out.sorted()
    }

    @Test func layoutMetadataAndSkipMissing() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let f = try fixture(dir)
        let out = dir.appendingPathComponent("dataset").path
        // Sample 4 has no stored image: refused, nothing written.
        #expect(throws: DatasetExport.Failure.missing([f.rows[3]])) {
            try DatasetExport.write(f.rows, images: f.images, store: f.store, to: out, split: nil, skipMissing: false)
        }
        #expect(!FileManager.default.fileExists(atPath: out))
        let report = try DatasetExport.write(f.rows, images: f.images, store: f.store, to: out, split: nil, skipMissing: true)
        #expect(report == DatasetExport.Report(written: 3, skipped: [f.rows[3].id], perSplit: [:]))
        let ids = f.rows.map(\.id.description)
        #expect(files(under: out) == ["%3DSUM(A1)/\(ids[2]).png", "Corner Crease/\(ids[1]).gif",
                                      "heavy_wear/\(ids[0]).png", "metadata.csv"])
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(out)/Corner Crease/\(ids[1]).gif")) == Data(TestImages.gif(width: 2, height: 2)))
        let metadata = try String(contentsOfFile: out + "/metadata.csv", encoding: .utf8)
        #expect(metadata == """
            file_name,id,label,label_type,crop_data,created_at,sha256
            heavy_wear/\(ids[0]).png,\(ids[0]),heavy_wear,defect,"{""x"":1,""y"":2.5,""width"":3,""height"":4}",2026-11-25T12:00:00Z,\(f.png)
            Corner Crease/\(ids[1]).gif,\(ids[1]),Corner Crease,defect,"{""x"":1,""y"":2.5,""width"":3,""height"":4}",2026-11-25T12:00:00Z,\(f.gif)
            %3DSUM(A1)/\(ids[2]).png,\(ids[2]),'=SUM(A1),defect,{},2026-11-25T12:00:00Z,\(f.png)

            """)
        // No temporary folder is left beside it.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["dataset", "log"])
    }

    @Test func aNonEmptyTargetIsRefusedUntouched() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let f = try fixture(dir)
        let out = dir.appendingPathComponent("busy")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: out.appendingPathComponent("mine.txt"))
        #expect(throws: DatasetExport.Failure.notEmpty(out.path)) {
            try DatasetExport.write(f.rows, images: f.images, store: f.store, to: out.path, split: nil, skipMissing: true)
        }
        #expect(files(under: out.path) == ["mine.txt"])
        // An empty directory is fine.
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(try DatasetExport.write(f.rows, images: f.images, store: f.store, to: empty.path, split: nil, skipMissing: true).written == 3)
    }

    @Test func splitsFollowTheIdAndHuggingFaceReadsTheLabels() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let f = try fixture(dir)
        let split = try DatasetSplit(parsing: "train=50,test=50")
        let out = dir.appendingPathComponent("split").path
        let rows = Array(f.rows.prefix(2))
        let report = try DatasetExport.write(rows, images: f.images, store: f.store, to: out, split: split, skipMissing: false)
        #expect(report.written == 2)
        var expected: [String] = []
        for (row, ext, folder) in [(rows[0], "png", "heavy_wear"), (rows[1], "gif", "Corner Crease")] {
            expected.append("\(split.part(of: row.id))/\(folder)/\(row.id).\(ext)")
        }
        let parts = Set(rows.map { split.part(of: $0.id) })
        expected += parts.map { "\($0)/metadata.csv" }
        #expect(files(under: out) == expected.sorted())
        guard try Pillow.available("datasets") else { return }
        // Hugging Face: the label column is the label itself, the image decodes, per split.
        let pngOnly = dir.appendingPathComponent("hf").path
        let pngRows = [Self.row(1, "heavy_wear"), Self.row(2, "Corner Crease"), Self.row(3, "heavy_wear"), Self.row(4, "x/y")]
        let images = Dictionary(uniqueKeysWithValues: pngRows.map { ($0.id, DatasetExport.StoredImage(sha256: f.png, format: .png)) })
        _ = try DatasetExport.write(pngRows, images: images, store: f.store, to: pngOnly, split: split, skipMissing: false)
        let listing = try Pillow.run(Self.loadImagefolder, [pngOnly], in: dir)
        let want = pngRows.map { "\(split.part(of: $0.id))\t\($0.id)\t\($0.label)\t1x1" }.sorted()
        #expect(listing.split(separator: "\n").map(String.init).sorted() == want)
    }

    /// A split whose samples have no crop at all beside one whose samples all have one: pandas
    /// reads a column of empty cells as float, so with empty cells `load_dataset` refused the
    /// folder ("have different features"); `{}` keeps the column text in every split.
    @Test func aSplitWithoutAnyCropLoadsWithTheSameFeatures() throws {
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let f = try fixture(dir)
        let split = try DatasetSplit(parsing: "train=50,test=50")
        let rows = (1...9).map { n in
            let row = Self.row(n, n % 2 == 0 ? "heavy_wear" : "Corner Crease")
            return split.part(of: row.id) == "train" ? row : Self.row(n, row.label, crop: false)
        }
        #expect(Set(rows.map { split.part(of: $0.id) }) == ["train", "test"])
        let images = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, DatasetExport.StoredImage(sha256: f.png, format: .png)) })
        let out = dir.appendingPathComponent("nocrop").path
        _ = try DatasetExport.write(rows, images: images, store: f.store, to: out, split: split, skipMissing: false)
        let testCSV = try String(contentsOfFile: out + "/test/metadata.csv", encoding: .utf8)
        #expect(testCSV.split(separator: "\n").dropFirst().allSatisfy { $0.contains(",defect,{},") })
        guard try Pillow.available("datasets") else { return }
        let listing = try Pillow.run(Self.loadFeatures, [out], in: dir)
        let lines = listing.split(separator: "\n").map(String.init)
        let features = lines.filter { $0.hasPrefix("features\t") }.map { $0.split(separator: "\t", maxSplits: 2)[2] }
        #expect(features.count == 2 && Set(features).count == 1)
        let crop = #"{"x":1,"y":2.5,"width":3,"height":4}"#
        let want = rows.map { "\(split.part(of: $0.id))\t\($0.id)\t\($0.cropData == nil ? "{}" : crop)" }.sorted()
        #expect(lines.filter { !$0.hasPrefix("features\t") }.sorted() == want)
    }

    static let loadFeatures = #"""
import sys, datasets
d = datasets.load_dataset("imagefolder", data_dir=sys.argv[1])
for split in d:
    print(f"features\t{split}\t{d[split].features}")
    for r in d[split]:
        print(f"{split}\t{r['id']}\t{r['crop_data']}")
"""#

    static let loadImagefolder = #"""
import sys, datasets
d = datasets.load_dataset("imagefolder", data_dir=sys.argv[1])
for split in d:
    for r in d[split]:
        print(f"{split}\t{r['id']}\t{r['label']}\t{r['image'].size[0]}x{r['image'].size[1]}")
"""#
}
