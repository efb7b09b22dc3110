import Foundation

/// Reads XLSX forms back into filings: ours (any template, with or without the hidden metadata
/// sheet) and ones people made by hand in one of the templates' layouts. The template is named by
/// the metadata sheet, else found by matching the column headings of every template's latest version.
/// Sheets are read one at a time (the metadata sheet first), so memory follows the largest sheet.
public struct XLSXTemplateReader: FileStreamingReader {
    /// Whether a form whose cells are as written is taken from its hidden copy without reading
    /// its layout (the same filings, sooner). Off only to check that both ways agree.
    let trustDigests: Bool

    public init() { trustDigests = true }

    init(trustDigests: Bool) { self.trustDigests = trustDigests }

    public func read(_ input: consuming InputDocument, options: ReadOptions) throws -> ReadResult {
        // An Excel 97-2003 workbook under the name .xlsx is converted like a .xls, where it can be.
        if OfficePackage.isLegacyWorkbook(input.bytes), LegacyWorkbookReader.soffice.executable != nil {
            return try LegacyWorkbookReader().read(input, options: options)
        }
        var filings = try WorkbookFilings(file: input.name, options: options, trustDigests: trustDigests)
        try XLSXWorkbookReader.read(input.bytes, file: input.name, first: XLSXTemplateWriter.metadataSheet, listed: { filings.sheetNames = Set($0) }) {
            try filings.add($0)
        }
        return try filings.finish()
    }

    /// The same from a file, its parts inflated as they are read rather than loaded whole.
    public func readEach(fileAt path: String, name: String, options: ReadOptions, _ body: (Filing) throws -> Void) throws -> [Diagnostic] {
        guard try InputLoader.head(path, count: 2) == [0x50, 0x4B] else {
            var input = try InputLoader.load(path)
            input.name = name
            return try readEach(input, options: options, body)
        }
        // Filings are what `body` takes: a copy is decoded here, whatever the options allow.
        var options = options
        options.canonicalTextSuffices = false
        var filings = try WorkbookFilings(file: name, options: options, trustDigests: trustDigests)
        try XLSXWorkbookReader.read(fileAt: path, file: name, first: XLSXTemplateWriter.metadataSheet, listed: { filings.sheetNames = Set($0) }) {
            try filings.add($0)
        }
        let result = try filings.finish()
        try result.filings.forEach(body)
        return result.diagnostics
    }
}

/// The filings of one workbook, gathered a sheet at a time: what the metadata sheet says, each
/// form sheet read with its template (or as a table), and the text of sheets holding no filing.
private struct WorkbookFilings {
    let file: String
    let options: ReadOptions
    /// Whether an unedited form (its cell digest as written) is taken from its hidden copy.
    let trustDigests: Bool
    let catalog: TemplateCatalog
    let index: WorkbookIndex
    var sheetNames: Set<String> = []
    private var metadata: FormMetadata?
    private var named: Template?
    private var filings: [Filing] = []
    private var diagnostics: [Diagnostic] = []
    private var formSheets = 0
    /// An unedited form's hidden copy taken as text (`ReadOptions.canonicalTextSuffices`), and
    /// where among `filings` it stands.
    private var copied: (position: Int, text: String)?
    /// The text of sheets holding no filing (a cover, notes, a hidden working sheet): kept, not
    /// dropped, hidden ones first. Jixiao's own hidden sheets (_jixiao, _lists) are machinery.
    private var hiddenWithoutFiling: [(String, [ExtraText])] = []
    private var visibleWithoutFiling: [(String, [ExtraText])] = []

    init(file: String, options: ReadOptions, trustDigests: Bool) throws {
        self.file = file
        self.options = options
        self.trustDigests = trustDigests
        catalog = try TemplateCatalog.standard()
        index = try WorkbookIndex.standard()
    }

