import Foundation
import SampleDomain
import Testing

/// `ImageHeader` over untrusted bytes: real images of every format (Pillow: PNG in three modes,
/// JPEG baseline, progressive, with EXIF and grey, WebP lossy, lossless, with alpha and EXIF
/// (VP8X), GIF) mutated by a seeded generator — bytes flipped in the header and anywhere,
/// truncations, insertions, runs of 0x00/0xFF. The reader must never crash or read out of
/// bounds; what it and Pillow both read has the same format and size; a PNG whose IHDR fails
/// its CRC (Pillow refuses it) is refused.
@Suite struct ImageHeaderFuzzTests {
    static let mutantsPerImage = 30

    @Test func mutatedRealImagesNeverCrashAndAgreeWithPillowWhenAccepted() throws {
        guard try Pillow.available() else { return }
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        _ = try Pillow.run(Self.makeBases, [dir.path], in: dir)
        let bases = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix("base-") }.sorted()
        #expect(bases.count == 39)
        var random = SplitMix64(seed: 0x1_6A9E)
        var ours: [String: Result<ImageInfo, ImageHeaderError>] = [:]
        for base in bases {
            let original = try [UInt8](Data(contentsOf: dir.appendingPathComponent(base)))
            for n in 0..<Self.mutantsPerImage {
                let bytes = Self.mutate(original, &random)
                let name = "m-\(base)-\(n)"
                try Data(bytes).write(to: dir.appendingPathComponent(name))
                ours[name] = Result { () throws(ImageHeaderError) in try ImageHeader.read(bytes) }
            }
        }
        let listing = try Pillow.run(Self.openAll, [dir.path], in: dir)
        var accepted = 0, agreed = 0, corruptIHDR = 0
        for line in listing.split(separator: "\n") {
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 4, let result = ours[f[0]] else { continue }
            if f[1] == "ERR" {
                // Pillow checks the IHDR's CRC: a header that fails it gives no size, for us either.
                if f[3].contains("IHDR") {
                    corruptIHDR += 1
                    if case .success(let info) = result { Issue.record("\(f[0]): corrupted IHDR read as \(info)") }
                }
                // Otherwise Pillow refused for what lies past the header (a chunk, a frame, the
                // VP8 bitstream), which the header reader does not look at.
                continue
            }
            guard case .success(let info) = result else { continue }
            accepted += 1
            let pillow = "\(f[1]) \(f[2])x\(f[3])", mine = "\(info.format.rawValue) \(info.width)x\(info.height)"
            // Pillow widens a GIF to a first frame that reaches past the logical screen.
            if info.format == .gif, let w = Int(f[2]), let h = Int(f[3]), w >= info.width, h >= info.height { agreed += 1; continue }
            #expect(mine == pillow, "\(f[0]): we read \(mine), Pillow \(pillow)")
            if mine == pillow { agreed += 1 }
        }
        #expect(ours.count == bases.count * Self.mutantsPerImage)
        // The oracle ran: many mutants were read by both, some PNG headers were corrupted.
        #expect(agreed > ours.count / 5 && corruptIHDR > 0, "\(agreed) agreed, \(corruptIHDR) corrupted IHDRs")
        print("image header fuzz: \(ours.count) mutants, \(accepted) read by both, \(agreed) agreeing, \(corruptIHDR) corrupted IHDRs refused")
    }

    /// One to four mutations of `bytes`, most of them in the first 64 bytes (where the headers are).
    static func mutate(_ bytes: [UInt8], _ random: inout SplitMix64) -> [UInt8] {
        var b = bytes
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let headerOnly = Bool.random(using: &random)
            let limit = max(1, headerOnly ? min(64, b.count) : b.count)
            let at = Int.random(in: 0..<limit, using: &random)
            switch Int.random(in: 0..<6, using: &random) {
            case 0: if at < b.count { b[at] = UInt8.random(in: 0...255, using: &random) }
            case 1: if at < b.count { b[at] ^= 1 << UInt8.random(in: 0..<8, using: &random) }
            case 2: b.removeSubrange(min(at, b.count)...)
            case 3: b.insert(contentsOf: [UInt8](repeating: Bool.random(using: &random) ? 0xFF : 0x00,
                                                 count: Int.random(in: 1...8, using: &random)), at: min(at, b.count))
            case 4: b.removeSubrange(min(at, b.count)..<min(at + Int.random(in: 1...16, using: &random), b.count))
            default: if at + 4 <= b.count { for i in at..<(at + 4) { b[i] = 0xFF } }
            }
        }
        return b
    }

    /// Writes the base images into `argv[1]`.
    static let makeBases = #"""
import os, sys
from PIL import Image
out = sys.argv[1]
def pic(mode, size):
    im = Image.new("RGB", size); px = im.load()
    for y in range(size[1]):
        for x in range(size[0]): px[x, y] = ((x * 37) % 256, (y * 91) % 256, (x * y) % 256)
    return im.convert(mode)
exif = Image.Exif(); exif[0x0112] = 6
n = 0
for size in [(3, 5), (40, 17), (300, 2)]:
    for mode, kw, ext in [("RGB", {}, "png"), ("P", {}, "png"), ("RGBA", {}, "png"),
                          ("RGB", {"quality": 80}, "jpg"), ("RGB", {"progressive": True}, "jpg"),
                          ("RGB", {"exif": exif.tobytes()}, "jpg"), ("L", {}, "jpg"),
                          ("RGB", {"lossless": False}, "webp"), ("RGB", {"lossless": True}, "webp"),
                          ("RGBA", {"lossless": False}, "webp"), ("RGB", {"exif": exif.tobytes()}, "webp"),
                          ("P", {}, "gif"), ("L", {}, "gif")]:
        n += 1
        pic(mode, size).save(os.path.join(out, f"base-{n:02}.{ext}"), **kw)
"""#

    /// Opens every `m-*` file in `argv[1]` as Pillow would for a header (no pixel decoding):
    /// `name<TAB>format<TAB>width<TAB>height`, or `name<TAB>ERR<TAB>why`.
    static let openAll = #"""
import os, sys, warnings, zlib
warnings.simplefilter("ignore")
from PIL import Image
d = sys.argv[1]
for name in sorted(os.listdir(d)):
    if not name.startswith("m-"): continue
    data = open(os.path.join(d, name), "rb").read()
    # Pillow refuses a PNG whose IHDR fails its CRC, but says only "cannot identify": say why.
    if data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 33 and data[12:16] == b"IHDR" \
            and zlib.crc32(data[12:29]) != int.from_bytes(data[29:33], "big"):
        print(f"{name}\tERR\tSyntaxError\tbad IHDR checksum"); continue
    try:
        with Image.open(os.path.join(d, name)) as im:
            print(f"{name}\t{im.format.lower()}\t{im.size[0]}\t{im.size[1]}")
    except Exception as e:
        print(f"{name}\tERR\t{type(e).__name__}\t{str(e).replace(chr(9), ' ').replace(chr(10), ' ')[:80]}")
"""#
}
