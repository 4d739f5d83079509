import Foundation
import Testing

/// `tslog query NAME --limit N` prints at most N rows of every query — SQL's `LIMIT` on the
/// query's own order — as its help says ("Print at most N rows."). Only `failed` read it; every
/// other query printed all its rows and said nothing (`query labels --limit 5` on a log with
/// hundreds of labels printed them all). Through the binary, on a demo log.
@Suite("query --limit")
struct QueryLimitTests {
    @Test func everyQueryStopsAfterLimitRows() throws {
        let tool = try BinaryRunner.locate()
        let dir = try makeTemporaryDirectory()
        defer { removeTemporaryDirectory(dir) }
        let log = dir.appendingPathComponent("log").path
        #expect(try tool.run(["demo", "--samples", "300", "--crops", "0", "--log", log]).status == 0)
        func csv(_ words: [String]) throws -> [Substring] {
            let r = try tool.run(["query"] + words + ["--format", "csv", "--log", log])
            #expect(r.status == 0, "\(words): \(r.stderrText)")
            return r.stdoutText.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        }
        let label = try #require(try csv(["labels"]).dropFirst().first?.split(separator: ",").first.map(String.init))
        for words in [["labels"], ["label-types"], ["daily"], ["samples", "--label", label], ["accepted"], ["scans"],
                      ["balance", "--below", "1000"], ["problems"], ["overall"], ["failed", "--limit", "1000"]] {
            let all = try csv(words)
            #expect(all.count >= 2, "\(words) has rows to cut")
            for limit in [0, 1, 2] {
                let cut = try csv(words.filter { $0 != "--limit" && $0 != "1000" || words[0] == "balance" } + ["--limit", String(limit)])
                #expect(cut == Array(all.prefix(1 + limit)), "\(words) --limit \(limit)")
            }
        }
        // JSON says the same: no rows is `[]`, also for `overall`'s single object.
        let none = try tool.run(["query", "overall", "--limit", "0", "--format", "json", "--log", log])
        #expect(none.stdoutText == "[]\n")
    }
}
