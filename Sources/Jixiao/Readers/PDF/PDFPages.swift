import Foundation

/// The text of a PDF's pages (as `pdftotext -layout` lays them out) made into one text to read:
/// the running heads and feet every page repeats are left out, and a table's header row that a
/// page repeats after a break is dropped, so that a table running over pages reads as one.
/// Each line kept remembers its page and line there.
struct PDFPages {
    var lines: [String] = []
    /// Each line's page and line there (from 1).
    private var origins: [RecoveredLayout.Place] = []
    /// The PDF's name, in every place.
    private let file: String
    var notes: [Diagnostic] = []
    /// The lines (from 0) of table headers a page repeats where a table goes on over a page break.
    var repeatedHeaders: Set<Int> = []
    /// The blank lines (from 0) that stand for a page break where no header was repeated.
    var pageBreaks: Set<Int> = []

    /// Where the text's line `line` (from 1) stands in the PDF: its page and line there.
    func origin(_ line: Int) -> RecoveredLayout.Place {
        origins.indices.contains(line - 1) ? origins[line - 1] : RecoveredLayout.Place(line: line)
    }

    /// Each line's place in the PDF, as messages name it ("page 2, line 14").
    var places: [SourcePosition] {
        origins.map { SourcePosition(file: file, place: "page \($0.page ?? 1), line \($0.line)") }
    }

    private mutating func keep(_ line: String, page: Int, line number: Int) {
        lines.append(line)
        origins.append(RecoveredLayout.Place(page: page, line: number))
    }

    /// How many lines from a page's top or bottom can be running heads or feet.
    static let runningLines = 3

    init(pages: [String], file: String, vocabulary: some TableVocabulary) throws {
        self.file = file
        var pageLines = pages.map { page in
            var lines = page.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            while let last = lines.last, TextCleaning.isBlank(last) { lines.removeLast() }
            return lines
        }
        let blankPages = pageLines.indices.filter { pageLines[$0].isEmpty }
        if blankPages.count == pageLines.count {
            throw JixiaoError("pdf-no-text", ["count": String(pages.count)],
                              at: SourcePosition(file: file))
        }
        if !blankPages.isEmpty {
            notes.append(Diagnostic(.warning, "pdf-page-without-text", ["pages": blankPages.map { String($0 + 1) }.joined(separator: ", ")],
                                    at: SourcePosition(file: file, place: "page \(blankPages[0] + 1)")))
        }
        // Per page, which of its lines are left out.
        var dropped = pageLines.map { Set<Int>(minimumCapacity: $0.isEmpty ? 0 : 4) }
        Self.markRunningLines(pageLines, fromTop: true, vocabulary: vocabulary, into: &dropped)
        Self.markRunningLines(pageLines, fromTop: false, vocabulary: vocabulary, into: &dropped)
        let removedRunning = dropped.reduce(0) { $0 + $1.count }
        if removedRunning > 0 {
            notes.append(Diagnostic(.info, "pdf-running-lines", ["count": String(removedRunning)],
                                    at: SourcePosition(file: file), value: String(removedRunning)))
        }
        var headers: [String: [String]] = [:]
        for page in pageLines.indices {
            let kept = pageLines[page].indices.filter { !dropped[page].contains($0) }
            var start = kept.startIndex
            while start < kept.endIndex, TextCleaning.isBlank(pageLines[page][kept[start]]) { start += 1 }
            // A header the table had on an earlier page, repeated at this page's top: the table goes
            // on. Its lines are kept (the page's columns may stand elsewhere: they place them anew)
            // and marked, so that they are no row and start no table.
            var repeated: [Int] = []
            if start < kept.endIndex, let following = headers[Self.key(pageLines[page][kept[start]])] {
                repeated.append(kept[start])
                for line in following {
                    guard start + repeated.count < kept.endIndex, Self.key(pageLines[page][kept[start + repeated.count]]) == line else { break }
                    repeated.append(kept[start + repeated.count])
                }
                start += repeated.count
                notes.append(Diagnostic(.info, "pdf-table-continued", [:],
                                        at: SourcePosition(file: file, place: "page \(page + 1), line \(repeated[0] + 1)")))
                while let last = lines.last, TextCleaning.isBlank(last) {
                    lines.removeLast()
                    origins.removeLast()
                }
                for index in repeated {
                    repeatedHeaders.insert(lines.count)
                    keep(pageLines[page][index], page: page + 1, line: index + 1)
                }
            } else if page > 0 {
                // A page break ends a paragraph as a blank line does.
                pageBreaks.insert(lines.count)
                keep("", page: page + 1, line: 1)
            }
            for index in kept[start...] {
                let line = pageLines[page][index]
                if Self.isTableHeader(line, vocabulary: vocabulary), headers[Self.key(line)] == nil {
                    // The lines under it that a repeat would repeat too (a header over two rows).
                    let next = pageLines[page][(index + 1)...].prefix(2).filter { Self.isTableHeader($0, vocabulary: vocabulary) }
                    headers[Self.key(line)] = next.map(Self.key)
                }
                keep(line, page: page + 1, line: index + 1)
            }
            pageLines[page] = []
        }
    }

