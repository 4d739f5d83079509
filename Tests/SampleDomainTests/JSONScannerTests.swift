import Testing
@testable import SampleDomain

@Suite("JSON scanner")
struct JSONScannerTests {
    static func scan(_ bytes: [UInt8]) -> Result<JSONObject, JSONScanner.SyntaxError> {
        bytes.withUnsafeBufferPointer { JSONScanner.parseObject($0) }
    }

    static func scan(_ text: String) -> Result<JSONObject, JSONScanner.SyntaxError> { scan(Array(text.utf8)) }

    /// The refusal as `byte N: message`, or "ok".
    static func verdict(_ bytes: [UInt8]) -> String {
        switch scan(bytes) {
        case .success: "ok"
        case .failure(let e): "byte \(e.offset): \(e.message)"
        }
    }

    static let accepted: [String] = [
        "{}", " {} ", "{}\r", "{}\n", "\t{ }\t",
        #"{"a":1}"#, #"{"a":-0}"#, #"{"a":0.5}"#, #"{"a":-1.5e-3}"#, #"{"a":1E+9}"#, #"{"a":1e400}"#,
        #"{"a":true,"b":false,"c":null}"#, #"{"a":[],"b":{},"c":[1,[2,{"d":[]}]]}"#,
        #"{"a":"\"\\\/\b\f\n\r\t"}"#, #"{"a":"\u0000\u001f\u00e9\uD83D\uDE42"}"#,
        #"{"a":"您好🙂"}"#, #"{"":""}"#, #"{"a" : 1 , "b" : 2}"#,
        #"{"A":1,"a":2}"#,
    ]

    @Test("accepts RFC 8259 objects", arguments: accepted)
    func accepts(_ text: String) {
        #expect(Self.verdict(Array(text.utf8)) == "ok")
    }

