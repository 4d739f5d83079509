import EventLog
import Foundation
import Projections
import SampleDomain

/// Where the desk shows a sample's crop from, and the image bytes it serves.
///
/// A crop is `/images/SHA256` when the sample's last `image.fetched` names bytes the image store
/// holds, else its
/// `image_url` when that is an `https:` URL (what the page's CSP allows); otherwise none — a `javascript:`, `data:`
/// or any other URL never becomes an image source.
enum DeskImages {
    /// The crop's source for `row`, or nil.
    static func source(for row: SampleRow, images: ImageLedger?, blobs: BlobStore) -> String? {
        if let sha = storedSHA256(of: row.id, images: images, blobs: blobs) { return "/images/" + sha }
        return safeURL(row.imageURL)
    }

    /// `url` when it is an absolute http(s) URL without spaces or control characters; else nil.
    static func safeURL(_ url: String) -> String? {
        let lower = url.lowercased()
        guard lower.hasPrefix("https://") else { return nil }
        guard url.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value != 0x7F && $0 != "\"" && $0 != "<" && $0 != ">" && $0 != "\\" }) else { return nil }
        return url
    }

    /// The SHA-256 of the sample's stored bytes: its last `image.fetched`, when the store holds
    /// that blob (what `tslog images check` counts as stored).
    static func storedSHA256(of id: SampleID, images: ImageLedger?, blobs: BlobStore) -> String? {
        guard let sha = images?.entries[id]?.fetched?.sha256, blobs.contains(sha) else { return nil }
        return sha
    }

    /// The samples `tslog images check` lists under `kind` (`conflicts`: every sample of a
    /// group of same bytes with different labels; `mismatches`: samples with a recorded size or
    /// dimension that differs from the stored image), from the snapshot's image facts: conflicts
    /// from the SHA-256 index (`conflicts`), mismatches by the same `ImageCheck` over the live
    /// samples that have image facts (a row read each: the recorded sizes are not kept in memory).
    static func flagged(_ kind: String, _ snapshot: LiveSnapshot, blobs: BlobStore) throws -> Set<SampleID> {
        guard let ledger = snapshot.images, !ledger.entries.isEmpty else { return [] }
        if kind == "conflicts" { return try conflicts(ledger, snapshot, blobs: blobs) }
        var rows: [SampleRow] = []
        for id in ledger.entries.keys.sorted() {
            if let row = try snapshot.projections.readRow(id) { rows.append(row) }
        }
        let check = ImageCheck(rows: rows, ledger: ledger, store: blobs)
        return kind == "conflicts" ? Set(check.conflicts.flatMap(\.sampleIDs)) : Set(check.mismatches.map(\.sampleID))
    }

    /// `images check`'s conflicts from the ledger's SHA-256 index: only the samples that share
    /// bytes with another are looked at (a row read each), not every sample with image facts.
    static func conflicts(_ ledger: ImageLedger, _ snapshot: LiveSnapshot, blobs: BlobStore) throws -> Set<SampleID> {
        var out = Set<SampleID>()
        try ledger.bySHA256.forEachShared { ids in
            var bySHA: [String: [SampleID]] = [:]
            for id in ids where snapshot.projections.isLive(id) {
                if let sha = ledger.entries[id]?.fetched?.sha256 { bySHA[sha, default: []].append(id) }
            }
            for (sha, members) in bySHA where members.count > 1 && blobs.contains(sha) {
                var labels = Set<String>()
                for id in members { if let row = try snapshot.projections.readRow(id) { labels.insert(row.label) } }
                if labels.count > 1 { out.formUnion(members) }
            }
        }
        return out
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
