import Foundation
import Hummingbird
import Jixiao

/// Work on a filing sent as the request body: the same steps as `jixiao convert` and
/// `jixiao validate` (Conversion, Validator), run on the work queue. The input stays in memory;
/// outputs are written in a private temporary folder, read back and removed.
struct WorkRoutes: Sendable {
    let options: ServeOptions
    let queue: WorkQueue

    func add(to router: Router<some RequestContext>) {
        let api = router.group("api/v1")
        api.post("convert") { request, _ -> Response in
            let upload = try await Upload.read(request, limit: options.maximumBodyBytes)
            let query = request.uri.queryParameters
            let target = try Self.outputFormat(query, otherwise: "yaml")
            let template = Self.given(query, "template")
            if target == "xlsx", template == nil {
                throw APIError(.badRequest, "template-required", "an xlsx form needs template=ID; see /api/v1/templates")
            }
            let mapping = Self.given(query, "mapping")
            let bytes = try await queue.run {
                try Self.convert(upload, to: target, template: template, mapping: mapping)
            }
            let stem = (upload.input.name as NSString).deletingPathExtension
            let disposition = "attachment; filename*=UTF-8''\(percentEncoded("\(stem).\(target)"))"
            return Reply.bytes(bytes, type: target == "xlsx" ? Reply.xlsxType : Reply.yamlType, headers: [.contentDisposition: disposition])
        }
        api.post("convert/batch") { request, _ -> Response in
            let uploads = try await Upload.readMany(request, limit: options.maximumBodyBytes)
            let query = request.uri.queryParameters
            let target = try Self.outputFormat(query, otherwise: "xlsx")
            let templates = query[values: "template"].map(String.init).filter { !$0.isEmpty }
            if target == "xlsx", templates.count != 1, templates.count != uploads.count {
                throw APIError(.badRequest, "template-required",
                               "xlsx forms need template=ID once for every file, or once per file in order (\(uploads.count) files, \(templates.count) templates); see /api/v1/templates")
            }
            let mapping = Self.given(query, "mapping")
            let archive = try await queue.run {
                try Self.convertMany(uploads, to: target, templates: templates, mapping: mapping)
            }
            return Reply.bytes(archive, type: "application/zip", headers: [.contentDisposition: "attachment; filename=\"forms.zip\""])
        }
        api.post("validate") { request, _ -> Response in
            let upload = try await Upload.read(request, limit: options.maximumBodyBytes)
            let query = request.uri.queryParameters
            let framework = Self.given(query, "framework")
            let report = try await queue.run {
                try Self.validate(upload, framework: framework)
            }
            return Reply.bytes(report, type: "application/json; charset=utf-8")
        }
        api.post("migrate") { request, _ -> Response in
            let upload = try await Upload.read(request, limit: options.maximumBodyBytes)
            let query = request.uri.queryParameters
            guard let target = query["to"].map(String.init), !target.isEmpty else {
                throw APIError(.badRequest, "framework-required", "migrate needs to=ID@VERSION, the framework version to migrate to")
            }
            let source = Self.given(query, "from_schema")
            let report = try await queue.run { try Self.migrate(upload, from: source, to: target) }
            return Reply.bytes(report, type: "application/json; charset=utf-8")
        }
        api.post("tables") { request, _ -> Response in
            let upload = try await Upload.read(request, limit: options.maximumBodyBytes)
            let mapping = Self.given(request.uri.queryParameters, "mapping")
            let tables = try await queue.run { try Self.tables(upload, mapping: mapping) }
            return Reply.bytes(tables, type: "application/json; charset=utf-8")
        }
    }

    /// A query parameter's value; absent and empty are the same.
    static func given(_ query: Parameters, _ name: String) -> String? {
        query[Substring(name)].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `to=` for the conversions: yaml or xlsx, `otherwise` when absent.
    static func outputFormat(_ query: Parameters, otherwise: String) throws -> String {
        // An empty to= is a wrong format, not the default.
        let target = query["to"].map(String.init) ?? otherwise
        guard target == "yaml" || target == "xlsx" else {
            throw APIError(.badRequest, "unknown-format", "to= takes yaml or xlsx, not '\(target)'")
        }
        return target
    }

    /// What `jixiao tables --format json` prints for the upload.
    static func tables(_ upload: Upload, mapping: String?) throws -> Data {
        let format = try Conversion.readerFormat(for: upload.input, named: upload.format)
        let tables = try TableRecovery.tables(upload.input, format: format, options: ReadOptions(mapping: mapping))
        return try JSONText.data(["tables": tables.map(JSONText.object(for:))])
    }

    /// Reads the upload and writes its filings as `format` (yaml or xlsx) into a private folder;
    /// the bytes written.
    static func convert(_ upload: Upload, to format: String, template: String?, mapping: String?) throws -> [UInt8] {
        let writer = try Conversion.writerFormat(named: format, outputPath: nil)
        let result = try Conversion.read(upload.input, from: upload.format, options: ReadOptions(mapping: mapping))
        return try PrivateFolder.with { folder in
            let output = folder.appendingPathComponent("output.\(format)")
            _ = try Conversion.write(result.filings, format: writer, to: output.path, options: WriteOptions(template: template))
            return try [UInt8](Data(contentsOf: output))
        }
    }

    /// Each upload converted as `convert` does, one output per upload named after it (a second
    /// of the same name numbered), in a zip. `templates` holds one for all or one per upload.
    static func convertMany(_ uploads: [Upload], to format: String, templates: [String], mapping: String?) throws -> [UInt8] {
        var zip = ZipWriter()
        for (index, upload) in uploads.enumerated() {
            let template = templates.isEmpty ? nil : templates[templates.count == 1 ? 0 : index]
            let bytes = try convert(upload, to: format, template: template, mapping: mapping)
            let stem = (upload.input.name as NSString).deletingPathExtension
            try zip.add(zip.unusedName("\(stem.isEmpty ? "upload" : stem).\(format)"), bytes)
        }
        return try zip.finished()
    }

    /// What `jixiao migrate` does to the upload: each change, whether all could be made, and the
    /// migrated filings as canonical YAML only then (as the command writes nothing otherwise).
    static func migrate(_ upload: Upload, from source: String?, to target: String) throws -> Data {
        let results = try Migrator.migrate(upload.input, from: upload.format, source: source, to: target, registry: SchemaRegistry.standard())
        let complete = results.allSatisfy(\.isComplete)
        var object: [String: Any] = [
            "complete": complete,
            "steps": results.flatMap(\.steps).map { ["outcome": $0.outcome.rawValue, "description": $0.description] },
        ]
        if complete { object["yaml"] = String(decoding: try CanonicalYAML.encode(results.map(\.filing)), as: UTF8.self) }
        return try JSONText.data(object)
    }

    /// The report of `jixiao validate --format json` for the upload. An upload that cannot be
    /// read is an error (422), not a report.
    static func validate(_ upload: Upload, framework: String?) throws -> Data {
        let validations = try Validator.standard().validate(upload.input, from: upload.format, schema: framework)
        return try JSONText.data(ValidationReport.object([(upload.input.name, .success(validations))]))
    }

    private func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? "output"
    }
}
