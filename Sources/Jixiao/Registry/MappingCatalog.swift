import Foundation

/// Every mapping found under `Mappings/`, with their `extends` chains resolved.
public struct MappingCatalog: Sendable {
    /// As loaded, each file on its own; fixed once loaded, as the lookups built from them are kept.
    public let mappings: [Mapping]
    /// The lookups built from these mappings (`lookup(_:frameworks:)`), shared by every copy.
    private let lookups = LockedValue<[String: MappingLookup]>()

    public init(mappings: [Mapping]) {
        self.mappings = mappings.sorted { ($0.id, $0.version) < ($1.id, $1.version) }
    }

    /// The default data folder's mappings, loaded once.
    public static func standard() throws -> MappingCatalog {
        try cache.value(orLoad: { try load(from: DataDirectory.mappings()) })
    }

    public static func load(from folder: URL) throws -> MappingCatalog {
        let catalog = MappingCatalog(mappings: try ArtefactFile.loadFolder(folder, MappingLoader.load))
        // A broken `extends` chain is reported when the folder is loaded, not when a text needs it.
        for mapping in catalog.mappings { _ = try catalog.resolve(mapping) }
        return catalog
    }

    /// `id` or `id@version` (without a version, the latest), merged with its base chain.
    public func resolved(_ reference: String) throws -> Mapping {
        try resolve(find(reference))
    }

    /// The look-up tables of a mapping (`reference` as `resolved` takes it) over the frameworks
    /// it targets, built once per catalog: a batch reads thousands of texts through the same few
    /// mappings, and building one costs some ten million instructions. A lookup kept for other
    /// frameworks (another framework catalog) is built again.
    public func lookup(_ reference: String, frameworks catalog: FrameworkCatalog) throws -> MappingLookup {
        let mapping = try resolved(reference)
        let frameworks = try mapping.frameworks.map { try catalog.framework($0) }
        if let known = lookups.value?[mapping.reference], known.frameworks == frameworks { return known }
        let lookup = MappingLookup(mapping, frameworks: frameworks)
        lookups.value = (lookups.value ?? [:]).merging([mapping.reference: lookup]) { _, new in new }
        return lookup
    }

    /// Each mapping once: its newest released version, else its newest draft.
    public var preferredVersions: [Mapping] {
        let byID = Dictionary(grouping: mappings, by: \.id)
        var result: [Mapping] = []
        for id in byID.keys.sorted() {
            let versions = byID[id]!.sorted { $0.version < $1.version }
            if let chosen = versions.last(where: { $0.status == .released }) ?? versions.last { result.append(chosen) }
        }
        return result
    }

    private func find(_ reference: String) throws -> Mapping {
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        let versions = mappings.filter { $0.id == parts[0] }
        guard let latest = versions.max(by: { $0.version < $1.version }) else {
            let known = Set(mappings.map(\.id)).sorted().joined(separator: ", ")
            throw JixiaoError("unknown-mapping", key: "artefact-unknown", ["kind": "mapping", "name": parts[0], "known": known, "hint": ""])
        }
        guard parts.count == 2 else { return latest }
        guard let version = SemanticVersion(parts[1]), let match = versions.first(where: { $0.version == version }) else {
            let known = versions.map(\.version.description).joined(separator: ", ")
            throw JixiaoError("unknown-mapping", key: "artefact-version-unknown", ["version": parts[1], "kind": "mapping", "name": parts[0], "known": known])
        }
        return match
    }

    private func resolve(_ mapping: Mapping, seen: Set<String> = []) throws -> Mapping {
        guard let base = mapping.extends else { return mapping }
        guard !seen.contains(mapping.reference) else {
            throw JixiaoError("mapping-cycle", ["mapping": mapping.reference, "base": base], at: SourcePosition(file: mapping.file))
        }
        let parent: Mapping
        do {
            parent = try find(base)
        } catch let error as JixiaoError {
            var wrapped = JixiaoError(error.id, key: "mapping-extends", ["mapping": mapping.reference, "base": base, "message": error.message],
                                      at: SourcePosition(file: mapping.file))
            // The cause in each language, as the cause's own message gives it.
            for (language, text) in error.localized { wrapped.localized[language] = wrapped.localized[language]?.replacingOccurrences(of: error.message, with: text) }
            throw wrapped
        }
        return mapping.merged(over: try resolve(parent, seen: seen.union([mapping.reference])))
    }