    mutating func add(_ sheet: XLSXSheet) throws {
        if sheet.name == XLSXTemplateWriter.metadataSheet, metadata == nil {
            metadata = FormMetadata(sheet, file: file)
            named = try metadata?.template.map { try catalog.template($0) }
            return
        }
        if sheet.name.hasPrefix("_") { return }
        if sheet.hidden {
            if !sheet.cells.isEmpty { hiddenWithoutFiling.append((sheet.name, extraTexts(of: sheet))) }
            return
        }
        // The index of a workbook of several forms lists them: no filing of its own.
        if sheet.name == metadata?.index || index.isIndex(sheet) {
            diagnostics.append(Diagnostic(.info, "xlsx-index-sheet", ["sheet": sheet.name],
                                          at: SourcePosition(file: file, sheet: sheet.name, cell: "A1"), value: sheet.name))
            return
        }
        // A form nobody has edited since it was written: its hidden copy is the filing, as the
        // overlay below would find after reading the whole layout.
        if trustDigests, let named, let written = metadata?.digests[sheet.name], written == metadata?.digest(of: sheet) {
            // For a caller that only writes it out again, the copy itself, undecoded.
            if options.canonicalTextSuffices, copied == nil, let text = metadata?.soleCanonicalText {
                diagnostics.append(templateNamed(named, sheet: sheet))
                formSheets += 1
                copied = (filings.count, text)
                return
            }
            if let original = try metadata?.original(forSheet: sheet.name, order: formSheets, sheetNames: sheetNames) {
                diagnostics.append(templateNamed(named, sheet: sheet))
                formSheets += 1
                filings.append(original)
                return
            }
        }
        let candidates = named.map { [$0] } ?? catalog.latest
        let cells = FormSheetCells(sheet)
        let best = candidates
            .map({ ($0, FormSheetParser(template: $0, sheet: sheet, cells: cells, file: file).parse()) })
            .max(by: { $0.1.score < $1.1.score })
        // A sheet no template names is read like any table, through the one interpreter; it
        // is taken unless the best template finds more indicator rows, or finds its form's
        // labels there (a form of that template with its hidden sheet removed).
        if named == nil, (best?.1.matchedLabels ?? 0) == 0 {
            let general = try SheetFilingReader.read(sheet, file: file, options: options)
            let generalRows = general.filings.map(\.indicators.count).reduce(0, +)
            let templateRows = best.map { $0.1.matchedColumns > 0 ? $0.1.filings.map(\.indicators.count).reduce(0, +) : 0 } ?? 0
            if generalRows > 0, generalRows >= templateRows {
                diagnostics.append(Diagnostic(.info, "xlsx-read-as-table", ["sheet": sheet.name],
                                              at: SourcePosition(file: file, sheet: sheet.name, cell: nil)))
                filings += general.filings
                diagnostics += general.diagnostics
                return
            }
        }
        guard let (template, parsed) = best, parsed.matchedColumns > 0 else {
            if !sheet.cells.isEmpty { visibleWithoutFiling.append((sheet.name, extraTexts(of: sheet))) }
            return
        }
        var sheetDiagnostics = parsed.diagnostics
        var sheetFilings = parsed.filings
        sheetDiagnostics.insert(templateNamed(template, sheet: sheet), at: 0)
        if let original = try metadata?.original(forSheet: sheet.name, order: formSheets, sheetNames: sheetNames), sheetFilings.count == 1 {
            sheetFilings = [FormOverlay(template: template).merge(visible: parsed.rows, header: sheetFilings[0], onto: original, diagnostics: &sheetDiagnostics)]
        }
        formSheets += 1
        filings += sheetFilings
        diagnostics += sheetDiagnostics
    }

    /// The line saying which template a form sheet was read with, and whether the metadata named it.
    private func templateNamed(_ template: Template, sheet: XLSXSheet) -> Diagnostic {
        let values = ["sheet": sheet.name, "template": template.reference, "metadata": XLSXTemplateWriter.metadataSheet]
        return Diagnostic(.info, "xlsx-template-detected", key: named == nil ? "xlsx-template-detected" : "xlsx-template-named", values,
                          at: SourcePosition(file: file), value: template.reference)
    }

    /// A sheet's filled rows as text, one entry a row, cells joined by " | ".
    private func extraTexts(of sheet: XLSXSheet) -> [ExtraText] {
        let rows = sheet.cellsByRow()
        return sheet.rowNumbers.compactMap { row in
            let texts = (rows[row] ?? [:]).sorted { $0.key < $1.key }.map(\.value.description).filter { !$0.isEmpty }
            guard let first = rows[row]?.keys.min(), !texts.isEmpty else { return nil }
            return ExtraText(label: sheet.name, text: texts.joined(separator: " | "), source: sheet.position(file, row: row, column: first))
        }
    }

