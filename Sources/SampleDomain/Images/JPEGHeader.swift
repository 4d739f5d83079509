/// Finds a JPEG's size in its first start-of-frame segment, walking the marker segments after
/// SOI (`JPEGMarkers`): any SOF (baseline C0, extended C1, progressive C2, lossless C3, and their
/// arithmetic and differential variants) gives height then width; SOS or EOI before any SOF is
/// refused.
enum JPEGHeader {
    static func read(_ b: [UInt8]) throws(ImageHeaderError) -> ImageInfo {
        var info: ImageInfo?
        _ = try JPEGMarkers.walk(b) { marker, i throws(ImageHeaderError) in
            if marker == 0xD9 || marker == 0xDA { throw ImageHeaderError("jpeg without a frame header before its scan") }
            guard isStartOfFrame(marker) else { return true }
            guard i + 7 <= b.count else { return false }
            let length = ImageHeader.bigEndian(b, i, 2)
            guard length >= 2 else { throw ImageHeaderError("jpeg segment with length \(length) at byte \(i)") }
            info = ImageInfo(format: .jpeg, width: ImageHeader.bigEndian(b, i + 5, 2), height: ImageHeader.bigEndian(b, i + 3, 2))
            return false
        }
        guard let info else { throw ImageHeaderError("jpeg ends before its frame header") }
        return info
    }

    /// SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    static func isStartOfFrame(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }
}
