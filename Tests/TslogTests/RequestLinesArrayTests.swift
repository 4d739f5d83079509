import Testing
@testable import tslog

/// `POST /v1/events` with a JSON array body: the elements it finds (numbered by position) and
/// the 400 it answers for an array that is not well formed, naming the byte — pinned on edge
/// cases (strings holding brackets and escaped quotes, nesting, a byte order mark, every
/// malformation).
@Suite struct RequestLinesArrayTests {
    static func split(_ body: String) -> String {
        do {
            return try RequestLines.split(Array(body.utf8)).map { "\($0.number):" + String(decoding: $0.bytes, as: UTF8.self) }
                .joined(separator: "|")
        } catch {
            return "\(error.status) \(error.message)"
        }
    }

    static let cases: [(String, String)] = [
        ("[]", ""),
        (" \n[ \r\n ] \n", ""),
        (#"[{"a":1}]"#, #"1:{"a":1}"#),
        (#"[{"a":1}, {"b":"x}y]"}]"#, #"1:{"a":1}|2:{"b":"x}y]"}"#),
        (#"[{"a":"\"}"}]"#, #"1:{"a":"\"}"}"#),
        (#"[{"a":"\\"},{"b":2}]"#, #"1:{"a":"\\"}|2:{"b":2}"#),
        (#"[{"a":[1,{"b":[2]}]}]"#, #"1:{"a":[1,{"b":[2]}]}"#),
        ("\u{FEFF}[{\"a\":1}]", #"1:{"a":1}"#),
        ("[\n{\"a\":1},\n\n{\"b\":\n2}\n]", "1:{\"a\":1}|2:{\"b\":\n2}"),
        ("[1]", "400 malformed JSON array at byte 1: expected an event object"),
        (#"[{"a":1},]"#, "400 malformed JSON array at byte 9: expected an event object"),
        (#"[{"a":1}"#, "400 malformed JSON array at byte 8: the array is not closed"),
        (#"[{"a":1"#, "400 malformed JSON array at byte 1: the object is not closed"),
        (#"[{"a":"\"#, "400 malformed JSON array at byte 1: the object is not closed"),
        (#"[{"a":1} {"b":2}]"#, "400 malformed JSON array at byte 9: expected ',' or ']'"),
        (#"[{"a":1}] x"#, "400 malformed JSON array at byte 10: unexpected bytes after the array"),
        ("\u{FEFF}[{\"a\":1}]]", "400 malformed JSON array at byte 12: unexpected bytes after the array"),
        (#"[{"a":1}}]"#, "400 malformed JSON array at byte 8: expected ',' or ']'"),
        ("[", "400 malformed JSON array at byte 1: expected an event object"),
    ]

    @Test func elementsAndRefusalsAsPinned() {
        for (body, expected) in Self.cases {
            #expect(Self.split(body) == expected, "\(body)")
        }
    }
}
