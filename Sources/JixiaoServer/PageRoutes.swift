import Foundation
import Hummingbird
import Jixiao

/// The page at GET /: a form to choose, drop or paste filings and pick a template, rendered on
/// the server from Resources/page.html and the words of Resources/page-words.yaml; its script
/// posts each filing to POST /read, which renders the indicators as read with their findings.
struct PageRoutes: Sendable {
    let options: ServeOptions
    let queue: WorkQueue
    let words: PageWords
    let skeleton: String
    let script: String
    let style: String

    init(options: ServeOptions, queue: WorkQueue) throws {
        self.options = options
        self.queue = queue
        words = try PageWords.load()
        skeleton = try PageWords.resource("page", "html")
        script = try PageWords.resource("page", "js")
        style = try PageWords.resource("page", "css")
    }

    func add(to router: Router<some RequestContext>) {
        router.get("/") { request, _ -> Response in
            Reply.html(try page(words.language(request.uri.queryParameters["lang"].map(String.init))))
        }
        router.get("page.js") { _, _ -> Response in Reply.bytes(Array(script.utf8), type: "text/javascript; charset=utf-8") }
        router.get("page.css") { _, _ -> Response in Reply.bytes(Array(style.utf8), type: "text/css; charset=utf-8") }
        router.post("read") { request, _ -> Response in
            let language = words.language(request.uri.queryParameters["lang"].map(String.init))
            let index = try Self.index(request.uri.queryParameters["index"].map(String.init))
            let upload = try await Upload.read(request, limit: options.maximumBodyBytes)
            let html = try await queue.run { [words] in
                try FilingView(words: words, language: language, index: index).render(upload)
            }
            return Reply.html(html)
        }
    }

    /// The page's number for a file (`?index=N`), which keeps its anchors apart from other files'.
    static func index(_ given: String?) throws -> Int {
        guard let given else { return 0 }
        guard given.count <= 6, !given.isEmpty, given.allSatisfy({ $0.isASCII && $0.isNumber }), let number = Int(given) else {
            throw APIError(.badRequest, "bad-index", "index= takes a whole number from 0 to 999999, not '\(given.prefix(40))'")
        }
        return number
    }

    func page(_ language: String) throws -> String {
        let templates = try TemplateCatalog.standard().templates
        let options = templates.map { template in
            "      <option value=\"\(escapeHTML(template.id))\">\(escapeHTML(template.id)): \(escapeHTML(template.title))</option>"
        }.joined(separator: "\n")
        let other = language == "zh" ? "en" : "zh"
        var values = words.languages[language] ?? [:]
        values["lang"] = language
        values["other_language_code"] = other
        values["other_language_href"] = "/?lang=\(other)"
        var text = skeleton
        for (key, value) in values { text = text.replacingOccurrences(of: "{{\(key)}}", with: escapeHTML(value)) }
        let wordsJSON = (try? JSONText.render(words.languages[language] ?? [:])) ?? "{}"
        text = text.replacingOccurrences(of: "{{words_json}}", with: wordsJSON.replacingOccurrences(of: "</", with: "<\\/"))
        return text.replacingOccurrences(of: "{{template_options}}", with: options)
    }
}

/// The indicators of each filing read from an upload, as a table with every finding beside
/// its row (those no row holds below it), the suggested template and the download buttons;
/// for a text or YAML upload, its lines after the filings, each finding's position a link to
/// its line (ids `f{index}-line-{n}`).
struct FilingView: Sendable {
    let words: PageWords
    let language: String
    var index: Int = 0
    /// The upload's lines, when it is text shown beside the findings.
    private var lines: [String] = []
    private var file = ""

    init(words: PageWords, language: String, index: Int = 0) {
        self.words = words
        self.language = language
        self.index = index
    }

    /// More lines than this are not shown: the positions stay, as text.
    static let shownLines = 20_000

    func render(_ upload: Upload) throws -> String {
        var view = self
        view.file = upload.input.name
        if ["text", "yaml"].contains(try Conversion.readerFormat(for: upload.input, named: upload.format).name),
           let lines = try? SourceLines.of(upload.input), lines.count <= Self.shownLines {
            view.lines = lines
        }
        return try view.filings(upload)
    }

