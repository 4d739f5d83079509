import EventLog
@testable import Projections
import SampleDomain
import Testing

/// The edge cases every format must get right: quotes, commas, newline, CR, tab, wide text,
/// empty string, NULL, crop present and absent, fractional and whole times.
let edgeCases = ResultTable(
    columns: ["name", "n", "at", "day", "rate", "crop"],
    rows: [
        [.text(#"say "hi""#), .int(1), .timestamp(at("2026-11-25T12:00:00.5Z")), .date(20_417), .decimal("66.67"),
         .crop(CropData(x: 1, y: 2.5, width: 30, height: 40))],
        [.text("a,b"), .int(-20), .timestamp(at("2026-11-25T00:00:00Z")), .date(0), .decimal("0.00"), .null],
        [.text("line\nbreak"), .null, .null, .null, .null, .null],
        [.text("cr\rhere"), .int(0), .null, .null, .null, .null],
        [.text("tab\there"), .int(12_345), .null, .null, .null, .null],
        [.text("您好🙂"), .int(7), .null, .null, .null, .null],
        [.text(""), .int(2), .null, .null, .null, .null],
        [.null, .int(3), .null, .null, .null, .null],
    ])

@Suite("Result renderers, pinned byte for byte")
struct RenderTests {
    @Test func json() {
        let expected = """
            [
            {"name":"say \\"hi\\"","n":1,"at":"2026-11-25T12:00:00.500000Z","day":"2025-11-25","rate":66.67,"crop":{"x":1,"y":2.5,"width":30,"height":40}},
            {"name":"a,b","n":-20,"at":"2026-11-25T00:00:00Z","day":"1970-01-01","rate":0.00,"crop":null},
            {"name":"line\\nbreak","n":null,"at":null,"day":null,"rate":null,"crop":null},
            {"name":"cr\\rhere","n":0,"at":null,"day":null,"rate":null,"crop":null},
            {"name":"tab\\there","n":12345,"at":null,"day":null,"rate":null,"crop":null},
            {"name":"您好🙂","n":7,"at":null,"day":null,"rate":null,"crop":null},
            {"name":"","n":2,"at":null,"day":null,"rate":null,"crop":null},
            {"name":null,"n":3,"at":null,"day":null,"rate":null,"crop":null}
            ]

            """
        #expect(edgeCases.render(.json) == expected)
    }

    @Test func jsonSingleObjectAndEmpty() {
        let one = ResultTable(columns: ["a", "b"], rows: [[.int(1), .decimal("100.00")]], singleObject: true)
        #expect(one.render(.json) == #"{"a":1,"b":100.00}"# + "\n")
        #expect(ResultTable(columns: ["a"], rows: []).render(.json) == "[]\n")
    }

    @Test func csv() {
        let expected = "name,n,at,day,rate,crop\n"
            + #""say ""hi""",1,2026-11-25T12:00:00.500000Z,2025-11-25,66.67,"{""x"":1,""y"":2.5,""width"":30,""height"":40}""# + "\n"
            + #""a,b",-20,2026-11-25T00:00:00Z,1970-01-01,0.00,"# + "\n"
            + "\"line\nbreak\",,,,,\n"
            + "\"cr\rhere\",0,,,,\n"
            + "tab\there,12345,,,,\n"
            + "您好🙂,7,,,,\n"
            + #""",2,,,,"# + "\n"
            + ",3,,,,\n"
        #expect(edgeCases.render(.csv) == expected)
        #expect(ResultTable(columns: ["a", "b"], rows: []).render(.csv) == "a,b\n")
    }

    @Test func table() {
        let expected = """
                name     |   n   |             at              |    day     | rate  |                  crop
            -------------+-------+-----------------------------+------------+-------+----------------------------------------
             say "hi"    |     1 | 2026-11-25T12:00:00.500000Z | 2025-11-25 | 66.67 | {"x":1,"y":2.5,"width":30,"height":40}
             a,b         |   -20 | 2026-11-25T00:00:00Z        | 1970-01-01 |  0.00 |
             line\\nbreak |       |                             |            |       |
             cr\\rhere    |     0 |                             |            |       |
             tab\\there   | 12345 |                             |            |       |
             您好🙂      |     7 |                             |            |       |
                         |     2 |                             |            |       |
                         |     3 |                             |            |       |
            (8 rows)

            """
        #expect(edgeCases.render(.table) == expected)
        #expect(ResultTable(columns: ["a"], rows: []).render(.table) == " a\n---\n(0 rows)\n")
    }

    @Test func tableFitsAWidth() {
        // The widest columns (crop, then the time) give way; cut cells end in "…".
        let expected = """
               name   | n |       at        |    day     | rate  |       crop
            ----------+---+-----------------+------------+-------+------------------
             say "hi" | 1 | 2026-11-25T12:… | 2025-11-25 | 66.67 | {"x":1,"y":2.5,…
            (1 row)

            """
        let one = ResultTable(columns: edgeCases.columns, rows: [edgeCases.rows[0]])
        let out = one.render(.table, width: 72)
        #expect(out == expected)
        #expect(out.split(separator: "\n").allSatisfy { TextWidth.of($0) <= 72 })
        // Too narrow to fit: columns stop at the minimum width rather than vanish.
        let narrow = one.render(.table, width: 10)
        #expect(narrow.contains(#" sa… | 1 | 20… | 20… | 66… | {"…"# + "\n"))
    }

    @Test func displayWidths() {
        #expect(TextWidth.of("abc") == 3)
        #expect(TextWidth.of("您好🙂") == 6)
        #expect(TextWidth.of("e\u{301}") == 1)
        #expect(TextWidth.truncate("您好🙂x", to: 4) == "您…")
        #expect(TextWidth.truncate("abc", to: 3) == "abc")
        #expect(TextWidth.visible("a\u{1b}b") == "a\\u{1b}b")
    }
}
