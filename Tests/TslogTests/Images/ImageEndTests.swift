import Foundation
import SampleDomain
import Testing

/// `ImageEnd`: an image whose bytes stop before its format's end is refused, whatever its
/// header says; a whole one, with or without bytes after its end, is taken.
@Suite struct ImageEndTests {
    /// Every image Pillow writes (each format, many modes and sizes, progressive and EXIF
    /// JPEGs, animated GIFs and WebPs) is whole; cut at any of four points it is not.
    @Test func pillowImagesAreWholeAndTheirCutsAreNot() throws {
        guard try Pillow.available() else { return }
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let listing = try Pillow.run(Pillow.makeImages, [dir.path], in: dir)
        var checked = 0
        for line in listing.split(separator: "\n") {
            let name = String(line.split(separator: "\t")[0])
            let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(name)))
            let format = try ImageHeader.read(bytes).format
            #expect(throws: Never.self, "\(name)") { try ImageEnd.check(bytes, format: format) }
            #expect(throws: Never.self, "\(name) with bytes after its end") { try ImageEnd.check(bytes + [0, 0xFF, 7], format: format) }
            for cut in Set([bytes.count - 2, bytes.count * 2 / 3, bytes.count / 2, 40]) where cut > 0 && cut < bytes.count {
                #expect(throws: ImageHeaderError.self, "\(name) cut to \(cut) of \(bytes.count) bytes") {
                    try ImageEnd.check(Array(bytes[..<cut]), format: format)
                }
            }
            checked += 1
        }
        #expect(checked > 100)
    }

    @Test func png() throws {
        let whole = TestImages.png1x1
        try ImageEnd.check(whole, format: .png)
        #expect(throws: ImageHeaderError("png cut short: the chunk at byte 58 runs past the end (69 bytes)")) {
            try ImageEnd.check(Array(whole.dropLast()), format: .png)
        }
        // Cut right after a whole chunk: no IEND.
        #expect(throws: ImageHeaderError("png cut short: no IEND chunk (58 bytes)")) {
            try ImageEnd.check(Array(whole[..<58]), format: .png)
        }
        let padded = TestImages.paddedPNG(width: 7, height: 5, size: 3_000)
        #expect(padded.count == 3_000)
        try ImageEnd.check(padded, format: .png)
    }

    /// A baseline JPEG whose APP1 holds a whole thumbnail JPEG (its own SOI … EOI), with stuffed
    /// bytes and a restart marker in its scan and fill bytes before its EOI.
    static let jpeg: [UInt8] = {
        let thumbnail: [UInt8] = [0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x02, 0x11, 0xFF, 0xD9]
        let app1: [UInt8] = [0xFF, 0xE1, 0x00, UInt8(2 + 4 + thumbnail.count)] + Array("Exif".utf8) + thumbnail
        let sof0: [UInt8] = [0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x02, 0x00, 0x03, 0x01, 0x01, 0x11, 0x00]
        let sos: [UInt8] = [0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]
        let scan: [UInt8] = [0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD0, 0x56, 0x78]
        return [0xFF, 0xD8] + app1 + sof0 + sos + scan + [0xFF, 0xFF, 0xD9]
    }()

    @Test func jpeg() throws {
        let whole = Self.jpeg
        #expect(try ImageHeader.read(whole) == ImageInfo(format: .jpeg, width: 3, height: 2))
        try ImageEnd.check(whole, format: .jpeg)
        try ImageEnd.check(whole + [0x00, 0x01], format: .jpeg)
        // Every cut is refused, the thumbnail's EOI in APP1 notwithstanding.
        for cut in 3..<whole.count {
            #expect(throws: ImageHeaderError("jpeg cut short: no end-of-image marker (\(cut) bytes)"), "cut to \(cut)") {
                try ImageEnd.check(Array(whole[..<cut]), format: .jpeg)
            }
        }
    }

    @Test func gif() throws {
        let whole = TestImages.gif(width: 3, height: 2)
        try ImageEnd.check(whole, format: .gif)
        // Without its trailer byte, after a whole image block: taken, as browsers and Pillow take it.
        try ImageEnd.check(Array(whole.dropLast()), format: .gif)
        #expect(throws: ImageHeaderError("gif cut short: a block runs past the end (\(whole.count - 2) bytes)")) {
            try ImageEnd.check(Array(whole.dropLast(2)), format: .gif)
        }
        #expect(throws: ImageHeaderError("gif cut short: no image block (19 bytes)")) {
            try ImageEnd.check(Array(whole[..<19]), format: .gif)
        }
        #expect(throws: ImageHeaderError("gif with a block of unknown kind 0x7 at byte 19")) {
            try ImageEnd.check(Array(whole[..<19]) + [0x07, 0x00], format: .gif)
        }
    }

    @Test func webp() throws {
        // RIFF, the length of what follows its first 8 bytes, WEBP, one VP8L chunk.
        let chunk: [UInt8] = Array("VP8L".utf8) + [5, 0, 0, 0, 0x2F, 0x02, 0x40, 0x00, 0x00, 0x00]
        let whole = Array("RIFF".utf8) + [UInt8(4 + chunk.count), 0, 0, 0] + Array("WEBP".utf8) + chunk
        try ImageEnd.check(whole, format: .webp)
        #expect(throws: ImageHeaderError("webp cut short: its RIFF header says \(whole.count) bytes (\(whole.count - 1) bytes)")) {
            try ImageEnd.check(Array(whole.dropLast()), format: .webp)
        }
    }
}