    mutating func finish() throws -> ReadResult {
        if let copied {
            if filings.isEmpty, hiddenWithoutFiling.isEmpty, visibleWithoutFiling.isEmpty {
                var result = ReadResult(filings: [], diagnostics: diagnostics)
                result.canonicalTexts = [copied.text]
                return result
            }
            // Other sheets add filings or text of their own: the copy is decoded after all.
            if let original = try metadata?.filings().first { filings.insert(original, at: copied.position) }
        }
        // A copy nothing needed is still decoded: a damaged one is an error wherever it stands.
        _ = try metadata?.filings()
        guard !filings.isEmpty else {
            throw JixiaoError("xlsx-no-form", [:], at: SourcePosition(file: file))
        }
        var filings = filings, diagnostics = diagnostics
        for (name, texts) in hiddenWithoutFiling + visibleWithoutFiling {
            diagnostics.append(Diagnostic(.info, "xlsx-sheet-without-filing", ["sheet": name],
                                          at: SourcePosition(file: file, sheet: name, cell: nil), value: name))
            filings[0].extra += texts
        }
        return ReadResult(filings: filings, diagnostics: diagnostics)
    }
}

/// The hidden sheet the writer leaves: the template reference, the index sheet's and the form
/// sheets' names when it wrote several, the filings as one canonical YAML stream, and the
/// revision of the canonical layout that stream was written in.
private struct FormMetadata {
    var template: String?
    var index: String?
    var sheets: [String] = []
    /// Each form sheet's cell digest as written, by sheet name.
    var digests: [String: String] = [:]
    /// The canonical YAML of the filings, as the `filing` rows hold it: decoded when first needed.
    let yaml: String
    private var decoded: [Filing]?
    private let location: String
    private let sheetName: String
    /// The `canonical` row: the layout revision the copy was written in (none before there was one).
    private var layoutRevision: String?
    /// The hidden copy's part of every form sheet's digest (`XLSXCellDigest.copy`).
    private var copyDigest = XLSXCellDigest()

    init?(_ sheet: XLSXSheet?, file: String) {
        guard let sheet else { return nil }
        var yaml = ""
        for row in sheet.rowNumbers {
            let value = sheet.value(row: row, column: 1)?.description
            switch sheet.value(row: row, column: 0)?.description {
            case "template": template = value
            case "index": index = value
            case "sheet": sheets.append(value ?? "")
            case "digest": if let value, let name = sheet.value(row: row, column: 2)?.description { digests[name] = value }
            case "filing": yaml += value ?? ""
            case "canonical": layoutRevision = value
            default: break
            }
        }
        self.yaml = yaml
        location = file
        sheetName = sheet.name
        if !digests.isEmpty { copyDigest = XLSXCellDigest.copy(yaml) }
    }

    /// The filings of the copy, decoded once; a stream that does not hold one filing per named
    /// form sheet is an error.
    mutating func filings() throws -> [Filing] {
        if let decoded { return decoded }
        let filings = yaml.isEmpty ? [] : try CanonicalYAML.decode(Array(yaml.utf8), file: "\(location):\(sheetName)")
        if !sheets.isEmpty, sheets.count != filings.count {
            throw JixiaoError("xlsx-metadata", ["sheet": sheetName, "sheets": String(sheets.count), "filings": String(filings.count)],
                              at: SourcePosition(file: location, sheet: sheetName, cell: "A1"))
        }
        decoded = filings
        return filings
    }

    /// The copy as it stands, when it is the one filing of a one-form workbook, laid out as this
    /// build lays canonical YAML out: then it is, byte for byte, what writing that filing gives.
    var soleCanonicalText: String? {
        guard sheets.isEmpty, layoutRevision == CanonicalYAML.layoutRevision, CanonicalYAML.isOneDocument(yaml) else { return nil }
        return yaml
    }

    /// A form sheet's digest as the writer reckons it: its cells and merges, and this hidden copy.
    func digest(of sheet: XLSXSheet) -> String {
        XLSXCellDigest(sheet).adding(copyDigest).text
    }

