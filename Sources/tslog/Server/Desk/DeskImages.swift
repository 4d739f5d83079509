import EventLog
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

    /// The SHA-256 of the sample's stored bytes. Until the image events (`image.fetched`) are in
    /// the log's schema, the demo's crops are found by the name `tslog demo` gives them: an
    /// `image_path` ending in `/sha256-HEX.png` whose blob is in the store.
    static func storedSHA256(for row: SampleRow, blobs: BlobStore) -> String? {
        guard let slash = row.imagePath.lastIndex(of: "/") else { return nil }
        let name = row.imagePath[row.imagePath.index(after: slash)...]
        guard name.hasPrefix("sha256-"), name.hasSuffix(".png") else { return nil }
        let sha = String(name.dropFirst(7).dropLast(4))
        guard BlobStore.isName(sha), blobs.contains(sha) else { return nil }
        return sha
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
