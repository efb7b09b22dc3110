/// Names damaged by OCR or extraction: one character replaced, dropped or added.
enum NearMatch {
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