    /// A line compared across pages: without spaces, every run of digits one mark (page numbers
    /// differ from page to page).
    static func key(_ line: String) -> String {
        var key = ""
        var lastWasDigit = false
        for character in TextCleaning.compact(line) {
            if character.isASCII, character.isNumber {
                if !lastWasDigit { key.append("#") }
                lastWasDigit = true
            } else {
                key.append(character)
                lastWasDigit = false
            }
        }
        return key
    }

    /// A line of column headers the mapping knows (two or more): a table's header row.
    static func isTableHeader(_ line: String, vocabulary: some TableVocabulary) -> Bool {
        PDFColumns.fields(of: line).filter { vocabulary.headerRole($0.text) != nil }.count >= 2
    }

    /// Marks the lines at the same place from the top (or bottom) that most pages share: the
    /// k-th line of text on a page is a running head when at least 60 % of the pages (and two)
    /// have it, the same or differing only in the page's number, set apart from the page's body
    /// by a blank line. A table header is never one: its repeats are a table going on.
    private static func markRunningLines(_ pages: [[String]], fromTop: Bool, vocabulary: some TableVocabulary, into dropped: inout [Set<Int>]) {
        let textPages = pages.indices.filter { !pages[$0].isEmpty }
        guard textPages.count >= 2 else { return }
        let needed = max(2, (textPages.count * 6 + 9) / 10)
        // Per depth, the line index on each page that has the common text there.
        var marked: [[Int: Int]] = []
        for depth in 0..<runningLines {
            var places: [Int: Int] = [:]
            var counts: [String: Int] = [:]
            for page in textPages {
                let texts = pages[page].indices.filter { !TextCleaning.isBlank(pages[page][$0]) }
                guard depth < texts.count else { continue }
                let index = fromTop ? texts[depth] : texts[texts.count - 1 - depth]
                places[page] = index
                counts[runningKey(pages[page][index], page: page + 1), default: 0] += 1
            }
            guard let (common, count) = counts.max(by: { $0.value < $1.value }), count >= needed, !common.isEmpty else { break }
            let matching = places.filter { page, index in
                runningKey(pages[page][index], page: page + 1) == common && !isTableHeader(pages[page][index], vocabulary: vocabulary)
            }
            guard matching.count >= needed else { break }
            marked.append(matching)
        }
        // From the deepest: a running line is followed, toward the body, by a blank line or another.
        var apart: [Set<Int>] = Array(repeating: [], count: marked.count)
        for depth in marked.indices.reversed() {
            for (page, index) in marked[depth] {
                let toward = fromTop ? index + 1 : index - 1
                let isolated = !pages[page].indices.contains(toward) || TextCleaning.isBlank(pages[page][toward])
                if isolated || (depth + 1 < marked.count && apart[depth + 1].contains(page) && marked[depth + 1][page] == toward) {
                    apart[depth].insert(page)
                }
            }
        }
        for depth in marked.indices {
            guard apart[depth].count >= needed else { return }
            for page in apart[depth] { dropped[page].insert(marked[depth][page]!) }
        }
    }

    /// What a running line is compared by: its text without spaces, and the page's own number
    /// (where it stands alone as a number) written as a mark.
    private static func runningKey(_ line: String, page: Int) -> String {
        var key = ""
        var digits = ""
        func flush() {
            key += digits == String(page) ? "#" : digits
            digits = ""
        }
        for character in TextCleaning.compact(line) {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else {
                flush()
                key.append(character)
            }
        }
        flush()
        return key
    }
}
