import EventLog
import SampleDomain

/// `tslog export --format dataset --out DIR`: the stored image of every exported sample, in the
/// class-folder layout trainers read (Hugging Face `imagefolder`, Roboflow's folder upload,
/// torchvision `ImageFolder`):
///
///     DIR/LABEL/ID.EXT                  without --split
///     DIR/metadata.csv
///     DIR/SPLIT/LABEL/ID.EXT            with --split (one folder per split name)
///     DIR/SPLIT/metadata.csv
///
/// `LABEL` is the folder name `--format manifest` gives the label (`ManifestPath`), `EXT` comes
/// from the image's own format (`png`, `jpg`, `webp`, `gif`). `metadata.csv` has the header
/// `file_name,id,label,label_type,crop_data,created_at,sha256` and one row per image, in export
/// order, `file_name` relative to the folder of the `metadata.csv`; the other values are written
/// as the CSV export writes them, except a sample without a crop, whose `crop_data` is `{}`
/// (`noCrop`). The split of a sample is `DatasetSplit.part(of:)`, a pure function of its id.
///
/// The folder is built beside `DIR` under a temporary name and renamed to `DIR` at the end, so
/// `DIR` is either absent (or empty) or complete; every file and folder is fsynced first.
public enum DatasetExport {
    /// The image stored for a sample: its blob name and format.
    public struct StoredImage: Equatable, Sendable {
        public var sha256: String
        public var format: ImageFormat
        public init(sha256: String, format: ImageFormat) { self.sha256 = sha256; self.format = format }
    }

    /// What was written.
    public struct Report: Equatable, Sendable {
        /// Images written.
        public var written: Int
        /// Samples skipped for lack of stored bytes (`--skip-missing`), in export order.
        public var skipped: [SampleID]
        /// Images per split name (empty without a split).
        public var perSplit: [String: Int]

        public init(written: Int, skipped: [SampleID], perSplit: [String: Int]) {
            self.written = written; self.skipped = skipped; self.perSplit = perSplit
        }
    }

    /// Why the export did not happen; `DIR` is left as it was.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notEmpty(String)
        case missing([SampleRow])
        case damaged(sha256: String, sampleID: SampleID)
        case io(String)

