/// Whether an image's bytes run to the end its format defines, so that a body cut short — a
/// close-delimited response that lost its tail, an origin that stored a partial upload — is
/// refused instead of backed up as the image. `ImageHeader` reads only the first bytes, and a
/// truncated picture has a perfect header.
///
/// The structure is walked, not decoded: PNG's chunks up to IEND, JPEG's marker segments and
/// entropy-coded scans up to EOI (so the EOI of a thumbnail inside an APP1 segment does not
/// count), GIF's blocks (a GIF that ends right after a whole block without its trailer byte is
/// taken, as browsers and Pillow take it), WebP's RIFF length. Bytes after the end are allowed.
/// CRCs and pixel data are not checked.
///
/// - Complexity: O(n) in the image's size, one pass; PNG and GIF skip their data by length.
public enum ImageEnd {
    /// Throws `ImageHeaderError` ("png cut short: …") when `bytes`, whose header `ImageHeader`
    /// read as `format`, end before the image does.
    public static func check(_ bytes: [UInt8], format: ImageFormat) throws(ImageHeaderError) {
        switch format {
        case .png: try png(bytes)
        case .jpeg: try jpeg(bytes)
        case .gif: try gif(bytes)
        case .webp: try webp(bytes)
        }
    }

    /// Chunks (length, type, data, CRC) from byte 8 until one of type IEND.
    static func png(_ b: [UInt8]) throws(ImageHeaderError) {
        var i = 8
        while i + 8 <= b.count {
            let end = i + 12 + ImageHeader.bigEndian(b, i, 4)
            guard end <= b.count else { throw cutShort("png", "the chunk at byte \(i) runs past the end", b.count) }
            if b[i + 4] == 0x49, b[i + 5] == 0x45, b[i + 6] == 0x4E, b[i + 7] == 0x44 { return }  // IEND
            i = end
        }
        throw cutShort("png", "no IEND chunk", b.count)
    }

    /// Marker segments and scans (`JPEGMarkers`) up to EOI.
    static func jpeg(_ b: [UInt8]) throws(ImageHeaderError) {
        guard try !JPEGMarkers.walk(b, { _, _ in true }) else { return }
        throw cutShort("jpeg", "no end-of-image marker", b.count)
    }

    /// The logical screen, the global colour table, then extension (0x21) and image (0x2C)
    /// blocks, each with its sub-blocks, until the trailer (0x3B) or the end of the bytes right
    /// after a whole block.
    static func gif(_ b: [UInt8]) throws(ImageHeaderError) {
        guard b.count >= 13 else { throw cutShort("gif", "no whole screen descriptor", b.count) }
        var i = 13 + colourTableBytes(b[10])
        var blocks = 0
        while true {
            guard i < b.count else {
                if blocks > 0, i == b.count { return }
                throw cutShort("gif", blocks == 0 ? "no image block" : "a block runs past the end", b.count)
            }
            switch b[i] {
            case 0x3B:
                return
            case 0x21:
                i += 2
            case 0x2C:
                guard i + 10 <= b.count else { throw cutShort("gif", "an image descriptor runs past the end", b.count) }
                i += 10 + colourTableBytes(b[i + 9]) + 1  // descriptor, local table, LZW code size
            default:
                throw ImageHeaderError("gif with a block of unknown kind 0x\(String(b[i], radix: 16)) at byte \(i)")
            }
            // Sub-blocks: a length byte, that many bytes; a zero length ends them.
            while true {
                guard i < b.count else { throw cutShort("gif", "a block runs past the end", b.count) }
                let n = Int(b[i])
                i += 1 + n
                if n == 0 { break }
            }
            blocks += 1
        }
    }

    /// The RIFF header's length counts every byte after its first 8.
    static func webp(_ b: [UInt8]) throws(ImageHeaderError) {
        let declared = ImageHeader.littleEndian(b, 4, 4) + 8
        guard b.count >= declared else {
            throw cutShort("webp", "its RIFF header says \(declared) bytes", b.count)
        }
    }

    /// A colour table's size from a GIF flags byte (bit 7: present; bits 0-2: 2^(n+1) entries).
    private static func colourTableBytes(_ flags: UInt8) -> Int {
        flags & 0x80 == 0 ? 0 : 3 << (Int(flags & 0x07) + 1)
    }

    private static func cutShort(_ format: String, _ what: String, _ count: Int) -> ImageHeaderError {
        ImageHeaderError("\(format) cut short: \(what) (\(count) bytes)")
    }
}
