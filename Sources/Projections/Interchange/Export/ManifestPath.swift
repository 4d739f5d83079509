import SampleDomain

/// Turns labels into directory names that are one safe path component each, and distinct, and
/// readable: a label is its own folder name unless a file system needs otherwise.
///
/// The mapping (stated in docs/events.md, frozen):
/// 1. Every character is kept as its UTF-8 bytes (space, `é`, `您好🙂` too), except the bytes of
///    these, which become `%XX` (upper-case hex): the separators `/` and `\`, control characters
///    (U+0000–U+001F, U+007F–U+009F, NUL included), `%` and `~` (the escape and suffix
///    marks, so the mapping stays injective), a first `=` `+` `-` `@` or `'` (which a
///    spreadsheet would run as a formula in metadata.csv, or a shell read as an option), and a
///    first `.` (which would make a hidden folder that `ls`, file pickers and some loaders skip:
///    `.hidden` becomes `%2Ehidden`). A name that is `.` or `..` becomes `%2E` or `%2E%2E`. So a
///    name is never empty, `.`, `..`, hidden, or holds a separator or control character.
/// 2. A name over `maxBytes` bytes is cut to at most `keepBytes` (never inside a `%XX` or a UTF-8
///    character) and given `~` and the 16 hex digits of the label's 64-bit FNV-1a hash.
/// 3. Names that a file system could merge — equal ignoring case, or canonically equivalent
///    Unicode (`é` precomposed and `e` + U+0301), which case-insensitive or normalising file
///    systems (APFS, NTFS) treat as one — or equal after step 2, are made distinct: taking the
///    labels in byte order, the first keeps its name and the k-th (k ≥ 2) gets `~~k` appended.
///    Step 1 and 2 names hold at most one `~`, so a `~~k` name never meets another.
enum ManifestPath {
    static let maxBytes = 200
    static let keepBytes = 180

    /// Whether step 1 writes the scalar's bytes as `%XX`.
    static func isEscaped(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2F, 0x5C, 0x25, 0x7E: true  // / \ % ~
        default: false
        }
    }

    /// Steps 1 and 2 for one label.
    static func encode(_ label: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out: [UInt8] = []
        func escape<S: Sequence<UInt8>>(_ bytes: S) { for b in bytes { out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]] } }
        if label == "." || label == ".." {
            escape(label.utf8)
        } else {
            for (i, s) in label.unicodeScalars.enumerated() {
                // A first character a spreadsheet would run (`=` `+` `-` `@` `'`) is escaped too, so a
                // path in metadata.csv never needs the formula guard, nor reads as an option; and a
                // first `.`, so the folder is not hidden.
                let leading = i == 0 && s.isASCII && (s == "." || CSVFormulaGuard.triggers.contains(UInt8(s.value)))
                if isEscaped(s) || leading { escape(String(s).utf8) } else { out += Array(String(s).utf8) }
            }
        }
        if out.count > maxBytes {
            var cut = keepBytes
            // Never end inside a %XX escape or a UTF-8 character.
            if out[cut - 1] == UInt8(ascii: "%") { cut -= 1 } else if out[cut - 2] == UInt8(ascii: "%") { cut -= 2 }
            while cut > 0, out[cut] & 0xC0 == 0x80 { cut -= 1 }
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
            // A Swift String key compares canonically equivalent text as equal; lowercased folds case.
            let key = base.lowercased()
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
