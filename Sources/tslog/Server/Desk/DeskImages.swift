import EventLog
import Foundation
import Projections
import SampleDomain

/// Where the desk shows a sample's crop from, and the image bytes it serves.
///
/// A crop is `/images/SHA256` when the image store holds the sample's bytes, else its
/// `image_url` when that is an `https:` URL (what the page's CSP allows); otherwise none — a `javascript:`, `data:`
/// or any other URL never becomes an image source.
enum DeskImages {
    /// The crop's source for `row`, or nil.
    static func source(for row: SampleRow, blobs: BlobStore) -> String? {
        if let sha = storedSHA256(for: row, blobs: blobs) { return "/images/" + sha }
        return safeURL(row.imageURL)
    }

    /// `url` when it is an absolute http(s) URL without spaces or control characters; else nil.
    static func safeURL(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") else { return nil }
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0 != "\"" && $0 != "<" && $0 != ">" && $0 != "\\" }) else { return nil }
        return url
    }

    /// The SHA-256 of the sample's stored bytes, when the store holds them. Until the image events
    /// (`image.fetched`) are in the log's schema, this finds the crops `tslog demo` draws: the
    /// picture of the sample's `image_path` folder (`DemoCrop`), when the store holds it.
    static func storedSHA256(for row: SampleRow, blobs: BlobStore) -> String? {
        guard let key = DemoCrop.key(imagePath: row.imagePath) else { return nil }
        let sha = cropNames.name(of: key)
        return blobs.contains(sha) ? sha : nil
    }

    /// The SHA-256 of each folder's drawn crop, computed once.
    private static let cropNames = CropNames()

    private final class CropNames: @unchecked Sendable {
        // @unchecked: `names` is touched under `lock`.
        private let lock = NSLock()
        private var names: [String: String] = [:]
        func name(of key: String) -> String {
            if let known = lock.withLock({ names[key] }) { return known }
            let sha = SHA256.hex(SHA256.hash(DemoCrop.png(key: key)))
            lock.withLock { names[key] = sha }
            return sha
        }
    }

    /// The samples `tslog images check` lists under `kind` (`conflicts`: every sample of a
    /// group of same bytes with different labels; `mismatches`: samples with a recorded size or
    /// dimension that differs from the stored image), from the snapshot's image facts: the same
    /// `ImageCheck`, over the live samples that have image facts.
    static func flagged(_ kind: String, _ snapshot: LiveSnapshot, blobs: BlobStore) throws -> Set<SampleID> {
        guard let ledger = snapshot.images, !ledger.entries.isEmpty else { return [] }
        var rows: [SampleRow] = []
        for id in ledger.entries.keys.sorted() {
            if let row = try snapshot.projections.readRow(id) { rows.append(row) }
        }
        let check = ImageCheck(rows: rows, ledger: ledger, store: blobs)
        return kind == "conflicts" ? Set(check.conflicts.flatMap(\.sampleIDs)) : Set(check.mismatches.map(\.sampleID))
    }

    /// The bytes of blob `sha` and their content type, or nil when not stored or not an image.
    static func blob(_ sha: String, blobs: BlobStore) -> (bytes: [UInt8], contentType: String)? {
        guard BlobStore.isName(sha), blobs.contains(sha), let bytes = try? blobs.read(sha) else { return nil }
        let type: String
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { type = "image/png" }
        else if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { type = "image/jpeg" }
        else if bytes.starts(with: Array("GIF8".utf8)) { type = "image/gif" }
        else if bytes.count > 12, bytes[8..<12].elementsEqual("WEBP".utf8) { type = "image/webp" }
        else { return nil }
        return (bytes, type)
    }
}
