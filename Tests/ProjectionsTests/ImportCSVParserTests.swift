import EventLog
@testable import Projections
@testable import SampleDomain
import Testing

@Suite("Import: RFC 4180 reader")
struct ImportCSVParserTests {
    typealias F = CSVParser.Field

    static func parse(_ text: String) throws -> [CSVParser.Record] { try CSVParser.parse(Array(text.utf8)) }

    static func error(_ text: String) -> String {
        do { _ = try parse(text); return "parsed" } catch { return "\(error)" }
    }

    @Test func fieldsQuotesAndNull() throws {
        let records = try ImportCSVParserTests.parse("a,b,c\n1,,\"\"\n\"x,\"\"y\"\"\",\"line\nbreak\",\"\ttab\"\n")
        #expect(records.count == 3)
        #expect(records[1].fields == [F("1", quoted: false), F("", quoted: false), F("", quoted: true)])
        #expect(records[2].fields == [F("x,\"y\"", quoted: true), F("line\nbreak", quoted: true), F("\ttab", quoted: true)])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test func crlfBomBlankLinesAndNoFinalNewline() throws {
        let records = try ImportCSVParserTests.parse("\u{FEFF}a,b\r\n\r\n1,\"2\r\n3\"\r\n\n您好🙂,x")
        #expect(records.map(\.line) == [1, 3, 6])
        #expect(records[1].fields == [F("1", quoted: false), F("2\r\n3", quoted: true)])
        #expect(records[2].fields == [F("您好🙂", quoted: false), F("x", quoted: false)])
    }

    @Test func crOnlyLineEndsFollowTheFirstLine() throws {
        // The first line ends in CR alone: CR ends every line; CR and LF inside quotes are data.
        let records = try ImportCSVParserTests.parse("a,b\r\r1,\"x\ry\"\r2,\"p\nq\"")
        #expect(records.map(\.line) == [1, 3, 5])
        #expect(records[1].fields == [F("1", quoted: false), F("x\ry", quoted: true)])
        #expect(records[2].fields == [F("2", quoted: false), F("p\nq", quoted: true)])
        // An LF file keeps a lone CR inside an unquoted field as data, as before.
        #expect(try ImportCSVParserTests.parse("a\nx\ry\n")[1].fields == [F("x\ry", quoted: false)])
        #expect(ImportCSVParserTests.error("a\r1\n2\r").hasPrefix("line 2: a line feed in a file whose first line ends in a carriage return alone"))
    }

    @Test func trailingCommaIsAnEmptyField() throws {
        let records = try ImportCSVParserTests.parse("a,b\n1,")
        #expect(records[1].fields == [F("1", quoted: false), F("", quoted: false)])
    }

    @Test func refusals() {
        #expect(ImportCSVParserTests.error("a\n\"open\nstill") == "line 2: a quoted field is not closed before the end of the file")
        #expect(ImportCSVParserTests.error("a,b\n\"x\"y,1\n") == "line 2: unexpected text after the closing quote of field 1")
        #expect(ImportCSVParserTests.error("a,b\n1,x\"y\n") == "line 2: a quote inside unquoted field 2; quote the whole field and double the quote")
    }

    @Test func invalidUTF8IsRefused() {
        do {
            _ = try CSVParser.parse([UInt8(ascii: "a"), 0x0A, 0xFF, 0x0A])
            Issue.record("expected a refusal")
        } catch {
            #expect(error.description == "line 2: field 1 is not valid UTF-8")
        }
    }
}
