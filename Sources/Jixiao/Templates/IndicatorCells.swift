import Foundation

/// How an indicator field is shown in a template's cell, and read back from one. The writer and
/// the reader share these two functions, so a value written and read unchanged comes back equal.
struct IndicatorCells {
    let template: Template
    /// The shared words (natures, units such as 分 after a weight): the common mapping's.
    static let words: MappingLookup? = (try? MappingCatalog.standard().resolved("common")).map { MappingLookup($0) }

    /// A qualitative target the form writes as "文字描述" with its text in the unit column.
    private func wordEncoded(_ indicator: Indicator) -> String? {
        guard template.qualitativeOperator != nil, indicator.op == nil, indicator.unit == nil,
              case .text(let text)? = indicator.value else { return nil }
        return text
    }

    func render(_ indicator: Indicator, _ field: IndicatorField) -> CellValue? {
        if let text = wordEncoded(indicator) {
            switch field {
            case .op: return .text(template.qualitativeOperator!)
            case .value: return nil
            case .unit: return .text(text)
            default: break
            }
        }
        switch field {
        case .level1: return indicator.level1.map(CellValue.text)
        case .level2: return indicator.level2.map(CellValue.text)
        case .name: return .text(indicator.name)
        case .op: return indicator.op.map { .text(template.shown($0.rawValue, field: "op")) }
        case .value: return indicator.value.map(CellValue.init)
        case .unit: return indicator.unit.map(CellValue.text)
        case .nature: return indicator.nature.map { .text(template.shown($0.rawValue, field: "nature")) }
        case .period: return .text(template.shown(indicator.period.rawValue, field: "period"))
        case .description: return indicator.description.map(CellValue.text)
        case .basis: return indicator.basis.map(CellValue.text)
        case .scoring: return indicator.scoring.map(CellValue.text)
        case .weight: return indicator.weight.map(CellValue.number)
        case .category: return indicator.category.map(CellValue.text)
        case .priorValue(let index):
            return indicator.priorValues.indices.contains(index) ? indicator.priorValues[index].value.map(CellValue.init) : nil
        case .target:
            // A bare number stays a number cell; anything with a comparator or unit is text.
            if indicator.op == nil, indicator.unit == nil { return indicator.value.map(CellValue.init) }
            let op = indicator.op.map { template.shown($0.rawValue, field: "op") } ?? ""
            return .text(op + (indicator.value?.description ?? "") + (indicator.unit ?? ""))
        }
    }

    /// The fields a target is read from: comparator, value, unit, nature, or all in one cell.
    static let targetFields: Set<IndicatorField> = [.op, .value, .unit, .nature, .target]

    /// Sets a field from a cell; a text the field cannot take is reported and kept in `written`.
    /// The target's fields are read together (`applyTarget`): a cell of one alone is read as the
    /// row's only target cell.
    func apply(_ cell: CellValue?, to indicator: inout Indicator, _ field: IndicatorField, label: String,
               at position: SourcePosition, diagnostics: inout [Diagnostic]) {
        let text = cell.map { TextCleaning.trim($0.description) }
        let blank = text?.isEmpty ?? true
        switch field {
        case .op, .value, .unit, .nature, .target:
            applyTarget([field: (cell, position)], to: &indicator, diagnostics: &diagnostics)
        case .level1: indicator.level1 = blank ? nil : text
        case .level2: indicator.level2 = blank ? nil : text
        case .name: indicator.name = text ?? ""
        case .description: indicator.description = blank ? nil : cell?.description
        case .basis: indicator.basis = blank ? nil : cell?.description
        case .scoring: indicator.scoring = blank ? nil : cell?.description
        case .category: indicator.category = blank ? nil : text
        case .period:
            if let text, !blank {
                if let period = template.canonical(text, field: "period").flatMap(Period.init(rawValue:)) ?? Period(rawValue: text) {
                    indicator.period = period
                } else {
                    unreadable(text, "period", field: "period", &indicator, position, &diagnostics)
                }
            }
        case .weight:
            indicator.weight = nil
            if let cell, !blank {
                // A weight may carry its unit ("2.5分").
                let number = cell.number ?? Self.words?.amount(text!)
                if let number { indicator.weight = number } else {
                    unreadable(text!, "weight", field: "weight", &indicator, position, &diagnostics)
                }
            }
        case .priorValue(let index):
            guard let cell, !blank else { return }
            while indicator.priorValues.count <= index {
                indicator.priorValues.append(PriorValue(label: indicator.priorValues.count == index ? label : ""))
            }
            if indicator.priorValues[index].label.isEmpty { indicator.priorValues[index].label = label }
            indicator.priorValues[index].value = Self.targetValue(cell)
        }
    }