    /// The filing written on a form sheet: the one filing of a one-form workbook; else the one
    /// written under the sheet's name, or, for a sheet renamed since, the one written as the
    /// `order`th form sheet when no sheet of the workbook still has that one's name.
    mutating func original(forSheet name: String, order: Int, sheetNames: Set<String>) throws -> Filing? {
        let filings = try filings()
        if sheets.isEmpty { return filings.count == 1 ? filings[0] : nil }
        if let position = sheets.firstIndex(of: name) { return filings[position] }
        guard sheets.indices.contains(order), !sheetNames.contains(sheets[order]) else { return nil }
        return filings[order]
    }
}

/// One indicator row as read: the filing field values and the raw cell of each template column.
struct FormRow {
    var table: Int
    var indicator: Indicator
    var cells: [Int: CellValue]
}

/// Finds header labels and indicator tables on one sheet, top to bottom. A header label after a
/// table starts the next filing, so one sheet may hold several.
private struct FormSheetParser {
    let template: Template
    let sheet: XLSXSheet
    let file: String
    /// The sheet's cells, their keys and the rows that have any, worked out once for all templates.
    let sheetCells: FormSheetCells
    var rows: [Int: [Int: CellValue]] { sheetCells.rows }
    var rowNumbers: [Int] { sheetCells.rowNumbers }
    var keys: [Int: [Int: String]] { sheetCells.keys }

    struct Result {
        var filings: [Filing] = []
        var rows: [FormRow] = []
        var diagnostics: [Diagnostic] = []
        var matchedColumns = 0
        var matchedLabels = 0

        /// How well the template fits the sheet: its headings and labels found there.
        var score: Int { matchedColumns + matchedLabels }
    }

    /// Per table, each heading's comparison key and the columns it can name, in column order:
    /// worked out once, not for every cell of every row tried as a heading row.
    let headingColumns: [[String: [Int]]]
    /// Normalised label text -> field, from the template's labels and their aliases.
    let labels: [String: FilingField]
    /// The form's title and the tables' titles.
    let captions: Set<String>
    /// Heading texts seen outside a heading row: the upper row of a two-row heading.
    let headings: Set<String>
    /// Three times the longest of all those keys, in UTF-8 bytes: a longer cell text (a
    /// description, a goal) is none of them, found without hashing it (hashing CJK text
    /// normalises it first). Three times, because a text canonically equal to a key may be
    /// written decomposed, which takes up to three times the bytes.
    let longestKey: Int

    init(template: Template, sheet: XLSXSheet, cells: FormSheetCells, file: String) {
        self.template = template
        self.sheet = sheet
        sheetCells = cells
        self.file = file
        headingColumns = template.tables.map { table in
            var index: [String: [Int]] = [:]
            for (column, spec) in table.columns.enumerated() {
                for key in Set(([spec.leaf] + spec.aliases).map(FormText.key)) { index[key, default: []].append(column) }
            }
            return index
        }
        var labels: [String: FilingField] = [:]
        for (label, field) in template.labelledFields {
            for text in [label.label!] + label.aliases { labels[FormText.key(text)] = field }
        }
        self.labels = labels
        captions = Set(([template.caption] + template.tables.map(\.caption)).compactMap { $0 }.map(FormText.key))
        headings = Set(template.tables.flatMap(\.columns).flatMap { $0.header + $0.aliases }.map(FormText.key))
        longestKey = 3 * ((headingColumns.flatMap(\.keys) + labels.keys + captions + headings).map(\.utf8.count).max() ?? 0)
    }

    /// The field a label key names, if any.
    private func label(_ key: String) -> FilingField? { key.utf8.count > longestKey ? nil : labels[key] }

    /// Whether a key is a caption's or a heading's.
    private func isCaptionOrHeading(_ key: String) -> Bool {
        key.utf8.count <= longestKey && (captions.contains(key) || headings.contains(key))
    }

