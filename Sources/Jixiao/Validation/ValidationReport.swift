import Foundation

/// The JSON report of `validate --format json` and of the API's validate: per input, its
/// filings' findings, or the error that made it unusable; and the totals.
public enum ValidationReport {
    public typealias Outcome = (input: String, result: Result<[FilingValidation], JixiaoError>)

    public static func object(_ outcomes: [Outcome]) -> [String: Any] {
        var files: [[String: Any]] = []
        var valid = true
        for (input, result) in outcomes {
            switch result {
            case .failure(let error):
                valid = false
                files.append(["file": input, "error": JSONText.object(for: error.diagnostic)])
            case .success(let validations):
                valid = valid && validations.allSatisfy(\.isValid)
                files.append(["file": input, "filings": validations.map { validation -> [String: Any] in
                    var object: [String: Any] = [
                        "index": validation.index, "valid": validation.isValid, "framework": validation.framework,
                        "schema": validation.schema, "findings": validation.findings.map(JSONText.object(for:)),
                    ]
                    if let title = validation.title { object["title"] = title }
                    if let detection = validation.detectionText() { object["detection"] = detection }
                    return object
                }])
            }
        }
        let filings = outcomes.flatMap { (try? $0.result.get()) ?? [] }
        let findings = filings.flatMap(\.findings)
        let stats: [String: Int] = [
            "filings": filings.count, "valid": filings.filter(\.isValid).count, "invalid": filings.filter { !$0.isValid }.count,
            "unusable": outcomes.filter { (try? $0.result.get()) == nil }.count,
            "errors": findings.filter { $0.severity == .error }.count, "warnings": findings.filter { $0.severity == .warning }.count,
        ]
        return ["valid": valid, "stats": stats, "files": files]
    }
}
