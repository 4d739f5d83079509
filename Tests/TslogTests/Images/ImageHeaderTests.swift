import Foundation
import Testing
import SampleDomain

/// `ImageHeader` against hand-made bytes and against Pillow for every format, in many modes and sizes.
@Suite struct ImageHeaderTests {
    @Test func sizesEqualPillowForEveryFormatAndMode() throws {
        guard try Pillow.available() else { return }
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let listing = try Pillow.run(Pillow.makeImages, [dir.path], in: dir)
        var formats: [String: Int] = [:]
        for line in listing.split(separator: "\n") {
            let f = line.split(separator: "\t").map(String.init)
            let bytes = try [UInt8](Data(contentsOf: dir.appendingPathComponent(f[0])))
            let info = try ImageHeader.read(bytes)
            #expect(info.format.rawValue == f[1], "\(f[0])")
            #expect("\(info.width)x\(info.height)" == "\(f[2])x\(f[3])", "\(f[0])")
            formats[f[1], default: 0] += 1
        }
        // Every format was generated, each in many variants.
        #expect(Set(formats.keys) == ["png", "jpeg", "webp", "gif"])
        #expect(formats.values.allSatisfy { $0 >= 20 }, "\(formats)")
    }

    @Test(arguments: [
        ("<!DOCTYPE html><html><body>Sign in</body></html>", "not an image (starts with \"<!DOCTYPE html><\")"),
        ("", "not an image (empty body)"),
        ("{\"error\":\"not found\"}", "not an image (starts with \"{\"error\":\"not fo\")"),
    ])
    func textIsRefused(text: String, reason: String) {
        #expect(throws: ImageHeaderError(reason)) { try ImageHeader.read(Array(text.utf8)) }
    }

    @Test func truncatedAndZeroSizedHeadersAreRefused() {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13] + Array("IHDR".utf8)
        #expect(throws: ImageHeaderError("png without an IHDR chunk")) { try ImageHeader.read(png) }
        let zero = png + [0, 0, 0, 0, 0, 0, 0, 9]
        #expect(throws: ImageHeaderError("png header gives a size of 0x9")) { try ImageHeader.read(zero) }
        let gif = Array("GIF89a".utf8) + [3, 0]
        #expect(throws: ImageHeaderError("gif shorter than its screen descriptor")) { try ImageHeader.read(gif) }
        // A JPEG whose scan starts before any frame header.
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 4, 0, 0, 0xFF, 0xDA, 0, 2]
        #expect(throws: ImageHeaderError("jpeg without a frame header before its scan")) { try ImageHeader.read(jpeg) }
        let cut: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16]
        #expect(throws: ImageHeaderError("jpeg ends before its frame header")) { try ImageHeader.read(cut) }
        let binary: [UInt8] = [0, 1, 2, 0xFF, 0xFE, 0x10, 0x20, 0x30, 0x40]
        #expect(throws: ImageHeaderError("not an image (starts with bytes 00 01 02 ff fe 10 20 30)")) { try ImageHeader.read(binary) }
    }

    @Test func handMadeHeaders() throws {
        // GIF screen 0x0102 by 0x0304, little-endian.
        #expect(try ImageHeader.read(Array("GIF87a".utf8) + [0x02, 0x01, 0x04, 0x03]) == ImageInfo(format: .gif, width: 258, height: 772))
        // A progressive JPEG: APP0, then SOF2 with height 0x0102 and width 0x0304, after fill bytes.
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xFF, 0xC2, 0x00, 0x11, 0x08, 0x01, 0x02, 0x03, 0x04, 0x03]
        #expect(try ImageHeader.read(jpeg) == ImageInfo(format: .jpeg, width: 772, height: 258))
        #expect(ImageFormat.allCases.map(\.fileExtension) == ["png", "jpg", "webp", "gif"])
    }
}