    func parse() -> Result {
        // A sheet where no row has this template's headings gives nothing (see the end): said
        // before any row's fields and extra text are built, which on a long sheet is most of the work.
        guard rowNumbers.contains(where: { headerMatch(row: $0) != nil }) else { return Result() }
        var result = Result()
        let cells = IndicatorCells(template: template)
        var current = Filing(kind: template.kind)
        var started = false
        var tableOpen = false
        var table: (index: Int, columns: [Int: Int], extras: [Int: String])?
        var consumed: Set<CellKey> = []
        var level1: String?, level2: String?

        // Rows holding only level names: headings for the rows below, kept as extra text if none follow.
        var pendingLevels: [ExtraText] = []
        // Where the filing being read starts: its first filled cell.
        var filingStart: SourcePosition?
        func flushLevels() {
            for level in pendingLevels {
                current.extra.append(level)
                result.diagnostics.append(Diagnostic(.warning, "xlsx-row-without-name", [:],
                                                     at: level.source, value: level.text))
            }
            pendingLevels = []
        }

        func finishFiling() {
            flushLevels()
            guard started else { return }
            current.source = current.source ?? filingStart
            result.filings.append(current)
            current = Filing(kind: template.kind)
            started = false
            tableOpen = false
            table = nil
        }

        for row in rowNumbers {
            let values = rows[row] ?? [:]
            let columns = values.keys.sorted()
            guard let firstColumn = columns.first(where: { !(values[$0]!.isBlank) }) else { continue }
            let rowKeys = keys[row] ?? [:]
            let first = rowKeys[firstColumn]!
            if !started { filingStart = sheet.position(file, row: row, column: firstColumn) }

            if let header = headerMatch(row: row), header.matched > 0 {
                // In a two-row heading the upper row matches less than the one below it.
                if let next = headerMatch(row: row + 1), next.matched > header.matched { continue }
                flushLevels()
                table = (header.table, header.columns, header.extras)
                tableOpen = true
                started = true
                level1 = nil
                level2 = nil
                result.matchedColumns = max(result.matchedColumns, header.matched)
                continue
            }
            // Captions (the form's title, a table's title) carry no data.
            if first.utf8.count <= longestKey, captions.contains(first), columns.allSatisfy({ rowKeys[$0] == first || values[$0]!.isBlank }) { continue }
            if label(first) != nil, tableOpen || table == nil {
                if tableOpen {
                    finishFiling()
                    filingStart = sheet.position(file, row: row, column: firstColumn)
                }
                started = true
                result.matchedLabels += readLabels(row: row, values: values, labels: labels, into: &current, consumed: &consumed, diagnostics: &result.diagnostics)
            }
            // The signature block under the table (填报人：张三, 审核意见, 盖章) ends it; its cells
            // are kept as extra text below, never read as an indicator.
            if tableOpen, IndicatorCells.words?.isFooter(values[firstColumn]!.description) == true {
                flushLevels()
                tableOpen = false
            }
            if let active = table, tableOpen {
                let spec = template.tables[active.index]
                var indicator = Indicator(name: "", period: spec.period ?? .annual)
                var raw: [Int: CellValue] = [:]
                var rowDiagnostics: [Diagnostic] = []
                // The target's cells are read together, as the text reader reads them.
                var target: [IndicatorField: (cell: CellValue?, at: SourcePosition)] = [:]
                for (sheetColumn, column) in active.columns.sorted(by: { $0.key < $1.key }) {
                    let cell = values[sheetColumn]
                    raw[column] = cell
                    let field = spec.columns[column].field
                    let position = sheet.position(file, row: row, column: sheetColumn)
                    if IndicatorCells.targetFields.contains(field) {
                        if target[field] == nil { target[field] = (cell, position) }
                        continue
                    }
                    cells.apply(cell, to: &indicator, field, label: spec.columns[column].leaf, at: position, diagnostics: &rowDiagnostics)
                }
                if !target.isEmpty { cells.applyTarget(target, to: &indicator, diagnostics: &rowDiagnostics) }
                // Level cells left blank under a heading row belong to that heading.
                if indicator.level1 == nil { indicator.level1 = level1 } else if indicator.level1 != level1 { level2 = nil }
                if indicator.level2 == nil { indicator.level2 = level2 }
                level1 = indicator.level1
                level2 = indicator.level2
                for (sheetColumn, heading) in active.extras.sorted(by: { $0.key < $1.key }) {
                    if let cell = values[sheetColumn], !cell.isBlank {
                        indicator.extra.append(ExtraText(label: heading, text: cell.description, source: sheet.position(file, row: row, column: sheetColumn)))
                    }
                }
                let name = indicator.name.trimmingCharacters(in: .whitespacesAndNewlines)
                if name.isEmpty {
                    let levelOnly = active.columns.allSatisfy { sheetColumn, column in
                        [.level1, .level2].contains(spec.columns[column].field) || (values[sheetColumn]?.isBlank ?? true)
                    }
                    let text = columns.compactMap { values[$0]?.description }.filter { !$0.isEmpty }.joined(separator: " | ")
                    pendingLevels.append(ExtraText(text: text, source: sheet.position(file, row: row, column: firstColumn)))
                    if !levelOnly { flushLevels() }
                    continue
                }
                pendingLevels.removeAll { $0.text == indicator.level1 || $0.text == indicator.level2 || $0.text == [indicator.level1, indicator.level2].compactMap { $0 }.joined(separator: " | ") }
                flushLevels()
                indicator.source = sheet.position(file, row: row, column: active.columns.keys.min() ?? firstColumn)
                result.diagnostics += rowDiagnostics
                current.indicators.append(indicator)
                result.rows.append(FormRow(table: active.index, indicator: indicator, cells: raw))
                continue
            }
            // Labels the template does not have but the mappings name (资金总额, 年度绩效目标) are
            // read as those fields, when the form has not filled them yet.
            let named = Dictionary(rowKeys.compactMap { column, key -> (String, FilingField)? in
                guard label(key) == nil, !consumed.contains(CellKey(row, column)), let path = sheetCells.fieldPath(key),
                      let field = FilingField.named(path) ?? (template.kind == .project ? FilingField.named("project." + path) : nil) ?? FilingField.named(path + ".text"),
                      field.get(current) == nil else { return nil }
                return (key, field)
            }, uniquingKeysWith: { first, _ in first })
            if !named.isEmpty, readLabels(row: row, values: values, labels: named, into: &current, consumed: &consumed, diagnostics: &result.diagnostics) > 0 {
                started = true
            }
            // Outside tables: anything that is not a label, a label's value or a caption is kept.
            for column in columns {
                guard let cell = values[column], !cell.isBlank, !consumed.contains(CellKey(row, column)), let key = rowKeys[column] else { continue }
                if label(key) != nil || isCaptionOrHeading(key) || isMergeCopy(row: row, column: column) { continue }
                current.extra.append(ExtraText(text: cell.description, source: sheet.position(file, row: row, column: column)))
                result.diagnostics.append(Diagnostic(.info, "xlsx-unplaced-cell", [:],
                                                     at: sheet.position(file, row: row, column: column), value: cell.description))
                started = true
            }
        }
        finishFiling()
        if result.matchedColumns == 0 { return Result() }
        return result
    }