    /// Reads a row's target cells together through the one target parser, as the text reader
    /// reads a table's: the template's own spellings of a comparator, a nature and its word for a
    /// qualitative target first, then the mappings' ("≥30" in a value column is ≥ 30, "100%"
    /// with no comparator is = 100 %). The fields the given cells can say are set anew; findings
    /// name the cell they are about. Without a nature column the target says the nature, unless
    /// `keepingNature` (a hidden copy of the filing already holds it).
    func applyTarget(_ cells: [IndicatorField: (cell: CellValue?, at: SourcePosition)], to indicator: inout Indicator,
                     keepingNature: Bool = false, diagnostics: inout [Diagnostic]) {
        func text(_ field: IndicatorField) -> String? {
            guard let cell = cells[field]?.cell else { return nil }
            let text = TextCleaning.trim(cell.description)
            return text.isEmpty ? nil : text
        }
        func given(_ fields: IndicatorField...) -> Bool { fields.contains { cells[$0] != nil } }
        // What each field is said by: a comparator or a unit may stand inside the value.
        let says = ["op": given(.op, .value, .target), "value": given(.value, .target), "unit": given(.unit, .value, .target),
                    "nature": given(.nature) || !keepingNature]
        if says["op"]! { indicator.op = nil }
        if says["value"]! { indicator.value = nil }
        if says["unit"]! { indicator.unit = nil }
        if says["nature"]! { indicator.nature = nil }
        for (key, said) in says where said { indicator.written[key] = nil }

        var op: String?, value: String?, nature: Nature?
        let unit = text(.unit)
        if let written = text(.op) {
            if written == template.qualitativeOperator {
                op = written
            } else if let known = comparator(written) {
                op = known.rawValue
            } else {
                unreadable(written, "comparator", field: "op", &indicator, cells[.op]!.at, &diagnostics)
            }
        }
        if let written = text(.nature) {
            nature = template.canonical(written, field: "nature").flatMap(Nature.init(rawValue:)) ?? Nature(rawValue: written)
                ?? Self.words?.nature(written)
            if nature == nil { unreadable(written, "nature", field: "nature", &indicator, cells[.nature]!.at, &diagnostics) }
        }
        if let cell = cells[.target]?.cell, let written = text(.target) {
            if case .number(let number) = cell {
                value = CanonicalNumber.format(number)
            } else {
                // The template's own comparator spellings before the mappings'.
                let symbols = (template.symbols["op"]?.map { ($0.shown, $0.canonical) } ?? [])
                    + (template.aliases["op"]?.map { ($0.written, $0.canonical) } ?? [])
                var rest = Substring(written)
                if let match = symbols.filter({ !$0.0.isEmpty && rest.hasPrefix($0.0) }).max(by: { $0.0.count < $1.0.count }) {
                    op = match.1
                    rest = rest.dropFirst(match.0.count)
                }
                value = rest.isEmpty ? nil : String(rest)
            }
        }
        if let written = text(.value) { value = written }
        if given(.nature) { indicator.nature = nature }
        guard let words = Self.words, op != nil || value != nil || unit != nil else { return }

        // One "line" per cell, so that a finding names its cell.
        let lines: [IndicatorField] = [.op, .value, .unit, .nature]
        func line(_ field: IndicatorField) -> Int { lines.firstIndex(of: field)! + 1 }
        let places = lines.map { cells[$0]?.at ?? cells[.target]?.at ?? cells.values.first!.at }
        var log = TextDiagnostics(file: places[0].file ?? "", places: places)
        var parser = TargetParser(lookup: words)
        // A nature the template spells its own way is given to the parser as the mapping spells it.
        let natureCell = nature.flatMap { known in text(.nature).map { words.nature($0) == known ? $0 : known.rawValue } }
        parser.read(op: op.map { ($0, line(.op)) }, value: value.map { ($0, line(.value)) }, unit: unit.map { ($0, line(.unit)) },
                    nature: natureCell.flatMap { words.nature($0) == nil ? nil : ($0, line(.nature)) }, log: &log)
        if says["op"]! { indicator.op = parser.op }
        if says["value"]! { indicator.value = parser.value }
        if says["unit"]! { indicator.unit = parser.unit }
        if !given(.nature), says["nature"]! { indicator.nature = parser.nature }
        // What the parser normalised is kept as the cell wrote it (a combined cell whole); the
        // template's own spellings of a nature are no normalisation.
        for (key, written) in parser.written where says[key] ?? true {
            if key == "nature", let shown = text(.nature), template.canonical(shown, field: "nature") != nil { continue }
            indicator.written[key] = key == "value" ? text(.target) ?? written : written
        }
        diagnostics += log.takeItems()
    }

    private func comparator(_ text: String) -> Comparator? {
        template.canonical(text, field: "op").flatMap(Comparator.init(rawValue:)) ?? Comparator(rawValue: text)
    }

    /// A number cell is a number; a text holding a plain decimal is one too (forms often store
    /// numbers as text); anything else is a text target such as 达标.
    static func targetValue(_ cell: CellValue) -> TargetValue {
        if let number = cell.number { return .number(number) }
        return cell.targetValue
    }

    private func unreadable(_ text: String, _ what: String, field: String, _ indicator: inout Indicator,
                            _ position: SourcePosition, _ diagnostics: inout [Diagnostic]) {
        indicator.written[field] = text
        diagnostics.append(Diagnostic(.warning, "xlsx-unreadable-\(field)", key: "xlsx-unreadable", ["written": text, "what": what], at: position, value: text))
    }
}
