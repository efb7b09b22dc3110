import Foundation

/// Which fields of a filing a template's visible form has no place for: the writer reports them
/// (they are kept in the hidden metadata sheet), and a migration reports what the target drops.
struct FormCoverage: Sendable {
    let template: Template
    /// Field paths the form shows: labels, and the columns of its tables.
    private let shownPaths: Set<String>

    /// The coverage of a template, worked out once per process and template: a batch writes
    /// thousands of forms with the same one.
    static func of(_ template: Template) -> FormCoverage {
        if let known = cache.value?[template.reference], known.template == template { return known }
        let coverage = FormCoverage(template: template)
        cache.value = (cache.value ?? [:]).merging([template.reference: coverage]) { _, new in new }
        return coverage
    }

    private static let cache = LockedValue<[String: FormCoverage]>()

    init(template: Template) {
        self.template = template
        var paths = Set(template.labelledFields.map(\.field.path))
        for column in template.tables.flatMap(\.columns) {
            for key in column.field.canonicalKeys { paths.insert("indicators[].\(key)") }
        }
        shownPaths = paths
    }

    /// One info diagnostic per field path the form cannot show, with how many values it holds.
    /// `document`: the filing's canonical tree (`CanonicalYAML.node(for:)`).
    /// `shownElsewhere`: paths the form shows in another field's empty place (`fill_from`).
    func droppedFields(of filing: Filing, document: YAMLNode, shownElsewhere: Set<String> = []) -> [Diagnostic] {
        var counts: [String: Int] = [:]
        var order: [String] = []
        func count(_ path: String) {
            if counts[path] == nil { order.append(path) }
            counts[path, default: 0] += 1
        }
        let shownPaths = shownPaths
        Self.walk(document, at: PathTrie(path: "")) { leaf in
            if !leaf.judged {
                leaf.judged = true
                leaf.reportedAs = Self.isBookkeeping(leaf.path) || shownPaths.contains(leaf.path) ? nil : Self.reported(leaf.path)
            }
            if let reported = leaf.reportedAs { count(reported) }
        }
        let placements = template.placements(of: filing.indicators)
        let placed = Set(placements.flatMap { $0 })
        for (index, indicator) in filing.indicators.enumerated() {
            if !placed.contains(index) { count("indicators (\(indicator.period.rawValue) rows: the form has no such table)") }
        }
        let periodShown = template.tables.contains { table in table.period != nil || table.columns.contains { $0.field == .period } }
        if !periodShown, filing.indicators.contains(where: { $0.period != .annual }) { count("indicators[].period") }
        let priorColumns = Set(template.tables.flatMap(\.columns).compactMap { column -> Int? in
            if case .priorValue(let index) = column.field { return index }
            return nil
        })
        for indicator in filing.indicators {
            for index in indicator.priorValues.indices where !priorColumns.contains(index) { count("indicators[].prior_values") }
        }
        return order.filter { !shownElsewhere.contains($0) }.map { path in
            Diagnostic(.info, "xlsx-field-hidden", key: counts[path]! == 1 ? "xlsx-field-hidden-one" : "xlsx-field-hidden",
                       ["template": template.reference, "field": path, "count": String(counts[path]!), "metadata": XLSXTemplateWriter.metadataSheet],
                       value: path)
        }
    }

    /// Keys that describe the record rather than the filing's content, and the ones checked above.
    private static func isBookkeeping(_ leaf: String) -> Bool {
        ["format", "kind", "source"].contains(leaf) || leaf.hasSuffix(".source") || leaf.hasPrefix("indicators[].written")
            || leaf == "indicators[].period" || leaf.hasPrefix("indicators[].prior_values")
    }

    /// Reported up to the first list: `department.income[].amount` -> `department.income`;
    /// an indicator field by its key: `indicators[].extra[].text` -> `indicators[].extra`.
    private static func reported(_ leaf: String) -> String {
        if leaf.hasPrefix("indicators[].") {
            let key = leaf.dropFirst("indicators[].".count).prefix { $0 != "." && $0 != "[" }
            return "indicators[].\(key)"
        }
        if let bracket = leaf.range(of: "[]") { return String(leaf[..<bracket.lowerBound]) }
        return leaf
    }

    /// Visits every leaf with its path (`indicators[].target.value`). The paths form a trie, so
    /// each is built and judged once however many indicators share it. Static: a method would
    /// copy the whole coverage (its template) at every level of the recursion.
    private static func walk(_ node: YAMLNode, at place: PathTrie, _ visit: (PathTrie) -> Void) {
        switch node {
        case .scalar: visit(place)
        case .sequence(let items, _):
            let item = place.child("[]", joined: place.path + "[]")
            for each in items { walk(each, at: item, visit) }
        case .mapping(let pairs, _):
            for pair in pairs {
                let key = pair.key.text
                walk(pair.value, at: place.child(key, joined: place.path.isEmpty ? key : "\(place.path).\(key)"), visit)
            }
        }
    }
}

private final class PathTrie {
    let path: String
    /// A dozen keys at most: a scan of short keys is cheaper than hashing them.
    var children: [(key: String, trie: PathTrie)] = []
    /// On the first visit: whether the form has a place for this path, and if not, how it is reported.
    var judged = false
    var reportedAs: String?

    init(path: String) { self.path = path }

    func child(_ key: String, joined: @autoclosure () -> String) -> PathTrie {
        for child in children where child.key == key { return child.trie }
        let child = PathTrie(path: joined())
        children.append((key, child))
        return child
    }
}
