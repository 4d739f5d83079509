/// Turns labels into directory names that are one safe path component each, and distinct.
///
/// The mapping (stated in docs/events.md, frozen):
/// 1. Bytes `A-Z a-z 0-9 _ -` are kept; `.` is kept except as the first byte; every other byte
///    (`/`, `\`, `%`, `~`, space, control characters, each byte of non-ASCII UTF-8, a leading
///    `.`) becomes `%XX` (upper-case hex). This is injective, never yields `.`, `..`, an empty
///    name, a hidden name or a separator, and keeps byte-distinct labels apart even where a file
///    system would normalise Unicode.
/// 2. A name over `maxBytes` is cut to `keepBytes` (never inside a `%XX`) and given `~` and the
///    16 hex digits of the label's 64-bit FNV-1a hash.
/// 3. Names that are equal ignoring ASCII case (which a case-insensitive file system would merge),
///    or equal after step 2, are made distinct: taking the labels in byte order, the first keeps
///    its name and the k-th (k ≥ 2) gets `~~k` appended. Step 1 and 2 names hold at most one `~`,
///    so a `~~k` name never meets another.
enum ManifestPath {
    static let maxBytes = 200
    static let keepBytes = 180

    /// Steps 1 and 2 for one label.
    static func encode(_ label: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        for (i, b) in label.utf8.enumerated() {
            let kept = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
                || b == UInt8(ascii: "_") || b == UInt8(ascii: "-") || (b == UInt8(ascii: ".") && i > 0)
            if kept {
                out.append(b)
            } else {
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
        if out.count > maxBytes {
            var cut = keepBytes
            // Never end inside a %XX escape.
            if out[cut - 1] == UInt8(ascii: "%") { cut -= 1 } else if out[cut - 2] == UInt8(ascii: "%") { cut -= 2 }
            out = Array(out[..<cut])
            out.append(UInt8(ascii: "~"))
            let h = fnv1a(label)
            for shift in stride(from: 60, through: 0, by: -4) { out.append(Array("0123456789abcdef".utf8)[Int((h >> UInt64(shift)) & 15)]) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Step 3: the directory name of every distinct label among `labels`, keyed by its bytes.
    static func names(for labels: [String]) -> [[UInt8]: String] {
        var distinct = Set<[UInt8]>()
        for label in labels { distinct.insert(Array(label.utf8)) }
        let ordered = distinct.sorted { $0.lexicographicallyPrecedes($1) }
        var taken: [String: Int] = [:]
        var names: [[UInt8]: String] = [:]
        for bytes in ordered {
            let base = encode(String(decoding: bytes, as: UTF8.self))
            let key = String(decoding: base.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
            let k = (taken[key] ?? 0) + 1
            taken[key] = k
            names[bytes] = k == 1 ? base : "\(base)~~\(k)"
        }
        return names
    }

    /// The 64-bit FNV-1a hash of the label's UTF-8 bytes.
    static func fnv1a(_ text: String) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in text.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
        return h
    }

    /// The file extension for a sample: the last `.` part of `image_path`'s last component when
    /// it is 1 to 8 ASCII letters or digits (lower-cased), else `jpg` as the guide saves.
    static func fileExtension(_ imagePath: String) -> String {
        let last = imagePath.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).last ?? []
        guard let dot = last.lastIndex(of: UInt8(ascii: ".")) else { return "jpg" }
        let ext = last[last.index(after: dot)...]
        let ok = !ext.isEmpty && ext.count <= 8 && ext.allSatisfy {
            ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A)
        }
        guard ok else { return "jpg" }
        return String(decoding: ext.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }, as: UTF8.self)
    }
}
