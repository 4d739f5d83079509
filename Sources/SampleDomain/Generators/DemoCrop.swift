/// The small pictures `tslog demo` stores as its samples' crops: one look per label, drawn from
/// the folder of the sample's `image_path` (`TYPE/LABEL`, so a relabel does not change the
/// picture), at the crop's proportions, with the picture's serial number drawn in so that each
/// sample's bytes are its own (`DemoImages`).
public enum DemoCrop {
    /// The picture's side in pixels.
    public static let size = 48

    /// The folder of `imagePath` (up to its last `/`), or nil when it has none.
    public static func key(imagePath: String) -> String? {
        guard let slash = imagePath.lastIndex(of: "/") else { return nil }
        return String(imagePath[..<slash])
    }

    /// The PNG for the folder `key`: a colour from the key's hash, a pattern from its first part
    /// (grade: rings, defect: stripes, region: a frame with one edge lit).
    public static func png(key: String) -> [UInt8] {
        png(key: key, width: size, height: size, serial: nil)
    }

    /// The PNG for the folder `key` at `width` × `height` pixels (at least 1 each), the look of
    /// `png(key:)`; with a `serial`, its 32 bits are drawn as a strip of light and dark pixels
    /// along the bottom rows, so pictures with different serials never have the same bytes.
    public static func png(key: String, width: Int, height: Int, serial: UInt32?) -> [UInt8] {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in key.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01B3 }
        let base = (UInt8(truncatingIfNeeded: hash >> 8) | 0x40, UInt8(truncatingIfNeeded: hash >> 24) | 0x40,
                    UInt8(truncatingIfNeeded: hash >> 40) | 0x40)
        let kind = key.split(separator: "/").first.map(String.init) ?? ""
        let w = Swift.max(1, width), h = Swift.max(1, height)
        var rgb = [UInt8](repeating: 0, count: w * h * 3)
        for y in 0..<h {
            for x in 0..<w {
                let on: Bool
                switch kind {
                case "grade":
                    on = Swift.max(abs(x - w / 2), abs(y - h / 2)) / 4 % 2 == 0
                case "defect":
                    on = (x + y + Int(hash % 7)) / 5 % 2 == 0
                default:
                    let edge = Int(hash % 4)
                    let border = x < 4 || y < 4 || x >= w - 4 || y >= h - 4
                    let lit = [y < 8, x >= w - 8, y >= h - 8, x < 8][edge]
                    on = border || lit
                }
                let i = (y * w + x) * 3
                rgb[i] = on ? base.0 : base.0 / 3
                rgb[i + 1] = on ? base.1 : base.1 / 3
                rgb[i + 2] = on ? base.2 : base.2 / 3
            }
        }
        if let serial {
            for bit in 0..<32 where bit < w * h {
                let i = ((h - 1 - bit / w) * w + bit % w) * 3
                let v: UInt8 = serial >> UInt32(bit) & 1 == 1 ? 0xFF : 0x00
                rgb[i] = v; rgb[i + 1] = v; rgb[i + 2] = v
            }
        }
        return PNGEncoder.encode(width: w, height: h, rgb: rgb)
    }
}
