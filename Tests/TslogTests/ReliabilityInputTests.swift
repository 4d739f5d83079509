import Foundation
import Testing
@testable import tslog

/// Hostile input at the command line: an oversize line is refused by number without being read
/// whole, and the rest of the batch is still judged; nothing is appended in all-or-nothing mode.
@Suite("Hostile input through tslog append")
struct ReliabilityInputTests {
    @Test func aLineOverOneMebibyteIsRefusedByNumber() throws {
        let base = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(base) }
        let log = base.path + "/log"
        let good = #"{"type":"sample.submitted","sample_id":"0b9e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4","image_url":"u","image_path":"p","label":"l","label_type":"grade"}"#
        let huge = #"{"type":"sample.deleted","sample_id":"0b9e1c2d-3f4a-4b5c-8d6e-7f8091a2b3c4","reason":""# + String(repeating: "x", count: 3 << 20) + #""}"#
        let deep = String(repeating: "[", count: 100_000)
        let input = Array((good + "\n" + huge + "\n" + deep + "\n" + "{\"type\":\"\u{FF}\"}" + "\n").utf8) + [0xC0, 0xAF, 0x0A]
        let strict = runInProcess(["append", "--log", log], stdin: input)
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("line 2: line is longer than 1048576 bytes"), "\(strict.stderr.prefix(400))")
        #expect(strict.stderr.contains("line 3: "))
        #expect(strict.stderr.contains("line 5: "))
        #expect(strict.stderr.hasSuffix("Error: nothing appended: 4 of 5 lines refused (use --skip-invalid to append the valid ones)\n"), "\(strict.stderr.suffix(300))")
        let lenient = runInProcess(["append", "--log", log, "--skip-invalid"], stdin: input)
        #expect(lenient.status == 0)
        #expect(lenient.stdout == "appended 1 event (seq 1), 0 duplicates skipped, 4 invalid lines skipped\n")
    }
}
