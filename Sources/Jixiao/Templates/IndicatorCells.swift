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

    /// Sets a field from a cell; a text the field cannot take is reported and kept in `written`.
    func apply(_ cell: CellValue?, to indicator: inout Indicator, _ field: IndicatorField, label: String,
               at position: SourcePosition, diagnostics: inout [Diagnostic]) {
        let text = cell.map { TextCleaning.trim($0.description) }
        let blank = text?.isEmpty ?? true
        switch field {
        case .level1: indicator.level1 = blank ? nil : text
        case .level2: indicator.level2 = blank ? nil : text
        case .name: indicator.name = text ?? ""
        case .unit:
            if let word = template.qualitativeOperator, indicator.written["op"] == word, indicator.op == nil, !blank,
               indicator.value == nil || indicator.value?.number == nil {
                indicator.value = .text(text!)
                indicator.unit = nil
            } else {
                indicator.unit = blank ? nil : text
            }
        case .description: indicator.description = blank ? nil : cell?.description
        case .basis: indicator.basis = blank ? nil : cell?.description
        case .scoring: indicator.scoring = blank ? nil : cell?.description
        case .category: indicator.category = blank ? nil : text
        case .value: indicator.value = blank ? nil : Self.targetValue(cell!)
        case .op:
            indicator.op = nil
            if let text, !blank {
                if text == template.qualitativeOperator {
                    indicator.written["op"] = text
                } else if let op = comparator(text) { indicator.op = op } else {
                    unreadable(text, "comparator", field: "op", &indicator, position, &diagnostics)
                }
            }
        case .nature:
            indicator.nature = nil
            if let text, !blank {
                if let nature = template.canonical(text, field: "nature").flatMap(Nature.init(rawValue:)) ?? Nature(rawValue: text)
                    ?? Self.words?.nature(text) {
                    indicator.nature = nature
                } else {
                    unreadable(text, "nature", field: "nature", &indicator, position, &diagnostics)
                }
            }
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
        case .target:
            indicator.op = nil
            indicator.value = nil
            indicator.unit = nil
            guard let cell, !blank else { return }
            if case .number(let number) = cell {
                indicator.value = .number(number)
                return
            }
            splitTarget(text!, into: &indicator, at: position, diagnostics: &diagnostics)
        }
    }

    /// "≤3.6万元" -> (<=, 3.6, 万元); "≥90%" -> (>=, 90, %); "达标" -> text value; "2024年12月底前"
    /// -> text. The template's own comparator spellings first, then the one target parser that
    /// reads text too. A comparator is only what is written: the form shows none for a bare
    /// number, and reading it back must give what was written.
    private func splitTarget(_ text: String, into indicator: inout Indicator, at position: SourcePosition, diagnostics: inout [Diagnostic]) {
        var rest = Substring(text)
        let symbols = (template.symbols["op"]?.map { ($0.shown, $0.canonical) } ?? [])
            + (template.aliases["op"]?.map { ($0.written, $0.canonical) } ?? [])
        if let match = symbols.filter({ !$0.0.isEmpty && rest.hasPrefix($0.0) }).max(by: { $0.0.count < $1.0.count }) {
            indicator.op = Comparator(rawValue: match.1)
            rest = rest.dropFirst(match.0.count)
        }
        guard let words = Self.words, !rest.isEmpty else {
            indicator.value = rest.isEmpty ? nil : .text(String(rest))
            return
        }
        var log = TextDiagnostics(file: position.file ?? "", places: [position])
        var parser = TargetParser(lookup: words)
        parser.read(op: nil, value: (String(rest), 1), unit: nil, nature: nil, log: &log)
        if indicator.op == nil, !parser.opImplied { indicator.op = parser.op }
        indicator.value = parser.value
        indicator.unit = parser.unit
        // What the parser normalised is kept as the cell wrote it.
        if parser.written["value"] != nil { indicator.written["value"] = text }
        if let unit = parser.written["unit"] { indicator.written["unit"] = unit }
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
        diagnostics.append(Diagnostic(.warning, "xlsx-unreadable-\(field)", "'\(text)' is not a \(what) this template knows; kept as written", at: position, value: text))
    }
}
