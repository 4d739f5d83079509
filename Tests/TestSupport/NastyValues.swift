import EventLog
import SampleDomain

/// The awkward values the random operation generator draws from: labels that differ only by case,
/// spacing or Unicode normalisation, CSV and SQL metacharacters, emoji, the longest label allowed,
/// and instants at day boundaries and at the ends of the supported range.
public enum NastyValues {
    static let labels: [String] = [
        "Stain", "stain", "Stain ", " Stain", "STAIN", "Spine Tick", "Spine \"Tick\"", "O'Brien's crease",
        "a,b", "comma, then space", "semi;colon", "back\\slash", "slash/ed", "您好🙂", "🙂", "👨‍👩‍👧",
        "\u{E9}", "e\u{301}", "Stra\u{DF}e", "\u{3A9}mega", "NULL", "null", "0", "-", "#", "x",
        "pristine", "near_mint", "minor_wear", "moderate_wear", "heavy_wear", "Heavy_Wear", "damaged",
        "corner_tl", "spine", "Color Break", "Corner Crease", "Tear",
        String(repeating: "L", count: 256), String(repeating: "\u{E9}", count: 128),
    ]

    /// Text other programs read specially, for labels (so no control characters): SQL injection
    /// text, quotes, backslashes, COPY's `\N` and `\.`, dollar quotes, emoji, right-to-left marks
    /// and overrides, U+2028, U+FEFF, U+FFFF, combining marks, formula starts, the longest label.
    public static let hostileLabels: [String] = [
        "'); DROP TABLE training_samples; --", "O'Brien's", "back\\slash\\", "\\'", "\\\\'", "$$", "$x$ a $x$", "\"quoted\"",
        "E'\\x41'", "🙂 emoji 👨‍👩‍👧", "rtl\u{200F}mark", "\u{202E}override", "line\u{2028}sep", "\u{FEFF}bom",
        "non\u{FFFF}char", "您好", "%s %d", ":param", "\\N", "\\.", "NULL", " ", "  lead", "trail  ", "a,b", "semi;colon",
        "<img src=x onerror=alert(1)>", "=SUM(A1)", "'=x", "-1", "+1", "@x", "tab\\there", "e\u{301}", "\u{E9}",
        String(repeating: "x", count: 256), "\\\\server\\share", "'; COPY x TO PROGRAM 'id'; --", "\u{600}\u{601}",
    ]

    /// `hostileLabels` and what the other text columns may hold besides (only NUL is refused):
    /// every C0 control, DEL and C1 controls, line breaks before psql meta-commands and COPY's
    /// end marker, and the longest text a field takes (4096 bytes).
    public static let hostileTexts: [String] = hostileLabels + [
        "tab\there", "new\nline", "cr\rlf\r\n", "\r", "\n\\! echo escaped\n", "\n\\.\n", "x\n\\q\n",
        "\u{1B}[31mred\u{1B}[0m", "\u{1B}]0;title\u{7}", "\u{7F}del", "\u{85}nel", "\u{9B}31m", "\u{8}\u{8}back",
        String((1...31).map { Character(Unicode.Scalar(UInt8($0))) }), "'\n'", "\\'\n;\n",
        String(repeating: "\u{E9}", count: 2048), String(repeating: "'", count: 4096),
    ]

    static let regionNames: [String] = ["spine", "corner_tl", "corner_br", "edge_top", "", "corner_tl ", "角", "a,\"b\""]
    static let scanIDs: [String] = ["scan-1", "scan-2", "7d3f0c1e-0000-4000-8000-00000000abcd", "", "scan,1 \"x\"", "スキャン"]
    static let functionIDs: [String] = ["fn_grades", "fn_defects", "FN_grades", "", "fn 🙂"]
    static let nyckelSampleIDs: [String] = ["nk_1", "nk_2", "", "nk,\"3\"", "ñk"]
    static let texts: [String] = ["second look", "", "it's \"fine\"", "a,b", "🙂", "back\\slash"]
    static let cropNumbers: [Double] = [0, 0.5, 1, 3.75, 10, 12.25, 0.125, 0.1, 99.99, 1024.5, 1988, 3056, 65_535.5, 99_999]
    static let sizes: [Int64] = [0, 1, 300, 1988, 3056, 40_000, 2_147_483_647]
    static let fileSizes: [Int64] = [0, 1, 123_456, 9_007_199_254_740_993, 9_223_372_036_854_775_807]

    /// Ids at the ends of the byte order and ids that differ only in their last byte.
    static let edgeIDs: [SampleID] = [
        SampleID(high: 0, low: 0), SampleID(high: 0, low: 1), SampleID(high: .max, low: .max),
        SampleID(high: 0x8000_0000_0000_0000, low: 0), SampleID(high: 0x1234_5678_9ABC_4DEF, low: 0x8000_0000_0000_00FE),
        SampleID(high: 0x1234_5678_9ABC_4DEF, low: 0x8000_0000_0000_00FF),
    ]

    /// 0001-01-01, the last microsecond before 1970, the epoch, a leap day, and the last day and
    /// microsecond tslog accepts.
    static let extremeTimes: [Timestamp] = [
        Timestamp.minimum, Timestamp(microseconds: Timestamp.minimum.microseconds + 1),
        Timestamp(microseconds: -1), Timestamp(microseconds: 0),
        Timestamp(rfc3339: "2000-02-29T12:34:56.5Z") ?? Timestamp(microseconds: 0),
        Timestamp(rfc3339: "9999-12-31T00:00:00Z") ?? Timestamp.maximum, Timestamp.maximum,
    ]

    /// 2026-01-01T00:00:00Z: the start of the generator's ordinary times.
    static let base = Timestamp(microseconds: 1_767_225_600_000_000)
    static let day: Int64 = 86_400_000_000
}
