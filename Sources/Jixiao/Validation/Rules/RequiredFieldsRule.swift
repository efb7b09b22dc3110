/// The filing schema's fields: `missing-required-field` when a required one is absent,
/// `field-format` when a value is not of the field's type or not among its allowed values.
struct RequiredFieldsRule: ValidationRule {
    let ids = ["missing-required-field", "field-format"]

    func check(_ context: ValidationContext, into findings: inout FindingSink) {
        let schema = context.schema
        for rule in schema.fields {
            check(rule, value: FieldPaths.filing[rule.path]?(context.filing), what: "the filing",
                  at: context.position(rule.path), schema: schema, into: &findings)
        }
        for (index, indicator) in context.filing.indicators.enumerated() {
            for rule in schema.indicatorFields {
                check(rule, value: FieldPaths.indicator[rule.path]?(indicator), what: "indicator '\(indicator.name)'",
                      at: context.position(ofIndicator: index), schema: schema, into: &findings)
            }
        }
    }

    private func check(_ rule: FieldRule, value: TargetValue?, what: String, at position: SourcePosition?,
                       schema: FilingSchema, into findings: inout FindingSink) {
        guard let value else {
            if rule.required {
                findings.report("missing-required-field", at: position, value: nil,
                                ["what": what, "field": rule.path, "schema": schema.header.reference])
            }
            return
        }
        if let expected = rule.problem(with: value) {
            findings.report("field-format", at: position, value: value.description,
                            ["what": what, "field": rule.path, "expected": expected, "value": value.description])
        }
    }
}
