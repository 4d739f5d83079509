import Foundation
import Testing
import EventLog
@testable import tslog

/// Reads everything, as (number, text or "<oversize N>", hasNewline).
private func readAll(_ input: String, max: Int = 1 << 20, chunk: Int = 4, skipBlank: Bool = true) throws -> [String] {
    try readAll(Array(input.utf8), max: max, chunk: chunk, skipBlank: skipBlank)
}

private func readAll(_ input: [UInt8], max: Int = 1 << 20, chunk: Int = 4, skipBlank: Bool = true) throws -> [String] {
    var reader = LineReader(.bytes(input), maxLineLength: max, chunkSize: chunk, skipsBlankLines: skipBlank)
    var out: [String] = []
    while let line = try reader.next() { out.append(render(line)) }
    return out
}

private func render(_ line: InputLine) -> String {
    let mark = line.hasNewline ? "" : " (no newline)"
    switch line.content {
    case .text(let bytes): return "\(line.number): \(String(decoding: bytes, as: UTF8.self))\(mark)"
    case .oversize(let seen): return "\(line.number): <oversize \(seen)>\(mark)"
    }
}

@Suite("LineReader")
struct LineReaderTests {
    @Test func plainLines() throws {
        #expect(try readAll("a\nbb\nccc\n") == ["1: a", "2: bb", "3: ccc"])
        #expect(try readAll("") == [])
        #expect(try readAll("\n") == [])
    }

    @Test func lastLineWithoutNewline() throws {
        #expect(try readAll("a\nlast") == ["1: a", "2: last (no newline)"])
        #expect(try readAll("only") == ["1: only (no newline)"])
    }

    @Test func crlfIsStrippedOnlyAtTheEnd() throws {
        #expect(try readAll("a\r\nb\rc\r\nd\r") == ["1: a", "2: b\rc", "3: d (no newline)"])
    }

    @Test func blankLinesAreSkippedButCounted() throws {
        #expect(try readAll("\n\na\n \t\r\n\nb\n\n") == ["3: a", "6: b"])
    }

    @Test func blankLinesCanBeKept() throws {
        #expect(try readAll("\na\n\r\n", skipBlank: false) == ["1: ", "2: a", "3: "])
    }

    @Test func lineAtTheLimitIsKeptOneOverIsNot() throws {
        let ten = String(repeating: "x", count: 10)
        #expect(try readAll("\(ten)\n\(ten)\r\n\(ten)", max: 10, chunk: 3)
            == ["1: \(ten)", "2: \(ten)", "3: \(ten) (no newline)"])
        #expect(try readAll("\(ten)y\nok\n", max: 10, chunk: 64) == ["1: <oversize 11>", "2: ok"])
    }

    @Test func oversizeLineIsReportedEarlyAndSkipped() throws {
        let long = String(repeating: "z", count: 100)
        let lines = try readAll("a\n\(long)\nb\n\(long)", max: 10, chunk: 4)
        #expect(lines.count == 4)
        #expect(lines[0] == "1: a")
        #expect(lines[1].hasPrefix("2: <oversize "))
        #expect(lines[2] == "3: b")
        #expect(lines[3].hasPrefix("4: <oversize "))
        // Reported once the limit (plus a possible \r) is passed: long before the whole line.
        #expect(lines[1] == "2: <oversize 14> (no newline)")
    }

    @Test func oversizeLineDoesNotGrowTheBuffer() throws {
        let max = 1024
        let chunk = 256
        var input = Array(repeating: UInt8(ascii: "q"), count: 5 << 20)
        input.append(contentsOf: Array("\nafter\n".utf8))
        var reader = LineReader(.bytes(input), maxLineLength: max, chunkSize: chunk)
        let first = try #require(try reader.next())
        guard case .oversize(let seen) = first.content else {
            Issue.record("expected oversize, got \(first)")
            return
        }
        #expect(seen > max && seen <= max + 1 + chunk)
        let second = try #require(try reader.next())
        #expect(second == InputLine(number: 2, content: .text(Array("after".utf8)), hasNewline: true))
        #expect(try reader.next() == nil)
        #expect(reader.bufferCapacity <= max + 2 + 2 * chunk)
    }

    /// Every chunk size from 1 to 9 against a naive split, on seeded random inputs.
    @Test func matchesNaiveSplitAtEveryChunkBoundary() throws {
        var rng = SplitMix64(seed: 0x7e57)
        let alphabet: [UInt8] = Array("ab \t\r\n\n{}".utf8)
        for _ in 0..<200 {
            let length = Int(rng.next() % 40)
            let input = (0..<length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let expected = naive(input, max: 6)
            for chunk in 1...9 {
                #expect(try readAll(input, max: 6, chunk: chunk).map(normalizeOversize) == expected,
                        "input \(input) chunk \(chunk)")
            }
        }
    }

    @Test func readsFromAFileDescriptor() throws {
        let directory = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(directory) }
        let url = directory.appendingPathComponent("input")
        var text = ""
        for i in 1...20_000 { text += "{\"n\":\(i)}\r\n" }
        try Data(text.utf8).write(to: url)
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var reader = LineReader(.fileDescriptor(handle.fileDescriptor), inputName: url.path, chunkSize: 4096)
        var count = 0
        while let line = try reader.next() {
            count += 1
            #expect(line.content == .text(Array("{\"n\":\(count)}".utf8)) && line.number == count)
        }
        #expect(count == 20_000)
    }

    @Test func readErrorNamesTheCallAndInput() {
        var reader = LineReader(.fileDescriptor(-1), inputName: "standard input")
        #expect(throws: SystemCallError.self) { try reader.next() }
        do {
            _ = try reader.next()
        } catch {
            #expect(error.description == "read standard input: Bad file descriptor (errno 9)")
        }
    }
}

/// The oracle: split on \n, drop one trailing \r, skip blanks, flag lines over `max`.
private func naive(_ input: [UInt8], max: Int) -> [String] {
    var out: [String] = []
    var pieces = input.split(separator: 10, omittingEmptySubsequences: false).map(Array.init)
    let endsWithNewline = input.last == 10
    if endsWithNewline || input.isEmpty { pieces.removeLast() }
    for (index, piece) in pieces.enumerated() {
        var line = piece
        if line.last == 13 { line.removeLast() }
        let hasNewline = index < pieces.count - 1 || endsWithNewline
        let mark = hasNewline ? "" : " (no newline)"
        if line.count > max { out.append("\(index + 1): <oversize>"); continue }
        if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
        out.append("\(index + 1): \(String(decoding: line, as: UTF8.self))\(mark)")
    }
    return out
}

/// Oversize reports differ in how much was seen (and whether the end was): keep only the fact.
private func normalizeOversize(_ rendered: String) -> String {
    guard let range = rendered.range(of: "<oversize") else { return rendered }
    return rendered[..<range.lowerBound] + "<oversize>"
}

