/// Suggests the closest known word for a misspelt one ("did you mean …").
enum EditDistance {
    /// The Levenshtein distance between two strings, counted in characters.
    static func between(_ lhs: String, _ rhs: String) -> Int {
        let a = Array(lhs), b = Array(rhs)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The candidate nearest to `word`, if it is close enough to be a likely typo or an abbreviation.
    static func suggestion(for word: String, among candidates: some Sequence<String>) -> String? {
        let lowered = word.lowercased()
        if lowered.count >= 3, let expansion = candidates.sorted().first(where: { $0.lowercased().hasPrefix(lowered) }) {
            return expansion
        }
        let limit = max(1, min(3, word.count / 3))
        let scored = candidates.map { ($0, between(lowered, $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }), best.1 <= limit else {
            return nil
        }
        return best.0
    }
}