    private func filings(_ upload: Upload) throws -> String {
        let validator = try Validator.standard()
        let (read, validations) = try validator.readAndValidate(upload.input, from: upload.format)
        let locators = try FilingLocator.locators(for: upload.input, format: upload.format, count: read.filings.count)
        let mapping = read.diagnostics.first { $0.id == "mapping-chosen" }
        let catalog = try TemplateCatalog.standard()
        var html = ""
        for (index, filing) in read.filings.enumerated() {
            let validation = validations[index]
            let (template, reason) = suggest(filing, mapping: mapping?.value, among: catalog.templates)
            html += "<article class=\"filing\" data-template=\"\(e(template?.id ?? ""))\" data-reason=\"\(e(reason))\">\n"
            let title = filing.project?.name ?? filing.organization?.name ?? filing.title ?? upload.input.name
            html += "<h3>\(e(upload.input.name)): \(e(title))</h3>\n<dl>\n"
            if let mapping { html += "<dt>\(w("mapping"))</dt><dd>\(e(mapping.message))</dd>\n" }
            html += "<dt>\(w("framework"))</dt><dd>\(e(validation.framework))\(validation.detection.map { " (\(e($0)))" } ?? "")</dd>\n"
            html += "<dt>\(w("template_suggested"))</dt><dd>\(e(reason))</dd>\n"
            let errors = validation.findings.filter { $0.severity == .error }.count
            let warnings = validation.findings.filter { $0.severity == .warning }.count
            html += "<dt>\(w(validation.isValid ? "valid" : "invalid"))</dt><dd>\(e(words.word("counts", language, ["errors": String(errors), "warnings": String(warnings)])))</dd>\n</dl>\n"
            html += "<div class=\"downloads\">"
            for (what, key) in [("xlsx", "download_xlsx"), ("yaml", "download_yaml"), ("findings", "download_findings")] {
                html += "<button type=\"button\" data-download=\"\(what)\">\(w(key))</button>"
            }
            html += "</div>\n"
            html += table(filing, findings: validation.findings.filter { $0.id != "mapping-chosen" }, locator: locators[index])
            html += "</article>\n"
        }
        if !lines.isEmpty { html += source() }
        return html
    }

    /// The upload's lines, numbered, each the target of the positions naming it.
    private func source() -> String {
        let heading = "f\(index)-source"
        var html = "<section class=\"source\" aria-labelledby=\"\(heading)\">\n<h3 id=\"\(heading)\">\(e(words.word("source_text", language, ["file": file])))</h3>\n"
        // A region that scrolls takes the focus, so that keys scroll it too.
        html += "<ol class=\"source-lines\" tabindex=\"0\" aria-labelledby=\"\(heading)\">\n"
        for (number, line) in lines.enumerated() {
            html += "<li id=\"\(anchor(number + 1))\"><code>\(e(line))</code></li>\n"
        }
        return html + "</ol>\n</section>\n"
    }

    private func anchor(_ line: Int) -> String { "f\(index)-line-\(line)" }

    /// A position as text, without the upload's name (its heading says it): "line 12",
    /// "Sheet1!B7", "table 2, row 3, cell 1"; a link to its line where the upload's lines are
    /// shown. The full position is its title.
    private func place(_ position: SourcePosition) -> String {
        var shown = position
        if position.file == file { shown.file = nil }
        let text: String
        if shown.file == nil, shown.sheet == nil, shown.place == nil, let line = shown.line {
            text = e(words.word("line_place", language, ["line": String(line)]))
        } else {
            text = e(shown.description.isEmpty ? position.description : shown.description)
        }
        if let line = position.line, position.sheet == nil, position.place == nil, position.file == nil || position.file == file,
           (1...max(1, lines.count)).contains(line), !lines.isEmpty {
            let label = e(words.word("go_to_line", language, ["line": String(line)]))
            return "<a class=\"position\" href=\"#\(anchor(line))\" title=\"\(e(position.description)): \(label)\">\(text)</a>"
        }
        return "<span class=\"position\" title=\"\(e(position.description))\">\(text)</span>"
    }

