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
        guard let sha = images?.digest.sha256(of: id), blobs.contains(sha) else { return nil }
        return sha
    }

    /// The samples `tslog images check` lists under `kind` (`conflicts`: every sample of a
    /// group of same bytes with different labels; `mismatches`: samples with a recorded size or
    /// dimension that differs from the stored image), from the snapshot's image facts, kept
    /// current by the fold: conflicts from the digests' holders (only groups of two or more are
    /// looked at), mismatches from the set the fold keeps (`ImageDigest.mismatched`: live samples
    /// whose recorded sizes, kept in the rows, differ from their last fetch's facts). Either way
    /// only the blobs of those samples are looked up in the store; no row is read.
    static func flagged(_ kind: String, _ snapshot: LiveSnapshot, blobs: BlobStore) throws -> Set<SampleID> {
        let digest = snapshot.projections.images
        guard digest.count > 0 else { return [] }
        if kind == "conflicts" { return try conflicts(digest, snapshot, blobs: blobs) }
        var present: [String: Bool] = [:]
        return digest.mismatched.filter { id in
            guard let sha = digest.sha256(of: id) else { return false }
            if let known = present[sha] { return known }
            let stored = blobs.contains(sha)
            present[sha] = stored
            return stored
        }
    }

    /// `images check`'s conflicts from the digests' holders: only the samples that share bytes
    /// with another are looked at (their labels from the compact rows), not every sample with
    /// image facts.
    static func conflicts(_ digest: ImageDigest, _ snapshot: LiveSnapshot, blobs: BlobStore) throws -> Set<SampleID> {
        var out = Set<SampleID>()
        let projections = snapshot.projections
        digest.forEachShared { sha, ids in
            let members = ids.filter { projections.isLive($0) }
            guard members.count > 1 else { return }
            var labels = Set<String>()
            for id in members { if let label = projections.label(of: id) { labels.insert(label) } }
            if labels.count > 1, blobs.contains(sha) { out.formUnion(members) }
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
