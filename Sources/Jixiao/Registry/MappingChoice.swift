import Foundation

/// Which mapping a text is read through, decided on evidence: each mapping (its newest released
/// version, else its newest draft) is scored by how many of the text's cells it recognises as
/// column headers, field labels, level names or unit names by budget-system code. A regional
/// mapping knows all its base knows, so it is chosen only when it recognises more; a place name
/// in the text counts for nothing.
public struct MappingChoice: Sendable {
    public let lookup: MappingLookup
    /// Why: the evidence of the chosen mapping and of the runner-up, as the message catalog's
    /// `key` and its values.
    public let key: String
    public let values: [String: String]

    public init(lookup: MappingLookup, key: String, values: [String: String]) {
        self.lookup = lookup
        self.key = key
        self.values = values
    }

    /// Why, in English.
    public var reason: String { diagnostic(at: nil).message }

    /// The `mapping-chosen` note saying why.
    public func diagnostic(at position: SourcePosition?) -> Diagnostic {
        Diagnostic(.info, "mapping-chosen", key: key, values, at: position, value: lookup.mapping.reference)
    }

    /// `lines`: the text's lines, however they ended (LF, CRLF, CR).
    public static func choose(for lines: [String], catalog: MappingCatalog, frameworks: FrameworkCatalog) throws -> MappingChoice {
        let cells = evidenceCells(lines)
        var scored: [(lookup: MappingLookup, score: Int, isBase: Bool)] = []
        for mapping in catalog.preferredVersions {
            let lookup = try catalog.lookup(mapping.reference, frameworks: frameworks)
            let resolved = lookup.mapping
            // A header the mapping knows only as a column holding no field (备注 kept as extra)
            // says less than one it reads a field from (备注 as the weight).
            func names(_ cell: String) -> Bool {
                lookup.header(cell).map { $0.role != "other" } == true || lookup.field(cell) != nil
                    || lookup.level(cell) != nil || lookup.levelDepth(cell) != nil
                    || !resolved.organizationPatterns.isEmpty && lookup.organization(cell) != nil
            }
            // A header glued into one cell ("评价指标评价内容指标名称…") counts each name it is cut into.
            let score = cells.reduce(0) { score, cell in
                if names(cell) { return score + 1 }
                guard cell.count <= 48, let words = GluedCells.cut(cell, into: lookup.headerSpellingsByInitial), words.count >= 3 else { return score }
                return score + words.filter(names).count
            }
            scored.append((lookup, score, mapping.extends == nil))
        }
        // Most evidence first; of equals, a base before the regions built on it.
        scored.sort { ($0.score, $0.isBase ? 1 : 0, $1.lookup.mapping.id) > ($1.score, $1.isBase ? 1 : 0, $0.lookup.mapping.id) }
        guard let best = scored.first else {
            throw JixiaoError("no-mapping", [:])
        }
        var values = ["mapping": best.lookup.mapping.reference, "score": String(best.score)]
        guard let runnerUp = scored.dropFirst().first else {
            return MappingChoice(lookup: best.lookup, key: "mapping-chosen-alone", values: values)
        }
        values["other"] = runnerUp.lookup.mapping.reference
        values["other_score"] = String(runnerUp.score)
        return MappingChoice(lookup: best.lookup, key: "mapping-chosen", values: values)
    }

    /// The distinct short texts of a text's first 3,000 lines that could be cells: split at tabs,
    /// pipes and runs of spaces, the words of a short line split at single spaces, and the label
    /// before a colon.
    static func evidenceCells(_ lines: [String]) -> Set<String> {
        var cells = Set<String>()
        for line in lines.prefix(3_000) {
            for field in line.split(whereSeparator: { $0 == "\t" || $0 == "|" }) {
                for piece in piecesBetweenDoubleSpaces(field) {
                    let cell = TextCleaning.trim(String(piece))
                    guard !cell.isEmpty else { continue }
                    if cell.count <= 30 { cells.insert(cell) }
                    if cell.count <= 60, cell.containsBytes(of: " ") {
                        for word in cell.split(separator: " ") where word.count <= 30 { cells.insert(String(word)) }
                    }
                    if let colon = cell.firstIndex(where: { $0 == ":" || $0 == "：" }), cell.distance(from: cell.startIndex, to: colon) <= 12 {
                        cells.insert(String(cell[..<colon]))
                    }
                }
            }
        }
        return cells
    }

    /// The text cut at each pair of spaces, left to right, as `components(separatedBy: "  ")`
    /// cuts it ("a   b" gives "a" and " b"), on the bytes: Foundation's search folds each
    /// character cluster, for every line of every text.
    static func piecesBetweenDoubleSpaces(_ text: Substring) -> [Substring] {
        var pieces: [Substring] = []
        let utf8 = text.utf8
        var start = utf8.startIndex
        var index = start
        while index < utf8.endIndex {
            let next = utf8.index(after: index)
            if utf8[index] == 0x20, next < utf8.endIndex, utf8[next] == 0x20 {
                pieces.append(text[start..<index])
                index = utf8.index(after: next)
                start = index
            } else {
                index = next
            }
        }
        pieces.append(text[start...])
        return pieces
    }
}
