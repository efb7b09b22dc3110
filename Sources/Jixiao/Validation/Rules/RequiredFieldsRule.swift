/// The filing schema's fields: `missing-required-field` when a required one is absent,
/// `field-format` when a value is not of the field's type or not among its allowed values.
struct RequiredFieldsRule: ValidationRule {
    let ids = ["missing-required-field", "field-format"]

    func check(_ context: ValidationContext, into findings: inout FindingSink) {
        let schema = context.schema
        for rule in schema.fields {
            check(rule, value: FieldPaths.filing[rule.path]?(context.filing), what: "the-filing",
                  at: context.position(rule.path), schema: schema, into: &findings)
        }
        for (index, indicator) in context.filing.indicators.enumerated() {
            for rule in schema.indicatorFields {
                check(rule, value: FieldPaths.indicator[rule.path]?(indicator), what: "indicator-named", name: indicator.name,
                      at: context.position(ofIndicator: index), schema: schema, into: &findings)
            }
        }
    }

    /// `what` is a word of the message catalog (`the-filing`, `indicator-named` with `name`).
    private func check(_ rule: FieldRule, value: TargetValue?, what: String, name: String? = nil, at position: SourcePosition?,
                       schema: FilingSchema, into findings: inout FindingSink) {
        guard let value else {
            if rule.required {
                var values = ["what": what, "field": rule.path, "schema": schema.header.reference]
                values["name"] = name
                findings.report("missing-required-field", at: position, value: nil, values)
            }
            return
        }
        if let expected = rule.problem(with: value) {
            var values = ["what": what, "field": rule.path, "expected": expected, "value": value.description]
            if expected == "one-of" { values["allowed"] = rule.allowed.joined(separator: ", ") }
            values["name"] = name
            findings.report("field-format", at: position, value: value.description, values)
        }
    }
}