    /// A label's value is the next cell to the right of the label's merged range; a number field
    /// holding something else keeps it as extra text. Returns how many labels the row holds.
    private func readLabels(row: Int, values: [Int: CellValue], labels: [String: FilingField], into filing: inout Filing,
                            consumed: inout Set<CellKey>, diagnostics: inout [Diagnostic]) -> Int {
        var found = 0
        let rowKeys = keys[row] ?? [:]
        // Longer texts are no label (three times: a decomposed spelling), found without hashing them.
        let longest = 3 * (labels.keys.lazy.map(\.utf8.count).max() ?? 0)
        let label = { (key: String) in key.utf8.count > longest ? nil : labels[key] }
        for column in values.keys.sorted() {
            guard let cell = values[column], let field = rowKeys[column].flatMap(label), !consumed.contains(CellKey(row, column)) else { continue }
            let end = sheet.merges.first { $0.rows.contains(row) && $0.columns.contains(column) }?.columns.upperBound ?? column
            let valueColumn = end + 1
            // An empty value cell next to another label: that label is not this one's value.
            let value = values[valueColumn].flatMap { $0.isBlank || rowKeys[valueColumn].flatMap(label) != nil ? nil : $0 }
            if field.isNumber, let value, value.number == nil {
                let position = sheet.position(file, row: row, column: valueColumn)
                filing.extra.append(ExtraText(label: cell.description, text: value.description, source: position))
                diagnostics.append(Diagnostic(.warning, "xlsx-not-a-number", ["label": cell.description],
                                              at: position, value: value.description))
                field.set(&filing, nil)
            } else {
                field.set(&filing, value.map { field.isNumber ? .number($0.number!) : $0 })
            }
            consumed.insert(CellKey(row, column))
            let valueEnd = sheet.merges.first { $0.rows.contains(row) && $0.columns.contains(valueColumn) }?.columns.upperBound ?? valueColumn
            for each in valueColumn...valueEnd { consumed.insert(CellKey(row, each)) }
            found += 1
        }
        return found
    }

