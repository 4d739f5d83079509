import Testing
@testable import tslog

@Suite("Did you mean")
struct SuggestionTests {
    @Test(arguments: [
        ("apend", "append"),
        ("qurey", "query"),
        ("hist", "history"),
        ("verfiy", "verify"),
        ("lgo", "log"),
    ])
    func commandNearMiss(typed: String, expected: String) {
        #expect(Suggestion.nearest(to: typed, among: CommandRegistry.topLevelNames) == expected)
    }

    @Test func optionPrefixAndTypo() {
        let names = ["--as-of-seq", "--as-of", "--format", "--label-type", "--label", "--limit"]
        #expect(Suggestion.nearest(to: "--form", among: names) == "--format")
        #expect(Suggestion.nearest(to: "--fromat", among: names) == "--format")
        #expect(Suggestion.nearest(to: "--lable", among: names) == "--label")
        // Prefix of two: the first declared wins, deterministically.
        #expect(Suggestion.nearest(to: "--as", among: names) == "--as-of-seq")
    }

    @Test func farOrShortWordsGetNoSuggestion() {
        #expect(Suggestion.nearest(to: "xml", among: ["table", "json", "csv"]) == nil)
        #expect(Suggestion.nearest(to: "frobnicate", among: CommandRegistry.topLevelNames) == nil)
        #expect(Suggestion.nearest(to: "-", among: ["--format"]) == nil)
    }

    @Test(arguments: [
        ("", "", 0), ("a", "", 1), ("kitten", "sitting", 3), ("flaw", "lawn", 2), ("same", "same", 0),
        ("lgo", "log", 1), ("ab", "ba", 1), ("abc", "ca", 3),
    ])
    func editDistance(a: String, b: String, expected: Int) {
        #expect(Suggestion.distance(Array(a.utf8), Array(b.utf8)) == expected)
        #expect(Suggestion.distance(Array(b.utf8), Array(a.utf8)) == expected)
    }

    @Test func messageAppendsSuggestionOnlyWhenClose() {
        #expect(Suggestion.message("unknown command 'apend'", typed: "apend", among: ["append"])
            == "unknown command 'apend'. Did you mean 'append'?")
        #expect(Suggestion.message("unknown command 'zzz'", typed: "zzz", among: ["append"])
            == "unknown command 'zzz'")
    }
}