    private static let cache = LockedValue<MappingCatalog>()
}

/// Reads one mapping file, refusing unknown keys so that a misspelt section is never ignored.
enum MappingLoader {
    static func load(_ url: URL) throws -> Mapping {
        var (header, map) = try ArtefactFile.open(url, kind: "mapping")
        let file = url.path
        var mapping = Mapping(
            id: header.id, version: header.version, status: header.status, title: header.title,
            extends: try map.string("extends"),
            frameworks: try map.stringList("frameworks"),
            columns: try entries(&map, "columns", file: file),
            columnGroups: try map.stringList("column_groups"),
            otherColumns: try map.stringList("other_columns"),
            sideBySidePeriods: try map.stringList("side_by_side_periods"),
            repeatedColumns: try repeated(&map, file: file),
            columnFallbacks: try repeated(&map, file: file, key: "column_fallbacks"),
            evaluationColumns: try repeated(&map, file: file, key: "evaluation_columns"),
            headerSpans: try spans(&map, file: file),
            otherLevels: try repeated(&map, file: file, key: "other_levels"),
            columnPatterns: try repeated(&map, file: file, key: "column_patterns"),
            valuePeriods: try repeated(&map, file: file, key: "value_periods"),
            totalLabels: try map.stringList("total_labels"),
            footerLabels: try map.stringList("footer_labels"),
            tableLabels: try entries(&map, "table_labels", file: file),
            levels: try map.list("levels") { try level($0, file: file) },
            levelEndings: try map.stringList("level_endings"),
            levelRemarks: try map.stringList("level_remarks"),
            operators: try entries(&map, "operators", file: file),
            qualitativeMarkers: try map.stringList("qualitative_markers"),
            trendWords: try map.stringList("trend_words"),
            natures: try entries(&map, "natures", file: file),
            units: try entries(&map, "units", file: file),
            placeholders: try map.stringList("placeholders"),
            rangeSeparators: try map.stringList("range_separators"),
            deadlineWords: try map.stringList("deadline_words"),
            labelFillers: try map.stringList("label_fillers"),
            fields: try entries(&map, "fields", file: file),
            departmentProjectColumns: try entries(&map, "department_project_columns", file: file),
            fundGroups: try entries(&map, "fund_groups", file: file),
            fundColumns: try entries(&map, "fund_columns", file: file),
            spendPlanCheckpoints: try entries(&map, "spend_plan_checkpoints", file: file),
            organizationPatterns: try map.stringList("organization_patterns"),
            departmentMarkers: try map.stringList("department_markers"),
            goalLabels: try map.stringList("goal_labels"),
            years: try years(&map),
            headingNumbers: try map.stringList("heading_numbers"),
            partHeadings: try map.stringList("part_headings"),
            filingTitles: try map.stringList("filing_titles"),
            tableCaptions: try map.stringList("table_captions"),
            codeLists: try codeLists(&map, file: file),
            file: file)
        mapping.budgetInProse = try budgetInProse(&map)
        mapping.templates = try templates(&map, file: file)
        try map.finish()
        var patterns: [String] = mapping.budgetInProse.patterns + mapping.filingTitles + mapping.tableCaptions + mapping.organizationPatterns
        patterns += mapping.columnPatterns.values.flatMap { $0 }
        patterns += mapping.goalLabels + mapping.footerLabels + mapping.levelRemarks + mapping.headingNumbers + mapping.partHeadings
        patterns += [mapping.years.inTitle, mapping.years.alone, mapping.years.column, mapping.years.period]
        for pattern in patterns where (try? NSRegularExpression(pattern: pattern)) == nil {
            throw JixiaoError("registry-format", key: "mapping-bad-pattern", ["pattern": pattern], at: SourcePosition(file: file))
        }
        return mapping
    }

