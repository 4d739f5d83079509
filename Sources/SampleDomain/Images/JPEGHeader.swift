/// Finds a JPEG's size in its first start-of-frame segment, walking the marker segments after
/// SOI: any SOF (baseline C0, extended C1, progressive C2, lossless C3, and their arithmetic and
/// differential variants) gives height then width; SOS or EOI before any SOF is refused.
enum JPEGHeader {
    static func read(_ b: [UInt8]) throws(ImageHeaderError) -> ImageInfo {
        var i = 2
        while i < b.count {
            guard b[i] == 0xFF else { throw ImageHeaderError("jpeg marker expected at byte \(i)") }
            // Fill bytes: any number of 0xFF before the marker code.
            while i < b.count, b[i] == 0xFF { i += 1 }
            guard i < b.count else { break }
            let marker = b[i]
            i += 1
            // Markers without a length: TEM and RST0-7.
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { continue }
            if marker == 0xD9 || marker == 0xDA {
                throw ImageHeaderError("jpeg without a frame header before its scan")
            }
            guard i + 2 <= b.count else { break }
            let length = ImageHeader.bigEndian(b, i, 2)
            guard length >= 2 else { throw ImageHeaderError("jpeg segment with length \(length) at byte \(i)") }
            if isStartOfFrame(marker) {
                guard i + 7 <= b.count else { break }
                return ImageInfo(format: .jpeg, width: ImageHeader.bigEndian(b, i + 5, 2),
                                 height: ImageHeader.bigEndian(b, i + 3, 2))
            }
            i += length
        }
        throw ImageHeaderError("jpeg ends before its frame header")
    }

    /// SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    static func isStartOfFrame(_ marker: UInt8) -> Bool {
        (0xC0...0xCF).contains(marker) && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }
}