        public var description: String {
            switch self {
            case .notEmpty(let dir): "'\(dir)' exists and is not an empty directory; give a new or empty one"
            case .missing(let rows):
                "\(rows.count) sample\(rows.count == 1 ? " has" : "s have") no stored image (run 'tslog images fetch', or pass --skip-missing):\n"
                    + rows.map { "  \($0.id) \($0.imageURL)" }.joined(separator: "\n")
            case .damaged(let sha, let id): "the stored image \(sha) of sample \(id) does not match its SHA-256 (run 'tslog images verify')"
            case .io(let text): text
            }
        }
    }

    /// The metadata.csv header (frozen).
    public static let metadataHeader = "file_name,id,label,label_type,crop_data,created_at,sha256"

    /// `crop_data` of a sample without a crop (frozen). Not the CSV export's empty cell: pandas,
    /// which Hugging Face `imagefolder` reads metadata.csv with, takes a column of empty cells
    /// for a float column, so a split without any crop would get other features than one with a
    /// crop and `load_dataset` would refuse the folder. `{}` is JSON text like every other value
    /// of the column, so the column is text in every split.
    public static let noCrop = "{}"

    /// Writes the dataset of `rows` (in export order) to `directory`. `images` gives the stored
    /// image of each sample that has one; `labelRows` are the rows whose labels name the folders
    /// (the rows `--format manifest` would export).
    public static func write(_ rows: [SampleRow], images: [SampleID: StoredImage], store: BlobStore,
                             to directory: String, split: DatasetSplit?, skipMissing: Bool) throws(Failure) -> Report {
        try checkTarget(directory)
        let missing = rows.filter { row in images[row.id].map { !store.contains($0.sha256) } ?? true }
        if !missing.isEmpty, !skipMissing { throw .missing(missing) }
        let folders = ManifestPath.names(for: rows.map(\.label))
        let (parent, name) = Directory.split(directory)
        let building = "\(parent)/.\(name).tmp-\(Directory.unpredictableSuffix())"
        var done = false
        defer { if !done { try? Directory.removeTree(building) } }
        var metadata: [String: [UInt8]] = [:]
        var perSplit: [String: Int] = [:]
        var written = 0
        var created: Set<String> = []
        do {
            try PathOps.makeDirectory(building, existingIsFine: false)
            let missingIDs = Set(missing.map(\.id))
            for row in rows where !missingIDs.contains(row.id) {
                guard let image = images[row.id] else { continue }
                let bytes: [UInt8]
                do { bytes = try store.read(image.sha256) } catch { throw Failure.io("cannot read stored image \(image.sha256): \(error)") }
                guard SHA256.hex(SHA256.hash(bytes)) == image.sha256 else { throw Failure.damaged(sha256: image.sha256, sampleID: row.id) }
                let part = split?.part(of: row.id)
                let base = part.map { "\(building)/\($0)" } ?? building
                let folder = folders[Array(row.label.utf8)] ?? ManifestPath.encode(row.label)
                for dir in [base, "\(base)/\(folder)"] where !created.contains(dir) {
                    try PathOps.makeDirectory(dir)
                    created.insert(dir)
                }
                let fileName = "\(folder)/\(row.id).\(image.format.fileExtension)"
                try NewFile.write(bytes, to: "\(base)/\(fileName)")
                metadata[part ?? "", default: Array((metadataHeader + "\n").utf8)] += metadataLine(row, fileName: fileName, sha256: image.sha256)
                if let part { perSplit[part, default: 0] += 1 }
                written += 1
            }
            if metadata.isEmpty, split == nil { metadata[""] = Array((metadataHeader + "\n").utf8) }
            for (part, bytes) in metadata {
                let base = part.isEmpty ? building : "\(building)/\(part)"
                try NewFile.write(bytes, to: "\(base)/metadata.csv")
            }
            try checkTarget(directory)
            try Directory.publish(building, as: directory, subdirectories: Array(created))
            done = true
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure.io("cannot write the dataset to '\(directory)': \(error)")
        }
        return Report(written: written, skipped: missing.map(\.id), perSplit: perSplit)
    }

    /// One metadata.csv line: the values as the CSV export writes them (quoting, formula guard).
    static func metadataLine(_ row: SampleRow, fileName: String, sha256: String) -> [UInt8] {
        let cells = row.exportCells
        var out: [UInt8] = []
        let values: [(String?, Bool)] = [
            (fileName, false), (cells[0].plainText, false), (cells[4].plainText, true), (cells[5].plainText, false),
            (cells[11].plainText ?? noCrop, false), (cells[1].plainText, false), (sha256, false),
        ]
        for (i, (text, isFreeText)) in values.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            guard let text else { continue }
            ExportCSVFormat.appendQuoted(text, prefixed: isFreeText && ExportCSVFormat.startsWithTrigger(text), to: &out)
        }
        out.append(0x0A)
        return out
    }

    /// Refuses a target that exists and is not an empty directory.
    static func checkTarget(_ directory: String) throws(Failure) {
        if let log = OutputPath.enclosingLog(of: directory) {
            throw Failure.io("'\(directory)' is inside the tslog log \(log); outputs are never written into a log directory: name a path outside it")
        }
        do {
            guard let status = try PathOps.status(directory) else {
                do { return try AtomicFile.checkParent(of: directory) } catch { throw Failure.io("\(error)") }
            }
            guard status.kind == .directory, try Directory.entries(directory).isEmpty else { throw Failure.notEmpty(directory) }
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure.io("cannot inspect '\(directory)': \(error)")
        }
    }
}
