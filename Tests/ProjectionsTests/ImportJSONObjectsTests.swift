import Testing
@testable import Projections

/// `tslog import --format json`: where each row object of a JSON array or a JSON Lines file
/// stands (its line) and how a file that is neither is refused, naming the line — pinned on
/// edge cases (strings holding brackets, escaped quotes and newlines, nesting, a byte order
/// mark, every malformation).
@Suite struct ImportJSONObjectsTests {
    static func objects(_ text: String) -> String {
        let bytes = Array(text.utf8)
        do {
            return try ImportReader.objectRanges(bytes).map { "\($0.line):" + String(decoding: bytes[$0.range], as: UTF8.self) }
                .joined(separator: "|")
        } catch {
            return "\(error)"
        }
    }

    static let cases: [(String, String)] = [
        ("", ""), (" \n\n", ""),
        ("[]", ""), (" \n[ \r\n ] \n", ""),
        (#"[{"a":1}, {"b":"x}y]"}]"#, #"1:{"a":1}|1:{"b":"x}y]"}"#),
        (#"[{"a":"\"}"}]"#, #"1:{"a":"\"}"}"#),
        (#"[{"a":[1,{"b":[2]}]}]"#, #"1:{"a":[1,{"b":[2]}]}"#),
        ("\u{FEFF}[{\"a\":1}]", #"1:{"a":1}"#),
        ("[\n{\"a\":1},\n\n{\"b\":\n2}\n]", "2:{\"a\":1}|4:{\"b\":\n2}"),
        ("{\"a\":1}\n{\"b\":2}\n", #"1:{"a":1}|2:{"b":2}"#),
        (#"{"a":1}{"b":2}"#, "line 1: a second JSON object on the line; JSON Lines holds one object per line"),
        ("{\"a\":\n1}{\"b\":2}", "line 2: a second JSON object on the line; JSON Lines holds one object per line"),
        ("{\"a\":1}\nx", "line 2: expected a JSON object on each line"),
        ("{\"a\":1", "line 1: the object is not closed before the end of the file"),
        ("x", "line 1: expected a JSON array of row objects or one object per line"),
        ("[1]", "line 1: expected a row object in the array"),
        (#"[{"a":1},]"#, "line 1: expected a row object in the array"),
        ("[{\"a\":1}", "line 1: the array is not closed"),
        ("[\n{\"a\":\"x\ny\"}\n", "line 4: the array is not closed"),
        ("[\n{\"a\":1", "line 2: the object is not closed before the end of the file"),
        ("[\n{\"a\":1}\n{\"b\":2}]", "line 3: expected ',' or ']'"),
        ("[{\"a\":1}]\nx", "line 2: unexpected text after the array"),
        ("[", "line 1: expected a row object in the array"),
    ]

    @Test func objectsAndRefusalsAsPinned() {
        for (text, expected) in Self.cases {
            #expect(Self.objects(text) == expected, "\(text)")
        }
    }
}