    /// A merged cell's copy in a row below its top row (already seen there).
    private func isMergeCopy(row: Int, column: Int) -> Bool {
        sheet.merges.contains { $0.rows.contains(row) && $0.columns.contains(column) && ($0.rows.lowerBound != row || $0.columns.lowerBound != column) }
    }

    /// The table whose column headings best match a row, with sheet column -> template column.
    private func headerMatch(row: Int) -> (table: Int, columns: [Int: Int], extras: [Int: String], matched: Int)? {
        // Left to right, so that repeated headings name their columns in order.
        guard let ordered = sheetCells.orderedKeys[row] else { return nil }
        var best: (table: Int, columns: [Int: Int], extras: [Int: String], matched: Int)?
        for (index, table) in template.tables.enumerated() {
            var mapping: [Int: Int] = [:]
            var extras: [Int: String] = [:]
            for (column, key) in ordered {
                if key.utf8.count <= longestKey, let match = headingColumns[index][key]?.first(where: { !mapping.values.contains($0) }) {
                    mapping[column] = match
                } else if let cell = rows[row]?[column], !cell.isBlank {
                    extras[column] = cell.description
                }
            }
            // A heading row names most of the table's columns, and at least the indicator name.
            let namesIndicator = mapping.values.contains { table.columns[$0].field == .name }
            guard namesIndicator, mapping.count * 10 >= table.columns.count * 6 else { continue }
            if best == nil || mapping.count > best!.matched { best = (index, mapping, extras, mapping.count) }
        }
        return best
    }
}

/// What every template's parser needs of a sheet, worked out once rather than once a template:
/// the cells by row and column, merged ranges' values copied into every cell they cover (as people
/// read the form), the rows that have any, each cell's comparison key, and the mappings' field
/// for a key.
final class FormSheetCells {
    let rows: [Int: [Int: CellValue]]
    let rowNumbers: [Int]
    let keys: [Int: [Int: String]]
    /// Each row's keys left to right.
    let orderedKeys: [Int: [(column: Int, key: String)]]
    private var fieldPaths: [String: String?] = [:]

    init(_ sheet: XLSXSheet) {
        rows = sheet.cellsByRow(carryingMergesDown: true)
        rowNumbers = rows.keys.sorted()
        keys = rows.mapValues { row in row.mapValues { cell in FormText.key(cell.description) } }
        orderedKeys = keys.mapValues { row in row.sorted { $0.key < $1.key }.map { (column: $0.key, key: $0.value) } }
    }

    /// The filing field the mappings name by a label key (资金总额, 年度绩效目标), remembered.
    func fieldPath(_ key: String) -> String? {
        if let known = fieldPaths[key] { return known }
        let path = IndicatorCells.words?.field(key)
        fieldPaths[key] = path
        return path
    }
}

/// A cell of a sheet, as one hashable value.
struct CellKey: Hashable {
    let row: Int, column: Int
    init(_ row: Int, _ column: Int) { self.row = row; self.column = column }
}

/// Text compared for labels and headings: no blanks, half-width brackets, no required-field marks.
enum FormText {
    static func key(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            // Most text has nothing to drop or replace: it is returned as it is, uncopied.
            var index = 0
            while index < bytes.count, drop(bytes, index) == nil { index += 1 }
            guard index < bytes.count else { return nil }
            var key = [UInt8](bytes[..<index])
            key.reserveCapacity(bytes.count)
            while index < bytes.count {
                if let (length, replacement) = drop(bytes, index) {
                    if let replacement { key.append(replacement) }
                    index += length
                } else {
                    key.append(bytes[index])
                    index += 1
                }
            }
            return String(decoding: key, as: UTF8.self)
        } ?? text
    }

    /// At a byte: how many bytes to drop there and the ASCII byte that takes their place, or nil
    /// to keep it. Blanks (also U+3000) and required marks (* and ＊) go; full-width brackets
    /// become half-width ones.
    private static func drop(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> (Int, UInt8?)? {
        switch bytes[index] {
        case 0x20, 0x0A, 0x0D, 0x09, 0x2A: return (1, nil)
        case 0xE3 where index + 2 < bytes.count && bytes[index + 1] == 0x80 && bytes[index + 2] == 0x80: return (3, nil)
        case 0xEF where index + 2 < bytes.count && bytes[index + 1] == 0xBC:
            switch bytes[index + 2] {
            case 0x8A: return (3, nil)
            case 0x88: return (3, 0x28)
            case 0x89: return (3, 0x29)
            default: return nil
            }
        default: return nil
        }
    }
}

