/// Which characters must never reach a terminal raw from a stored value.
///
/// A value in the log is user data: printed raw, a C0 or C1 control (ESC, CSI U+009B, OSC
/// U+009D …) can move the cursor, retitle the window or hide text, and a bidirectional control
/// (U+202E RIGHT-TO-LEFT OVERRIDE …) makes what follows read backwards. Table output (`query`,
/// `history`, `log`) shows every one of them escaped instead.
public enum TerminalText {
    /// C0 controls, DEL, C1 controls, and the bidirectional formatting characters
    /// (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069).
    public static func isUnsafe(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0..<0x20, 0x7F...0x9F: return true
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// `text` for a message on standard error: every `isUnsafe` character but the line break and
    /// the tab written as `\u{1b}`, so a path or a file name in an error or a warning cannot drive
    /// the terminal (a message's own lines stay lines).
    public static func escapedForMessage(_ text: String) -> String {
        escaped(text, naming: messageNames)
    }

    /// A message's own line breaks and tabs stay as they are.
    private static let messageNames: [Unicode.Scalar: String] = ["\n": "\n", "\t": "\t"]

    /// `text` for one cell of a table or one entry of a list on standard output: every
    /// `isUnsafe` character escaped, the line controls by their usual names (`\n`, `\t`, `\r`),
    /// so one value stays on one line and cannot drive the terminal.
    public static func escapedForCell(_ text: String) -> String {
        escaped(text, naming: cellNames)
    }

    /// In a cell, the line controls by their usual names.
    private static let cellNames: [Unicode.Scalar: String] = ["\n": "\\n", "\t": "\\t", "\r": "\\r"]

    /// `text` with each `isUnsafe` character written as `named` says, else as `\u{HEX}`.
    static func escaped(_ text: String, naming named: [Unicode.Scalar: String]) -> String {
        guard needsEscaping(text) else { return text }
        var out = ""
        for s in text.unicodeScalars {
            if let name = named[s] {
                out += name
            } else if isUnsafe(s) {
                out += "\\u{\(String(s.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// Whether `text` holds any `isUnsafe` character (fast for plain ASCII).
    public static func needsEscaping(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 >= 0x7F } && text.unicodeScalars.contains(where: isUnsafe)
    }
}
