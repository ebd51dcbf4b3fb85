/// Telling which real word a mistyped one was meant to be.
enum Spelling {
    /// The candidate closest to `word`, when it is close enough to be what was meant: at most two
    /// edits away (a character inserted, deleted or replaced, or two neighbours swapped), and at most
    /// a third of the candidate's length.
    ///
    /// - Parameters:
    ///   - word: What was typed.
    ///   - candidates: The real words, in the order that breaks ties.
    /// - Returns: The closest candidate, or nil when none is close.
    static func closest(to word: String, among candidates: [String]) -> String? {
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(Array(word), Array(candidate))
            if distance <= 2, distance * 3 <= candidate.count, distance < best?.distance ?? .max {
                best = (candidate, distance)
            }
        }
        return best?.candidate
    }

    /// The optimal string alignment distance: the fewest insertions, deletions, replacements and
    /// swaps of neighbouring characters that turn `a` into `b`.
    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var beforePrevious: [Int] = []
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            beforePrevious = previous
            previous = current
        }
        return previous[b.count]
    }
}
