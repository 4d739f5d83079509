import Foundation
import SampleDomain

/// Small real images written by hand (no Pillow needed), for the fetch tests.
enum TestImages {
    /// A 1x1 RGBA PNG.
    static let png1x1: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
        0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
        0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
        0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    /// A GIF whose logical screen is `width` x `height` (one 1x1 frame), distinct per size.
    static func gif(width: Int, height: Int) -> [UInt8] {
        Array("GIF89a".utf8) + [UInt8(width & 0xFF), UInt8(width >> 8), UInt8(height & 0xFF), UInt8(height >> 8),
                                0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
                                0x2C, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
                                0x02, 0x02, 0x44, 0x01, 0x00, 0x3B]
    }

    /// A whole PNG of `size` bytes (at least 57) whose header claims `width` x `height`: the IHDR,
    /// a private chunk of zeros as padding, and IEND (no pixel data: only the header and the
    /// chunk structure are read).
    static func paddedPNG(width: Int, height: Int, size: Int) -> [UInt8] {
        func be(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
            let body = Array(type.utf8) + data
            return be(data.count) + body + be(Int(PNGEncoder.crc32(body)))
        }
        // IHDR with its CRC recomputed: the header reader checks it.
        let ihdr = chunk("IHDR", be(width) + be(height) + Array(png1x1[24..<29]))
        let head = Array(png1x1[0..<8]) + ihdr
        let padding = [UInt8](repeating: 0, count: max(0, size - head.count - 24))
        return head + chunk("tsPd", padding) + chunk("IEND", [])
    }

    /// Writes `files` into `root/files/` (where `ImageServer` serves them from).
    static func write(_ files: [String: [UInt8]], into root: URL) throws {
        let dir = root.appendingPathComponent("files")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, bytes) in files { try Data(bytes).write(to: dir.appendingPathComponent(name)) }
    }
}
