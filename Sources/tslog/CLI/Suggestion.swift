/// "Did you mean …?" — finds the intended word for a near miss.
enum Suggestion {
    /// The candidate closest to `typed`, or nil when none is close enough.
    ///
    /// A candidate is close when `typed` (at least two characters) is a prefix of it
    /// (`--form` → `--format`), or when their edit distance (`distance`) is at most 2 and less than
    /// half of `typed`'s length (`apend` → `append`, but `xml` is not taken for `csv`).
    /// Prefix matches win over edit matches; ties go to the earlier candidate, so the answer is
    /// deterministic. Leading dashes are ignored when measuring.
    static func nearest(to typed: String, among candidates: [String]) -> String? {
        let word = Array(strippingDashes(typed).utf8)
        guard !word.isEmpty else { return nil }
        var best: (candidate: String, score: Int)? = nil
        for candidate in candidates where candidate != typed {
            let other = Array(strippingDashes(candidate).utf8)
            let score: Int
            if word.count >= 2, other.starts(with: word) {
                score = 0
            } else {
                let d = distance(word, other)
                guard d <= 2, d * 2 < word.count else { continue }
                score = d
            }
            if let current = best, current.score <= score { continue }
            best = (candidate, score)
        }
        return best?.candidate
    }

    /// `Did you mean 'x'?` appended to `message` when there is a near miss.
    static func message(_ message: String, typed: String, among candidates: [String]) -> String {
        guard let match = nearest(to: typed, among: candidates) else { return message }
        return "\(message). Did you mean '\(match)'?"
    }

    /// Edit distance over bytes: Levenshtein (insert, delete, substitute each cost 1) plus the
    /// swap of two adjacent bytes at cost 1 (optimal string alignment), so `lgo` is one edit
    /// from `log`, as a typist would count it.
    ///
    /// - Complexity: O(a.count × b.count) time, O(b.count) memory.
    static func distance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    private static func strippingDashes(_ text: String) -> Substring {
        text.drop(while: { $0 == "-" })
    }
}