    static let refused: [(String, String)] = [
        ("", "byte 0: expected '{': a line must be one JSON object"),
        ("   ", "byte 3: expected '{': a line must be one JSON object"),
        ("[]", "byte 0: expected '{': a line must be one JSON object"),
        ("\"a\"", "byte 0: expected '{': a line must be one JSON object"),
        ("1", "byte 0: expected '{': a line must be one JSON object"),
        ("null", "byte 0: expected '{': a line must be one JSON object"),
        ("{", "byte 1: expected a string key"),
        (#"{"a":1,}"#, "byte 7: expected a string key"),
        (#"{"a":[1,]}"#, "byte 8: expected a value"),
        (#"{"a":[1 2]}"#, "byte 8: expected ',' or ']'"),
        (#"{"a" 1}"#, "byte 5: expected ':'"),
        (#"{"a":1 "b":2}"#, "byte 7: expected ',' or '}'"),
        (#"{"a":01}"#, "byte 5: leading zeros are not allowed in numbers"),
        (#"{"a":-01}"#, "byte 5: leading zeros are not allowed in numbers"),
        (#"{"a":1.}"#, "byte 7: expected a digit after '.'"),
        (#"{"a":.5}"#, "byte 5: expected a value"),
        (#"{"a":1e}"#, "byte 7: expected a digit in the exponent"),
        (#"{"a":+1}"#, "byte 5: expected a value"),
        (#"{"a":-}"#, "byte 6: expected a digit"),
        (#"{"a":NaN}"#, "byte 5: expected a value"),
        (#"{"a":Infinity}"#, "byte 5: expected a value"),
        (#"{"a":tru}"#, "byte 5: expected a value"),
        (#"{"a":True}"#, "byte 5: expected a value"),
        (#"{"a":1}/* c */"#, "byte 7: expected end of line after the object"),
        (#"{"a":1 // c"#, "byte 7: expected ',' or '}'"),
        (#"{'a':1}"#, "byte 1: expected a string key"),
        (#"{"a":'x'}"#, "byte 5: expected a value"),
        (#"{a:1}"#, "byte 1: expected a string key"),
        ("{\"a\":\"x\ny\"}", "byte 7: control character U+000A must be escaped in a string"),
        ("{\"a\":\"\t\"}", "byte 6: control character U+0009 must be escaped in a string"),
        (#"{"a":"\x"}"#, "byte 6: invalid escape '\\x'"),
        (#"{"a":"\'"}"#, "byte 6: invalid escape '\\''"),
        (#"{"a":"\u12"}"#, "byte 6: invalid \\u escape: expected 4 hex digits"),
        (#"{"a":"\u12G4"}"#, "byte 6: invalid \\u escape: expected 4 hex digits"),
        (#"{"a":"\uD800"}"#, "byte 6: lone surrogate \\uD800 in string"),
        (#"{"a":"\uDC00\uD800"}"#, "byte 6: lone surrogate \\uDC00 in string"),
        (#"{"a":"\uD800\u0041"}"#, "byte 6: lone surrogate \\uD800 in string"),
        (#"{"a":"\uD800x"}"#, "byte 6: lone surrogate \\uD800 in string"),
        (#"{"a":"abc"#, "byte 9: unterminated string"),
        (#"{"a":1}}"#, "byte 7: expected end of line after the object"),
        (#"{"a":1} x"#, "byte 8: expected end of line after the object"),
        (#"{"a":1}{}"#, "byte 7: expected end of line after the object"),
        (#"{"a":1,"a":2}"#, "byte 7: key 'a' appears twice"),
        (#"{"a":1,"\u0061":2}"#, "byte 7: key 'a' appears twice"),
        (#"{"c":{"x":1,"x":2}}"#, "byte 12: key 'c.x' appears twice"),
    ]

    @Test("refuses everything else, naming the byte", arguments: refused)
    func refuses(_ text: String, _ expected: String) {
        #expect(Self.verdict(Array(text.utf8)) == expected)
    }

    @Test("a duplicate key is reported with its path")
    func duplicatePath() throws {
        guard case .failure(let e) = Self.scan(#"{"crop_data":{"x":1,"x":2}}"#) else { Issue.record("accepted"); return }
        #expect(e.duplicateKey == "crop_data.x")
    }

    @Test("a duplicate key among many keys is still found")
    func duplicateAmongMany() {
        let members = (0..<100).map { #""k\#($0)":\#($0)"# }.joined(separator: ",")
        #expect(Self.verdict(Array("{\(members)}".utf8)) == "ok")
        let text = "{\(members),\"k50\":1}"
        guard case .failure(let e) = Self.scan(text) else { Issue.record("accepted"); return }
        #expect(e.duplicateKey == "k50")
    }

    @Test("values are read exactly")
    func values() throws {
        let o = try Self.scan(#"{"s":"a\"b\u00e9\uD83D\uDE42","n":-1.5e3,"i":12,"l":[true,null],"o":{}}"#).get()
        #expect(o["s"] == .string("a\"bé🙂"))
        #expect(o["n"] == .number(JSONNumber(text: "-1.5e3", isInteger: false)))
        #expect(o["i"] == .number(JSONNumber(text: "12", isInteger: true)))
        #expect(o["l"] == .array([.bool(true), .null]))
        #expect(o["o"] == .object(JSONObject()))
        #expect(o.members.map(\.key) == ["s", "n", "i", "l", "o"])
    }

    @Test("nesting up to 32 levels is accepted, deeper refused")
    func depthLimit() {
        let ok = "{\"a\":" + String(repeating: "[", count: 31) + String(repeating: "]", count: 31) + "}"
        #expect(Self.verdict(Array(ok.utf8)) == "ok")
        let deep = "{\"a\":" + String(repeating: "[", count: 32) + String(repeating: "]", count: 32) + "}"
        #expect(Self.verdict(Array(deep.utf8)) == "byte 36: nesting deeper than 32 levels")
    }

    @Test("100,000 opening brackets are refused without exhausting the stack")
    func hugeNesting() {
        let brackets = "{\"a\":" + String(repeating: "[", count: 100_000)
        #expect(Self.verdict(Array(brackets.utf8)) == "byte 36: nesting deeper than 32 levels")
        let objects = String(repeating: "{\"a\":", count: 100_000)
        #expect(Self.verdict(Array(objects.utf8)) == "byte 160: nesting deeper than 32 levels")
    }

    static let badUTF8: [([UInt8], String)] = [
        ([0x80], "invalid UTF-8 byte 0x80"),                     // lone continuation byte
        ([0xC0, 0xAF], "invalid UTF-8 byte 0xC0"),               // overlong '/'
        ([0xC1, 0xBF], "invalid UTF-8 byte 0xC1"),               // overlong
        ([0xE0, 0x80, 0xAF], "invalid UTF-8 sequence starting with 0xE0"),        // overlong 3-byte
        ([0xF0, 0x80, 0x80, 0xAF], "invalid UTF-8 sequence starting with 0xF0"),  // overlong 4-byte
        ([0xED, 0xA0, 0x80], "invalid UTF-8 sequence starting with 0xED"),        // U+D800 encoded
        ([0xED, 0xBF, 0xBF], "invalid UTF-8 sequence starting with 0xED"),        // U+DFFF encoded
        ([0xF4, 0x90, 0x80, 0x80], "invalid UTF-8 sequence starting with 0xF4"),  // U+110000
        ([0xF5, 0x80, 0x80, 0x80], "invalid UTF-8 byte 0xF5"),
        ([0xFF], "invalid UTF-8 byte 0xFF"),
        ([0xE4, 0xBD], "invalid UTF-8 sequence starting with 0xE4"),              // truncated before the quote
        ([0xC3, 0x41], "invalid UTF-8 sequence starting with 0xC3"),
        ([0xE4, 0xBD, 0x41], "invalid UTF-8 sequence starting with 0xE4"),
    ]

    @Test("invalid UTF-8 inside a string is refused", arguments: badUTF8)
    func invalidUTF8(_ bad: [UInt8], _ message: String) {
        let line = Array(#"{"a":"x"#.utf8) + bad + Array(#""}"#.utf8)
        #expect(Self.verdict(line) == "byte 7: \(message)")
    }

    @Test("a sequence cut off by the end of the line is truncated")
    func truncatedAtEnd() {
        #expect(Self.verdict(Array(#"{"a":""#.utf8) + [0xF0, 0x9F]) == "byte 6: truncated UTF-8 sequence")
    }

    @Test("valid multi-byte UTF-8 at every length is accepted")
    func validUTF8() throws {
        let line = Array(#"{"a":""#.utf8) + [0xC2, 0x80, 0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80,
                                            0xF0, 0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF] + Array(#""}"#.utf8)
        let o = try Self.scan(line).get()
        #expect(o["a"] == .string("\u{80}\u{800}\u{D7FF}\u{E000}\u{10000}\u{10FFFF}"))
    }

    @Test("bytes above 0x7F outside strings are refused")
    func highBytesOutsideStrings() {
        #expect(Self.verdict(Array(#"{"a":"#.utf8) + [0xC3, 0xA9] + Array("}".utf8)) == "byte 5: expected a value")
        #expect(Self.verdict([0xEF, 0xBB, 0xBF] + Array("{}".utf8)) == "byte 0: expected '{': a line must be one JSON object")
    }
}
