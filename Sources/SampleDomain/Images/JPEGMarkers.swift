/// Walks a JPEG's markers after SOI the way a decoder meets them: fill bytes (0xFF) skipped,
/// the standalone markers (TEM, RST0-7) passed over, each segment skipped by its length, and
/// after SOS its entropy-coded scan up to the next marker (0xFF followed by anything but 0x00,
/// a stuffed byte, or RST0-7). A thumbnail inside an APP1 segment is skipped with its segment.
/// `JPEGHeader` stops at the first frame header, `ImageEnd` at EOI.
enum JPEGMarkers {
    /// Calls `visit` with each marker's code and the index just after it (where a segment's
    /// length field starts), until `visit` returns false or after EOI: then true. False when
    /// the bytes ran out first.
    static func walk(_ b: [UInt8], _ visit: (UInt8, Int) throws(ImageHeaderError) -> Bool) throws(ImageHeaderError) -> Bool {
        var i = 2
        while i < b.count {
            guard b[i] == 0xFF else { throw ImageHeaderError("jpeg marker expected at byte \(i)") }
            while i < b.count, b[i] == 0xFF { i += 1 }
            guard i < b.count else { return false }
            let marker = b[i]
            i += 1
            if marker == 0x01 || (0xD0...0xD7).contains(marker) { continue }
            guard try visit(marker, i), marker != 0xD9 else { return true }
            guard i + 2 <= b.count else { return false }
            let length = ImageHeader.bigEndian(b, i, 2)
            guard length >= 2 else { throw ImageHeaderError("jpeg segment with length \(length) at byte \(i)") }
            i += length
            if marker == 0xDA { i = scanEnd(b, from: i) }
        }
        return false
    }

    /// Where the entropy-coded data from `start` ends: the index of the 0xFF of the next marker,
    /// or `b.count` when the bytes end first.
    private static func scanEnd(_ b: [UInt8], from start: Int) -> Int {
        var i = start
        while i < b.count {
            guard let ff = b[i...].firstIndex(of: 0xFF), ff + 1 < b.count else { return b.count }
            let next = b[ff + 1]
            guard next == 0x00 || (0xD0...0xD7).contains(next) else { return ff }
            i = ff + 2
        }
        return b.count
    }
}