    private func table(_ filing: Filing, findings: [Diagnostic], locator: FilingLocator) -> String {
        let rows = RowPlaces(filing, locator: locator)
        var byRow: [Int: [Diagnostic]] = [:]
        var others: [Diagnostic] = []
        for finding in findings {
            if let row = rows.row(of: finding.position) { byRow[row, default: []].append(finding) } else { others.append(finding) }
        }
        var html = "<table>\n<caption>\(w("indicators_caption"))</caption>\n<thead><tr>"
        for key in ["level1", "level2", "name", "op", "value", "unit", "source", "findings"] { html += "<th scope=\"col\">\(w(key))</th>" }
        html += "</tr></thead>\n<tbody>\n"
        for (index, indicator) in filing.indicators.enumerated() {
            let found = byRow[index] ?? []
            let worst = found.map(\.severity).max()
            let rowClass = worst == .error ? " class=\"has-error\"" : worst == .warning ? " class=\"has-warning\"" : ""
            html += "<tr\(rowClass)>"
            for cell in [indicator.level1, indicator.level2, indicator.name, indicator.op?.rawValue, indicator.value?.description, indicator.unit] {
                html += "<td>\(e(cell ?? ""))</td>"
            }
            html += "<td>\(indicator.source.map(place) ?? "")</td>"
            html += "<td>\(list(found))</td></tr>\n"
        }
        html += "</tbody>\n</table>\n"
        html += "<h4>\(w("other_findings"))</h4>\n" + (others.isEmpty ? "<p>\(w("no_findings"))</p>\n" : list(others) + "\n")
        return html
    }

    private func list(_ findings: [Diagnostic]) -> String {
        guard !findings.isEmpty else { return "" }
        return "<ul>" + findings.map { finding in
            let place = finding.position.map { " \(w("position")) \(self.place($0))" } ?? ""
            return "<li class=\"finding-\(finding.severity.rawValue)\">\(w("severity_\(finding.severity.rawValue)")): \(e(finding.message)) [\(e(finding.id))]\(place)</li>"
        }.joined() + "</ul>"
    }

    /// The template for a filing: the detected region's form of the filing's kind, else the
    /// national form of that kind, else the first of that kind; with the reason, in words.
    func suggest(_ filing: Filing, mapping: String?, among templates: [Template]) -> (Template?, String) {
        let ofKind = templates.filter { $0.kind == filing.kind }
        let kindWord = words.word("kind_\(filing.kind.rawValue)", language)
        if let mapping, let region = mapping.split(separator: "@").first,
           let match = ofKind.first(where: { $0.id.hasPrefix("\(region)-") }) {
            return (match, words.word("template_reason_mapping", language, ["mapping": mapping, "kind": kindWord, "template": match.id]))
        }
        guard let fallback = ofKind.first(where: { $0.id.hasPrefix("national-") }) ?? ofKind.first else {
            return (nil, words.word("template_reason_none", language))
        }
        // A regional mapping (one extending another) was detected, but its region has no form
        // of this kind; the shared base mapping says no region.
        if let mapping, Self.isRegional(mapping) {
            return (fallback, words.word("template_reason_region_lacks_kind", language, ["mapping": mapping, "kind": kindWord, "template": fallback.id]))
        }
        return (fallback, words.word("template_reason_kind", language, ["kind": kindWord, "template": fallback.id]))
    }

    /// Whether the mapping (`id@version`) extends another, as a region's own mapping does.
    static func isRegional(_ reference: String) -> Bool {
        guard let catalog = try? MappingCatalog.standard() else { return false }
        return catalog.mappings.first { $0.reference == reference }?.extends != nil
    }

    private func w(_ key: String) -> String { e(words.word(key, language)) }
    private func e(_ text: String) -> String { escapeHTML(text) }
}

/// Which indicator row a finding's position falls in: the row whose source names the same line,
/// sheet row or table row; for canonical YAML, the indicator whose lines hold it.
struct RowPlaces {
    private var keys: [String: Int] = [:]
    private var yamlStarts: [(line: Int, row: Int)] = []

    init(_ filing: Filing, locator: FilingLocator) {
        for (index, indicator) in filing.indicators.enumerated() {
            if let key = indicator.source.flatMap(Self.key) { keys[key] = keys[key] ?? index }
            if let line = locator.position("indicators.\(index)")?.line { yamlStarts.append((line, index)) }
        }
    }

    func row(of position: SourcePosition?) -> Int? {
        guard let position else { return nil }
        if let key = Self.key(position), let row = keys[key] { return row }
        if let line = position.line, position.sheet == nil, let start = yamlStarts.last(where: { $0.line <= line }) {
            return line >= yamlStarts[0].line ? start.row : nil
        }
        return nil
    }

    /// A row's key: file and line, sheet and row number, or document table and row.
    static func key(_ position: SourcePosition) -> String? {
        let file = position.file ?? ""
        if let sheet = position.sheet, let cell = position.cell {
            return "\(file)|\(sheet)|\(cell.filter(\.isNumber))"
        }
        if let place = position.place {
            return "\(file)|\(place.split(separator: ",").prefix(2).joined(separator: ","))"
        }
        return position.line.map { "\(file)|\($0)" }
    }
}
