import Foundation
import SampleDomain
import TestSupport
import Testing

/// Our PNG writer (for the demo's crops), checked against published check values and decoded by
/// an independent inflater (Python's zlib): chunk CRCs, the zlib stream (one and several stored
/// blocks) and every pixel.
struct PNGEncoderTests {
    @Test func checkValues() {
        #expect(PNGEncoder.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(PNGEncoder.crc32([]) == 0)
        #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(PNGEncoder.adler32([]) == 1)
        // Long enough for the modulo to be taken several times.
        let long = [UInt8](repeating: 0xFF, count: 100_000)
        var a: UInt64 = 1, b: UInt64 = 0
        for x in long { a = (a + UInt64(x)) % 65_521; b = (b + a) % 65_521 }
        #expect(PNGEncoder.adler32(long) == UInt32(b << 16 | a))
    }

    @Test(arguments: [(1, 1), (48, 48), (200, 150)])
    func pngsDecodeWithAnIndependentInflater(size: (Int, Int)) throws {
        let (width, height) = size
        var rgb: [UInt8] = []
        for y in 0..<height { for x in 0..<width { rgb += [UInt8(x & 0xFF), UInt8(y & 0xFF), UInt8((x ^ y) & 0xFF)] } }
        let png = PNGEncoder.encode(width: width, height: height, rgb: rgb)
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let file = dir.appendingPathComponent("t.png").path
        try Data(png).write(to: URL(fileURLWithPath: file))
        let script = """
            import struct, sys, zlib
            data = open(sys.argv[1], 'rb').read()
            assert data[:8] == b'\\x89PNG\\r\\n\\x1a\\n'
            pos, idat, ihdr = 8, b'', None
            while pos < len(data):
                n, = struct.unpack('>I', data[pos:pos + 4]); kind = data[pos + 4:pos + 8]; body = data[pos + 8:pos + 8 + n]
                crc, = struct.unpack('>I', data[pos + 8 + n:pos + 12 + n])
                assert zlib.crc32(kind + body) == crc, kind
                if kind == b'IHDR': ihdr = struct.unpack('>IIBBBBB', body)
                if kind == b'IDAT': idat += body
                pos += 12 + n
            w, h = ihdr[0], ihdr[1]
            assert ihdr[2:] == (8, 2, 0, 0, 0)
            raw = zlib.decompress(idat)
            assert len(raw) == (w * 3 + 1) * h
            for y in range(h):
                row = raw[y * (w * 3 + 1):(y + 1) * (w * 3 + 1)]
                assert row[0] == 0
                for x in range(w):
                    assert tuple(row[1 + 3 * x:4 + 3 * x]) == (x & 255, y & 255, (x ^ y) & 255), (x, y)
            print(w, h)
            """
        let out = dir.appendingPathComponent("out").path, err = dir.appendingPathComponent("err").path
        let child = try ChildProcess.spawn("/usr/bin/env", ["python3", "-c", script, file],
                                           environment: ProcessInfo.processInfo.environment, stdout: out, stderr: err)
        let status = try child.wait(timeout: 60)
        let errors = (try? String(contentsOfFile: err, encoding: .utf8)) ?? ""
        #expect(status == 0, "\(errors)")
        #expect((try? String(contentsOfFile: out, encoding: .utf8)) == "\(width) \(height)\n")
    }

    @Test func oneLookPerLabelFolder() {
        let a = DemoCrop.png(key: "grade/near_mint"), b = DemoCrop.png(key: "grade/mint")
        #expect(a == DemoCrop.png(key: "grade/near_mint"))
        #expect(a != b)
        #expect(DemoCrop.key(imagePath: "grade/near_mint/1794913746396-mz1v7j.jpg") == "grade/near_mint")
        #expect(DemoCrop.key(imagePath: "flat.jpg") == nil)
    }
}