/// Puts what the visible form says onto the filing kept in the metadata sheet: a cell still
/// showing what the writer wrote keeps the exact original value; an edited cell wins. Rows are
/// paired by position while a table keeps its row count, else by indicator name, so rows people
/// added or removed do not shift the hidden fields of the others.
private struct FormOverlay {
    let template: Template

    func merge(visible rows: [FormRow], header: Filing, onto original: Filing, diagnostics: inout [Diagnostic]) -> Filing {
        var filing = original
        // A cell still showing what the writer showed (its field's value, or the one it was
        // filled from) is unchanged.
        for (_, field) in template.labelledFields {
            let written = template.headerCell(showing: field).map { template.shown($0, of: original).value } ?? field.get(original)
            if field.get(header) != written { field.set(&filing, field.get(header)) }
        }
        let placements = template.placements(of: original.indicators)
        var tables: [[Indicator]] = []
        for (tableIndex, table) in template.tables.enumerated() {
            let read = rows.filter { $0.table == tableIndex }
            let written = placements[tableIndex]
            let pairs = read.count == written.count ? written.map(Optional.some) : pairByName(read, written, original.indicators)
            if read.count != written.count {
                let removed = Set(written).subtracting(pairs.compactMap { $0 }).map { original.indicators[$0].name }.sorted()
                var values = ["table": table.caption ?? String(tableIndex + 1), "read": String(read.count), "written": String(written.count)]
                if !removed.isEmpty { values["removed"] = removed.joined(separator: ", ") }
                diagnostics.append(Diagnostic(.warning, "xlsx-rows-changed", key: removed.isEmpty ? "xlsx-rows-changed" : "xlsx-rows-removed", values))
            }
            tables.append(zip(read, pairs).map { row, index in
                guard let index else { return row.indicator }
                return overlay(row, onto: original.indicators[index], table, &diagnostics)
            })
        }
        // Each table's rows take the place of its first written row; rows without a table stay put.
        var result: [Indicator] = []
        var placed = Set<Int>()
        for indicator in original.indicators {
            guard let table = template.tableIndex(for: indicator) else {
                result.append(indicator)
                continue
            }
            if placed.insert(table).inserted { result += tables[table] }
        }
        for (table, indicators) in tables.enumerated() where !placed.contains(table) { result += indicators }
        filing.indicators = result
        filing.extra += header.extra
        return filing
    }

    private func overlay(_ row: FormRow, onto original: Indicator, _ table: Template.Table, _ diagnostics: inout [Diagnostic]) -> Indicator {
        let cells = IndicatorCells(template: template)
        var indicator = original
        let position = row.indicator.source ?? SourcePosition()
        // An edited target cell has the row's target read again from all its cells.
        var target: [IndicatorField: (cell: CellValue?, at: SourcePosition)] = [:]
        var targetEdited = false
        for (column, spec) in table.columns.enumerated() {
            let edited = cells.render(original, spec.field) != row.cells[column]
            if IndicatorCells.targetFields.contains(spec.field) {
                if target[spec.field] == nil { target[spec.field] = (row.cells[column], position) }
                targetEdited = targetEdited || edited
            } else if edited {
                cells.apply(row.cells[column], to: &indicator, spec.field, label: spec.leaf, at: position, diagnostics: &diagnostics)
            }
        }
        if targetEdited { cells.applyTarget(target, to: &indicator, keepingNature: true, diagnostics: &diagnostics) }
        indicator.extra += row.indicator.extra.filter { !indicator.extra.contains($0) }
        return indicator
    }

    /// For each row read, the first written indicator of the same name not yet taken.
    private func pairByName(_ read: [FormRow], _ written: [Int], _ indicators: [Indicator]) -> [Int?] {
        var free = written
        return read.map { row in
            guard let position = free.firstIndex(where: { indicators[$0].name == row.indicator.name }) else { return nil }
            return free.remove(at: position)
        }
    }
}
