/// The CSV formula guard: every CSV tslog writes (`export --format csv`, the dataset's
/// metadata.csv, `query`, `diff`, `history` and `tags --format csv`) puts one `'` before a text
/// cell that starts with `=`, `+`, `-`, `@`, tab, CR or `'`, so that a spreadsheet shows it as text
/// instead of running it as a formula (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`); `tslog import`
/// removes exactly that `'` again. `'` itself is a trigger so that the prefix can always be told
/// apart from text that began with a quote. Numbers, times and NULL are never guarded.
///
/// The one definition: writers and the importer all ask this type.
package enum CSVFormulaGuard {
    /// The bytes that make a spreadsheet treat a cell as a formula, and `'`.
    package static let triggers: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"),
                                               0x09, 0x0D, UInt8(ascii: "'")]

    /// `triggers` as a lookup by byte value (an export asks once per text cell).
    private static let isTrigger: [Bool] = (0..<256).map { triggers.contains(UInt8($0)) }

    /// Whether the text cell `text` gets a `'` in front: it starts with a trigger byte.
    package static func applies(to text: String) -> Bool {
        guard let first = text.utf8.first else { return false }
        return isTrigger[Int(first)]
    }

    /// `text` as read back from a guarded CSV: a `'` followed by a trigger byte loses the `'`.
    package static func removed(from text: String) -> String {
        let bytes = text.utf8
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "'"),
              isTrigger[Int(bytes[bytes.index(after: bytes.startIndex)])] else { return text }
        return String(text.dropFirst())
    }
}
