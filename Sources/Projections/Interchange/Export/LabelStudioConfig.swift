/// The Label Studio labeling config that goes with a `label-studio` export of one label type, so
/// that a project imports the tasks with no hand-written XML (issue 19).
///
/// A Label Studio project has one labeling config, and every task's annotation names its choice
/// `from_name: "label"`, `to_name: "image"` (the frozen tasks format, `ExportLabelStudioFormat`).
/// So a config is for one label type — a grading project and a defect project are two projects —
/// and holds one `Choices` named `label` with a `Choice` for every label among the exported rows.
///
/// Frozen (docs/events.md, "label-studio"): `\n` line ends, two-space indent, the labels in
/// byte order, each label written exactly (an attribute value, escaped):
///
///     <View>
///       <Image name="image" value="$image"/>
///       <Choices name="label" toName="image" choice="single" showInline="true">
///         <Choice value="good"/>
///         <Choice value="&lt;x &amp; &quot;y&quot;&gt;"/>
///       </Choices>
///     </View>
public enum LabelStudioConfig {
    /// A label XML 1.0 cannot hold (a control character other than tab, LF and CR, or U+FFFE /
    /// U+FFFF): no `Choice` could equal it, so the annotations would not match the config.
    public struct Unwritable: Error, Sendable {
        /// The label at fault.
        public var label: String
        /// The character XML cannot hold.
        public var scalar: Unicode.Scalar
    }

    /// The config for `labels` (any order, duplicates allowed): one `Choice` per distinct label,
    /// in byte order.
    /// - Throws: `Unwritable` for the first label, in byte order, that XML cannot hold.
    public static func xml(labels: [String]) throws(Unwritable) -> [UInt8] {
        let ordered = Set(labels.map { Array($0.utf8) }).sorted { $0.lexicographicallyPrecedes($1) }
        var out = "<View>\n"
        out += "  <Image name=\"image\" value=\"$image\"/>\n"
        out += "  <Choices name=\"label\" toName=\"image\" choice=\"single\" showInline=\"true\">\n"
        for bytes in ordered {
            out += "    <Choice value=\"" + (try attribute(String(decoding: bytes, as: UTF8.self))) + "\"/>\n"
        }
        out += "  </Choices>\n"
        out += "</View>\n"
        return Array(out.utf8)
    }

    /// `text` as a double-quoted XML attribute value that a parser reads back exactly: `&`, `<`,
    /// `>` and `"` as entities, and tab, LF and CR as character references (a parser turns them
    /// into spaces when written plainly, by attribute-value normalisation).
    /// - Throws: `Unwritable` when `text` holds a character XML 1.0 cannot hold at all.
    static func attribute(_ text: String) throws(Unwritable) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    throw Unwritable(label: text, scalar: scalar)
                }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
