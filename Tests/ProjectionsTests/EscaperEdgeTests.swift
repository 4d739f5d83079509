import Testing
@testable import Projections

/// The one escaper of each markup language tslog writes, pinned against an edge-case table:
/// HTML (`HTMLText.escape`: the report, its SVG charts and the desk's pages) and XML attribute
/// values (`LabelStudioConfig.attribute`: the Label Studio labeling config). A Swift `String`
/// holds Unicode scalars only, so invalid UTF-8 and lone surrogates cannot reach either; the
/// characters each language cannot carry as they are are listed here.
@Suite struct EscaperEdgeTests {
    /// A string of the given scalars (Swift refuses noncharacters in a literal).
    static func scalars(_ values: UInt32...) -> String {
        var s = ""
        for v in values { s.unicodeScalars.append(Unicode.Scalar(v)!) }
        return s
    }

    static let html: [(String, String)] = [
        ("", ""),
        ("plain text", "plain text"),
        ("<", "&lt;"), (">", "&gt;"), ("&", "&amp;"), ("\"", "&quot;"), ("'", "&#39;"),
        ("&amp;", "&amp;amp;"),  // already an entity: escaped again, shown as typed
        ("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        ("a\tb\nc", "a\tb\nc"),  // tab and newline stay
        ("a\rb", "ab"), ("a\u{0}b", "ab"), ("a\u{1}b\u{1F}c", "abc"), ("a\u{7F}b", "ab"),  // other C0 and DEL dropped
        ("\u{80}\u{9B}", "\u{80}\u{9B}"),  // C1 controls pass (HTML renders them; they drive no terminal here)
        (scalars(0xFFFE, 0xFFFF, 0xFDD0), scalars(0xFFFE, 0xFFFF, 0xFDD0)),  // noncharacters pass
        ("\u{202E}rtl", "\u{202E}rtl"),
        ("您好🙂", "您好🙂"),
        ("e\u{301}", "e\u{301}"),  // a combining mark after a plain letter is kept as it is
        ("\"\u{301}", "&quot;\u{301}"),  // ... and after a quote: the quote is escaped per scalar, not per Character
        (",;=`", ",;=`"),
    ]

    @Test func htmlEscapesEveryEdgeCase() {
        for (input, expected) in Self.html {
            #expect(HTMLText.escape(input) == expected, "\(input.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    static let xmlAttribute: [(String, String)] = [
        ("", ""),
        ("good", "good"),
        ("<", "&lt;"), (">", "&gt;"), ("&", "&amp;"), ("\"", "&quot;"),
        ("'", "'"),  // the value is double-quoted: an apostrophe needs nothing
        ("a\tb", "a&#9;b"), ("a\nb", "a&#10;b"), ("a\rb", "a&#13;b"),  // kept exactly, not normalised to spaces
        ("<x & \"y\">", "&lt;x &amp; &quot;y&quot;&gt;"),
        ("\u{7F}\u{80}\u{9B}", "\u{7F}\u{80}\u{9B}"),  // DEL and C1 are legal XML 1.0 characters
        (scalars(0xFFFD, 0xFDD0), scalars(0xFFFD, 0xFDD0)),
        ("您好🙂 it's", "您好🙂 it's"),
        ("\"\u{301}", "&quot;\u{301}"),
    ]

    @Test func xmlAttributeEscapesEveryEdgeCase() throws {
        for (input, expected) in Self.xmlAttribute {
            #expect(try LabelStudioConfig.attribute(input) == expected, "\(input.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// XML 1.0 has no way to write these (not even as a character reference): refused, naming
    /// the label and the character, rather than written as a config no parser reads back.
    @Test(arguments: [0x0, 0x1, 0x8, 0xB, 0xC, 0x1F, 0xFFFE, 0xFFFF] as [UInt32])
    func xmlAttributeRefusesWhatXMLCannotHold(_ value: UInt32) {
        let scalar = Unicode.Scalar(value)!
        var label = "a"
        label.unicodeScalars.append(scalar)
        label += "b"
        #expect {
            try LabelStudioConfig.attribute(label)
        } throws: { error in
            guard let e = error as? LabelStudioConfig.Unwritable else { return false }
            return e.label == label && e.scalar == scalar
        }
    }
}
