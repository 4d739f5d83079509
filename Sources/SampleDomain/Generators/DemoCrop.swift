/// The small pictures `tslog demo` stores as its samples' crops: one look per label, drawn from
/// the folder of the sample's `image_path` (`TYPE/LABEL`), so every sample of a label shares one
/// stored image (and the store holds each once) and a relabel does not change the picture.
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
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in key.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01B3 }
        let base = (UInt8(truncatingIfNeeded: hash >> 8) | 0x40, UInt8(truncatingIfNeeded: hash >> 24) | 0x40,
                    UInt8(truncatingIfNeeded: hash >> 40) | 0x40)
        let kind = key.split(separator: "/").first.map(String.init) ?? ""
        let n = size
        var rgb = [UInt8](repeating: 0, count: n * n * 3)
        for y in 0..<n {
            for x in 0..<n {
                let on: Bool
                switch kind {
                case "grade":
                    on = max(abs(x - n / 2), abs(y - n / 2)) / 4 % 2 == 0
                case "defect":
                    on = (x + y + Int(hash % 7)) / 5 % 2 == 0
                default:
                    let edge = Int(hash % 4)
                    let border = x < 4 || y < 4 || x >= n - 4 || y >= n - 4
                    let lit = [y < 8, x >= n - 8, y >= n - 8, x < 8][edge]
                    on = border || lit
                }
                let i = (y * n + x) * 3
                rgb[i] = on ? base.0 : base.0 / 3
                rgb[i + 1] = on ? base.1 : base.1 / 3
                rgb[i + 2] = on ? base.2 : base.2 / 3
            }
        }
        return PNGEncoder.encode(width: n, height: n, rgb: rgb)
    }
}
