/// Names damaged by OCR or extraction: one character replaced, dropped or added.
public enum NearMatch {
    /// Whether two names of `shortest` characters or more are one edit apart (not equal).
    static func isOneOff(_ written: String, _ known: String, shortest: Int = 4) -> Bool {
        let a = Array(written), b = Array(known)
        guard min(a.count, b.count) >= shortest, abs(a.count - b.count) <= 1, a != b else { return false }
        var i = 0, j = 0, edits = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                i += 1
                j += 1
                continue
            }
            edits += 1
            if edits > 1 { return false }
            if a.count > b.count { i += 1 } else if a.count < b.count { j += 1 } else { i += 1; j += 1 }
        }
        return true
    }
}

extension NearMatch {
    /// The known names a mistyped one was probably meant as: the nearest of those a few edits
    /// away, or those it begins or is part of ("yunan-project" -> yunnan-project).
    public static func suggestions(for written: String, among known: [String], limit: Int = 3) -> [String] {
        let typed = written.lowercased()
        guard !typed.isEmpty else { return [] }
        let scored = known.compactMap { name -> (name: String, distance: Int)? in
            let candidate = name.lowercased()
            if candidate.hasPrefix(typed) || (typed.count >= 3 && candidate.contains(typed)) { return (name, 0) }
            let distance = editDistance(typed, candidate)
            let stem = editDistance(typed, String(candidate.prefix(typed.count)))
            let best = min(distance, stem + 1)
            return best <= max(2, typed.count / 3) ? (name, best) : nil
        }
        // Only the nearest: a prefix match says more than a name two edits away.
        let nearest = scored.map(\.distance).min()
        return scored.filter { $0.distance == nearest }.map(\.name).sorted().prefix(limit).map { $0 }
    }

    /// Levenshtein distance: insertions, deletions and replacements of one character each.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
