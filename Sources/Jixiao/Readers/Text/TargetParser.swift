import Foundation

/// Reads a target from its cells: the operator (spelled any way, a numeric code, or inside the
/// value), the value (a number, or text for qualitative targets), the unit (in its column or
/// after the number) and the nature. What was normalised is kept in `written`; repairs and
/// doubtful codes are reported.
struct TargetParser {
    typealias Cell = (text: String, line: Int)

    let lookup: MappingLookup
    private(set) var op: Comparator?
    private(set) var value: TargetValue?
    private(set) var unit: String?
    private(set) var nature: Nature?
    private(set) var written: [String: String] = [:]
    /// A value cell holding only a qualitative marker ("定性"): the value when no other text is.
    private var marker: String?
    /// The comparator was not written: a number alone reads as "=".
    private(set) var opImplied = false

    init(lookup: MappingLookup) { self.lookup = lookup }

    mutating func read(op opCell: Cell?, value valueCell: Cell?, unit unitCell: Cell?, nature natureCell: Cell?, log: inout TextDiagnostics) {
        var natureFromColumn = false
        if let cell = opCell { readOperator(cell, log: &log) }
        if let cell = natureCell {
            natureFromColumn = true
            if let known = lookup.nature(cell.text) {
                nature = known
                if cell.text != known.rawValue { written["nature"] = cell.text }
            } else if let code = decode(cell, field: "nature", log: &log) {
                nature = Nature(rawValue: code)
            } else if written["nature"] == nil {
                log.warn("unknown-nature", ["written": cell.text], line: cell.line, value: cell.text)
                written["nature"] = cell.text
            }
        }
        var unitInValue: String?
        if let cell = valueCell { unitInValue = readValue(cell, log: &log) }
        if let cell = unitCell {
            if nature == .qualitative && value == nil && op == nil {
                // 文字描述 in the operator column: the unit column holds the qualitative target.
                value = .text(cell.text)
            } else if CanonicalNumber.parse(NumberText.folded(TextCleaning.compact(cell.text))) != nil {
                // A number in the unit column ("44,561", a date the sheet printed as a serial).
                log.warn("unit-not-a-unit", ["written": cell.text], line: cell.line, value: cell.text)
                written["unit"] = cell.text
            } else if let known = lookup.unit(cell.text) {
                unit = known
                if cell.text != known { written["unit"] = cell.text }
            } else {
                unit = cell.text
                log.warn("unknown-unit", key: "unknown-unit-text", ["unit": cell.text], line: cell.line, value: cell.text)
            }
            if let unitInValue, let columnUnit = unit, unitInValue != columnUnit {
                // The unit written with the number belongs to it; the column may be a default.
                log.warn("unit-conflict", ["unit": unitInValue, "column_unit": columnUnit], line: cell.line, value: cell.text)
                written["unit"] = cell.text
                unit = unitInValue
            }
        } else if let unitInValue {
            unit = unitInValue
        }
        if value == nil, let marker { value = .text(marker) }
        // A number stated without a comparator is the value itself.
        if op == nil, case .number? = value, written["op"] == nil, opCell == nil || opCell?.text.isEmpty == true {
            op = .equal
            opImplied = true
        }
        if nature == nil && !natureFromColumn {
            switch value {
            case .number?: nature = .quantitative
            case .text?: nature = .qualitative
            case nil: break
            }
        }
    }

    private mutating func readOperator(_ cell: Cell, log: inout TextDiagnostics) {
        if lookup.isQualitativeMarker(cell.text) {
            nature = .qualitative
            written["op"] = cell.text
        } else if let known = lookup.op(cell.text) {
            op = known
            if cell.text != known.rawValue { written["op"] = cell.text }
        } else if let code = decode(cell, field: "op", log: &log) {
            if let known = Comparator(rawValue: code) { op = known } else { nature = Nature(rawValue: code) }
        } else if written["op"] == nil {
            log.warn("unknown-operator", ["written": cell.text], line: cell.line, value: cell.text)
            written["op"] = cell.text
        }
    }

    /// A numeric code through the mapping's code list for `field`: its meaning, or nil when the
    /// code is unknown or doubtful (then reported and kept in `written` only).
    private mutating func decode(_ cell: Cell, field: String, log: inout TextDiagnostics) -> String? {
        guard let list = lookup.mapping.codeLists[field], let code = list.codes[cell.text] else { return nil }
        written[field] = cell.text
        if let doubt = code.doubtful {
            log.warn("\(field)-code-doubtful", key: "code-doubtful",
                     ["code_field": field, "code": cell.text, "meaning": code.meaning, "table": list.table, "doubt": doubt],
                     line: cell.line, value: cell.text)
            return nil
        }
        log.warn("\(field)-code", key: "code-read", ["code_field": field, "code": cell.text, "meaning": code.meaning, "table": list.table],
                 line: cell.line, value: cell.text)
        return code.meaning
    }