    /// `canonical: [spelling, {text: spelling, valid_from: ..., valid_to: ...}, ...]`, in file order.
    private static func entries(_ map: inout YAMLMappingReader, _ key: String, file: String) throws -> [MappingEntry] {
        guard var section = try map.mapping(key, what: "'\(key)'") else { return [] }
        var result: [MappingEntry] = []
        for (canonical, node) in section.allEntries {
            guard case .sequence(let items, _) = node else {
                throw JixiaoError("yaml-wrong-shape", key: "mapping-not-spellings", ["name": canonical.text, "section": key], at: YAMLParser.position(file, node.mark))
            }
            for item in items {
                if case .scalar(let scalar) = item {
                    result.append(MappingEntry(written: scalar.text, canonical: canonical.text))
                    continue
                }
                var entry = try YAMLMappingReader(item, file: file, what: "a spelling of '\(canonical.text)'")
                result.append(MappingEntry(
                    written: try entry.requiredString("text"), canonical: canonical.text,
                    validFrom: try entry.string("valid_from"), validTo: try entry.string("valid_to")))
                try entry.finish()
            }
            _ = section.node(canonical.text)
        }
        try section.finish()
        return result
    }

    private static func repeated(_ map: inout YAMLMappingReader, file: String, key: String = "repeated_columns") throws -> [String: [String]] {
        guard var section = try map.mapping(key, what: "'\(key)'") else { return [:] }
        var result: [String: [String]] = [:]
        for (header, _) in section.allEntries { result[header.text] = try section.stringList(header.text) }
        try section.finish()
        return result
    }

    private static func spans(_ map: inout YAMLMappingReader, file: String) throws -> [String: Int] {
        guard var section = try map.mapping("header_spans", what: "'header_spans'") else { return [:] }
        var result: [String: Int] = [:]
        for (header, _) in section.allEntries {
            guard let text = try section.string(header.text), let span = Int(text), span >= 2 else {
                throw JixiaoError("bad-mapping", key: "mapping-header-span", ["header": header.text], at: SourcePosition(file: file))
            }
            result[header.text] = span
        }
        try section.finish()
        return result
    }

    private static func years(_ map: inout YAMLMappingReader) throws -> YearPatterns {
        var years = YearPatterns()
        guard var section = try map.mapping("years", what: "'years'") else { return years }
        years.inTitle = try section.string("in_title") ?? years.inTitle
        years.alone = try section.string("alone") ?? years.alone
        years.column = try section.string("column") ?? years.column
        years.period = try section.string("period") ?? years.period
        try section.finish()
        return years
    }

    /// `templates: {project: yunnan-project}`: a template id per filing kind.
    private static func templates(_ map: inout YAMLMappingReader, file: String) throws -> [String: String] {
        guard var section = try map.mapping("templates", what: "'templates'") else { return [:] }
        var result: [String: String] = [:]
        for (kind, _) in section.allEntries {
            guard Filing.Kind(rawValue: kind.text) != nil, let template = try section.string(kind.text) else {
                throw JixiaoError("bad-mapping", key: "mapping-templates-entry", ["kind": kind.text], at: SourcePosition(file: file))
            }
            result[kind.text] = template
        }
        try section.finish()
        return result
    }

    private static func budgetInProse(_ map: inout YAMLMappingReader) throws -> BudgetInProse {
        guard var section = try map.mapping("budget_in_prose", what: "'budget_in_prose'") else { return BudgetInProse() }
        let result = BudgetInProse(fields: try section.stringList("fields"), patterns: try section.stringList("patterns"))
        try section.finish()
        return result
    }

    private static func level(_ node: YAMLNode, file: String) throws -> LevelVariant {
        var map = try YAMLMappingReader(node, file: file, what: "a level variant")
        let variant = LevelVariant(
            written: try map.requiredString("written"), canonical: try map.requiredString("canonical"),
            under: try map.string("under"))
        try map.finish()
        return variant
    }

    private static func codeLists(_ map: inout YAMLMappingReader, file: String) throws -> [String: CodeList] {
        guard var section = try map.mapping("code_lists", what: "'code_lists'") else { return [:] }
        var result: [String: CodeList] = [:]
        for (field, _) in section.allEntries {
            guard var list = try section.mapping(field.text, what: "the code list of '\(field.text)'") else { continue }
            let table = try list.requiredString("table")
            var codes: [String: CodeList.Code] = [:]
            if var codeMap = try list.mapping("codes", what: "'codes'") {
                for (code, _) in codeMap.allEntries {
                    guard var entry = try codeMap.mapping(code.text, what: "code '\(code.text)'") else { continue }
                    codes[code.text] = CodeList.Code(meaning: try entry.requiredString("meaning"), doubtful: try entry.string("doubtful"))
                    try entry.finish()
                }
                try codeMap.finish()
            }
            try list.finish()
            result[field.text] = CodeList(table: table, codes: codes)
        }
        try section.finish()
        return result
    }
}
