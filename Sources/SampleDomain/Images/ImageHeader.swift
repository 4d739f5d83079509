/// Reads an image's format, width and height from its own header, never from what a server
/// claims: PNG's IHDR, JPEG's first SOF (baseline, extended, progressive, lossless),
/// WebP's VP8/VP8L/VP8X chunk, GIF's logical screen descriptor. Anything else — HTML, text,
/// a truncated header, a zero size, a PNG IHDR that fails its CRC — is refused with a reason.
///
/// Only the header is read; the pixel data is not decoded. For GIF the size is the logical
/// screen (what Pillow reports), for WebP VP8X the canvas.
public enum ImageHeader {
    /// The format and size of `bytes`, or `ImageHeaderError` saying why they are not an image.
    public static func read(_ bytes: [UInt8]) throws(ImageHeaderError) -> ImageInfo {
        let info: ImageInfo
        if starts(bytes, with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            info = try png(bytes)
        } else if starts(bytes, with: [0xFF, 0xD8, 0xFF]) {
            info = try JPEGHeader.read(bytes)
        } else if starts(bytes, with: Array("GIF87a".utf8)) || starts(bytes, with: Array("GIF89a".utf8)) {
            info = try gif(bytes)
        } else if starts(bytes, with: Array("RIFF".utf8)), bytes.count >= 12, Array(bytes[8..<12]) == Array("WEBP".utf8) {
            info = try webp(bytes)
        } else {
            throw ImageHeaderError("not an image (\(describeStart(bytes)))")
        }
        guard info.width > 0, info.height > 0 else {
            throw ImageHeaderError("\(info.format.rawValue) header gives a size of \(info.width)x\(info.height)")
        }
        return info
    }

    static func png(_ b: [UInt8]) throws(ImageHeaderError) -> ImageInfo {
        // Signature (8), then the first chunk must be IHDR: length 13, type, width, height.
        guard b.count >= 24, bigEndian(b, 8, 4) == 13, Array(b[12..<16]) == Array("IHDR".utf8) else {
            throw ImageHeaderError("png without an IHDR chunk")
        }
        let info = ImageInfo(format: .png, width: bigEndian(b, 16, 4), height: bigEndian(b, 20, 4))
        // A zero side is refused by `read`, naming the size. Otherwise the chunk must be whole
        // and match its CRC: a flipped bit in the width or height is not the image's size.
        if info.width == 0 || info.height == 0 { return info }
        guard b.count >= 33 else { throw ImageHeaderError("png shorter than its IHDR chunk") }
        guard PNGEncoder.crc32(Array(b[12..<29])) == UInt32(bigEndian(b, 29, 4)) else {
            throw ImageHeaderError("png IHDR chunk does not match its CRC (a corrupted header)")
        }
        return info
    }

    static func gif(_ b: [UInt8]) throws(ImageHeaderError) -> ImageInfo {
        guard b.count >= 10 else { throw ImageHeaderError("gif shorter than its screen descriptor") }
        return ImageInfo(format: .gif, width: littleEndian(b, 6, 2), height: littleEndian(b, 8, 2))
    }

    static func webp(_ b: [UInt8]) throws(ImageHeaderError) -> ImageInfo {
        guard b.count >= 30 else { throw ImageHeaderError("webp shorter than its first chunk header") }
        let chunk = String(decoding: b[12..<16], as: UTF8.self)
        switch chunk {
        case "VP8 ":
            // Frame tag (3 bytes), start code 9d 01 2a, then 14-bit width and height.
            guard b[23] == 0x9D, b[24] == 0x01, b[25] == 0x2A else {
                throw ImageHeaderError("webp VP8 chunk without a key frame start code")
            }
            return ImageInfo(format: .webp, width: littleEndian(b, 26, 2) & 0x3FFF,
                             height: littleEndian(b, 28, 2) & 0x3FFF)
        case "VP8L":
            guard b[20] == 0x2F else { throw ImageHeaderError("webp VP8L chunk without its signature") }
            let bits = littleEndian(b, 21, 4)
            return ImageInfo(format: .webp, width: (bits & 0x3FFF) + 1, height: ((bits >> 14) & 0x3FFF) + 1)
        case "VP8X":
            return ImageInfo(format: .webp, width: littleEndian(b, 24, 3) + 1, height: littleEndian(b, 27, 3) + 1)
        default:
            throw ImageHeaderError("webp with an unknown first chunk")
        }
    }

    static func starts(_ b: [UInt8], with prefix: [UInt8]) -> Bool {
        b.count >= prefix.count && Array(b[0..<prefix.count]) == prefix
    }

    static func bigEndian(_ b: [UInt8], _ at: Int, _ count: Int) -> Int {
        var v = 0
        for i in at..<(at + count) { v = v << 8 | Int(b[i]) }
        return v
    }

    static func littleEndian(_ b: [UInt8], _ at: Int, _ count: Int) -> Int {
        var v = 0
        for i in (at..<(at + count)).reversed() { v = v << 8 | Int(b[i]) }
        return v
    }

    /// A short, printable description of what the bytes start with, for the refusal reason.
    static func describeStart(_ b: [UInt8]) -> String {
        if b.isEmpty { return "empty body" }
        let head = b.prefix(16)
        if head.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            let text = String(decoding: head, as: UTF8.self)
                .replacingNewlines()
            return "starts with \"\(text)\""
        }
        return "starts with bytes " + head.prefix(8).map { byte in
            let hex = String(byte, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }.joined(separator: " ")
    }
}

private extension String {
    func replacingNewlines() -> String {
        String(map { $0 == "\n" || $0 == "\r" || $0 == "\t" ? " " : $0 })
    }
}