    /// Reads the value cell; returns a unit written after the number. The operator may open
    /// the value ("≤3.6万元"), close it ("95%以上") or follow a restated name ("足额保障率=100%").
    /// Full-width digits and thousands separators are read as numbers; a range ("90-95%") keeps
    /// its text with its unit.
    private mutating func readValue(_ cell: Cell, log: inout TextDiagnostics) -> String? {
        let text = cell.text
        // A sentence's closing mark is not part of the target ("95%以上。").
        var compact = NumberText.folded(TextCleaning.compact(text))
        while let last = compact.last, "。；;，,.".contains(last) { compact.removeLast() }
        // A plain decimal ("95", "3.5": most values in a form) is the number, as the steps below
        // would find after trying every comparator spelling at both of its ends.
        if Self.isPlainDecimal(compact), !lookup.isQualitativeMarker(compact), lookup.range(compact) == nil,
           compact.firstMatch(of: lookup.mapping.years.alone) == nil, let number = CanonicalNumber.parse(compact) {
            value = .number(number)
            return nil
        }
        var rest = compact
        var inlineOp: Comparator?
        // A spelling is looked for only where the text starts (ends) with a character one starts (ends) with.
        if let head = rest.first, lookup.comparatorInitials.contains(head),
           let spelling = lookup.operatorSpellings.first(where: { rest.hasPrefix($0.written) }) {
            inlineOp = spelling.op
            rest = String(rest.dropFirst(spelling.written.count))
        }
        if let tail = rest.last, lookup.comparatorFinals.contains(tail),
           let spelling = lookup.operatorSpellings.first(where: { rest.hasSuffix($0.written) && rest.count > $0.written.count }),
           numberAndUnit(String(rest.dropLast(spelling.written.count)), line: cell.line, log: &log) != nil {
            inlineOp = inlineOp ?? spelling.op
            rest = String(rest.dropLast(spelling.written.count))
        }
        // A unit alone ("公里" in a form never filled in): the unit, and no value.
        if inlineOp == nil || !rest.isEmpty, let unitOnly = lookup.unit(rest), CanonicalNumber.parse(rest) == nil, !rest.isEmpty {
            if let inlineOp { op = op ?? inlineOp }
            written["value"] = text
            return unitOnly
        }
        if lookup.isQualitativeMarker(rest) {
            nature = .qualitative
            marker = text
            return nil
        }
        if let range = lookup.range(rest), let rangeUnit = unitText(range.unit) {
            value = .text(range.text)
            nature = .quantitative
            if inlineOp != nil { op = op ?? inlineOp }
            written["value"] = text
            return rangeUnit.isEmpty ? nil : rangeUnit
        }
        // A calendar year ("2021年" under 时效指标) is a date: it stays text.
        if inlineOp == nil, rest.firstMatch(of: lookup.mapping.years.alone) != nil {
            value = .text(text)
            return nil
        }
        var target = numberAndUnit(rest, line: cell.line, log: &log)
        if target == nil, inlineOp == nil, let inside = operatorInside(compact, line: cell.line, log: &log) {
            log.warn("operator-inside-value", ["written": text, "op": inside.op.rawValue, "number": CanonicalNumber.format(inside.number) + (inside.unit ?? "")],
                     line: cell.line, value: text)
            inlineOp = inside.op
            target = (inside.number, inside.unit)
        }
        guard let target else {
            value = .text(text)
            return nil
        }
        value = .number(target.number)
        if let inlineOp {
            if let op, op != inlineOp {
                log.warn("operator-conflict", ["op": inlineOp.rawValue, "column_op": op.rawValue], line: cell.line, value: text)
            } else {
                op = inlineOp
            }
        }
        if CanonicalNumber.parse(compact) == nil { written["value"] = text }
        return target.unit
    }

    /// ASCII digits with at most one point between digits.
    static func isPlainDecimal(_ text: String) -> Bool {
        var digits = 0, points = 0, digitsAfterPoint = 0
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39:
                digits += 1
                if points > 0 { digitsAfterPoint += 1 }
            case 0x2E:
                guard digits > 0, points == 0 else { return false }
                points += 1
            default: return false
            }
        }
        return digits > 0 && (points == 0 || digitsAfterPoint > 0)
    }

    /// "90百分比" -> (90, "%"); "1346.0088万平方米" -> (1346.0088, "万平方米") reported as an unknown
    /// unit; nil for text ("2024年12月底前" has digits after the number: a date, not a unit).
    private func numberAndUnit(_ text: String, line: Int, log: inout TextDiagnostics) -> (number: Decimal, unit: String?)? {
        guard let range = text.firstMatch(of: "^[0-9]+(\\.[0-9]+)?"),
              let number = CanonicalNumber.parse(String(text[range])) else { return nil }
        let suffix = String(text[range.upperBound...])
        guard let unit = unitText(suffix) else { return nil }
        if !unit.isEmpty, lookup.unit(unit) == nil {
            log.warn("unknown-unit", key: "unknown-unit-text", ["unit": unit], line: line, value: text)
        }
        return (number, unit.isEmpty ? nil : unit)
    }

    /// The canonical unit of the text after a number: a known unit, or a short run of letters
    /// that reads as one ("万平方米", "km", "/株"); "" for none, nil for text that is no unit.
    private func unitText(_ suffix: String) -> String? {
        if suffix.isEmpty { return "" }
        if let known = lookup.unit(suffix) { return known }
        // "9月前", "12月底": a deadline, not a quantity.
        if lookup.mapping.deadlineWords.contains(where: { suffix.containsBytes(of: $0) }) { return nil }
        return NumberText.looksLikeUnit(suffix) ? suffix : nil
    }

    /// An operator, number and unit ending a text that opens with words: "足额保障率=100%".
    private func operatorInside(_ text: String, line: Int, log: inout TextDiagnostics) -> (op: Comparator, number: Decimal, unit: String?)? {
        for spelling in lookup.operatorSpellings {
            // The byte search rules out most spellings before Foundation's (slower) backward search.
            guard text.containsBytes(of: spelling.written),
                  let range = text.range(of: spelling.written, options: .backwards), range.lowerBound > text.startIndex,
                  !text[..<range.lowerBound].contains(where: \.isNumber) else { continue }
            if let target = numberAndUnit(String(text[range.upperBound...]), line: line, log: &log) {
                return (spelling.op, target.number, target.unit)
            }
        }
        return nil
    }
}
