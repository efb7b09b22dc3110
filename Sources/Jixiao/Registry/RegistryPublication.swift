import Foundation

/// Adds one version of an artefact to a registry folder (one holding `Schemas/` and
/// `Mappings/`), as `jixiao serve` does for POST /api/v1/artefacts/{id}/versions. The new file
/// is checked in a private copy of the registry by the same loaders that read it for every
/// command (so its own schema and its references to other artefacts hold), a framework version
/// against the compatibility policy and the version before it, and only then renamed into place.
/// A released version never changes; a draft may be replaced. A released version stored adds its
/// line to the folder's `Schemas/released.sha256` (`ReleasedDigests`), which loading checks.
public enum RegistryPublication {
    public struct Published: Sendable {
        public var header: ArtefactHeader
        public var replacedDraft: Bool
    }

    /// The folder of each kind, relative to the registry folder.
    public static func folder(of kind: String) -> String? {
        if kind == "mapping" { return "Mappings" }
        return RegistryListing.schemaFolders.first { $0.kind == kind }.map { "Schemas/\($0.folder)" }
    }

    public static func publish(_ bytes: [UInt8], id: String, kind: String, root: URL) throws -> Published {
        guard id.range(of: "^[A-Za-z0-9][A-Za-z0-9_-]*$", options: .regularExpression) != nil else {
            throw JixiaoError("invalid-id", ["id": id])
        }
        guard let relative = folder(of: kind) else {
            let kinds = RegistryListing.schemaFolders.map(\.kind) + ["mapping"]
            throw JixiaoError("unknown-kind", ["kind": kind, "kinds": kinds.joined(separator: ", ")])
        }
        let label = "\(id).yaml"
        let version = try declaredVersion(bytes, id: id, label: label)
        let name = "\(id)@\(version).yaml"
        let destination = root.appendingPathComponent(relative).appendingPathComponent(name)
        var replacedDraft = false
        // The version may stand in the local registry, or in the shipped one it layers over.
        let shipped = try DataDirectory.root().appendingPathComponent(relative).appendingPathComponent(name)
        // A version the local registry released stays released, even were its file gone.
        if try ReleasedDigests.isLocked(destination, root: root) {
            throw JixiaoError("version-released", ["artefact": "\(id)@\(version)"])
        }
        for existing in [destination, shipped] where FileManager.default.fileExists(atPath: existing.path) {
            guard try ArtefactFile.open(existing, kind: kind).header.status != .released else {
                throw JixiaoError("version-released", ["artefact": "\(id)@\(version)"])
            }
            replacedDraft = true
        }
        let header = try checkInCopy(bytes, name: name, relative: relative, kind: kind, root: root)
        try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(to: destination) { try Data(bytes).write(to: $0) }
        if header.status == .released {
            // Its digest joins the folder's released.sha256, as a shipped release's joins the
            // shipped one; without that line the version is not stored.
            do {
                try ReleasedDigests.record(destination, root: root)
            } catch {
                try? FileManager.default.removeItem(at: destination)
                throw error
            }
        }
        var stored = header
        stored.file = destination.path
        return Published(header: stored, replacedDraft: replacedDraft)
    }

    /// The version the document declares, after checking that it is one mapping naming `id`.
    private static func declaredVersion(_ bytes: [UInt8], id: String, label: String) throws -> SemanticVersion {
        let documents = try YAMLParser.parseStream(bytes, file: label)
        guard documents.count == 1, case .mapping(let pairs, _) = documents[0] else {
            throw JixiaoError("registry-format", key: "artefact-not-a-mapping", [:], at: SourcePosition(file: label))
        }
        func scalar(_ key: String) -> YAMLScalar? {
            for pair in pairs where pair.key.text == key { if case .scalar(let value) = pair.value { return value } }
            return nil
        }
        guard let given = scalar("id") else {
            throw JixiaoError("registry-format", key: "artefact-without-id", [:], at: SourcePosition(file: label))
        }
        guard given.text == id else {
            throw JixiaoError("id-mismatch", ["given": given.text, "id": id],
                              at: YAMLParser.position(label, given.mark))
        }
        guard let text = scalar("version"), let version = SemanticVersion(text.text) else {
            throw JixiaoError("registry-format", key: "artefact-without-version", [:], at: SourcePosition(file: label))
        }
        return version
    }

    /// Copies every file under `source` to the same place under `target`, replacing what is there.
    private static func overlay(_ source: URL, onto target: URL) throws {
        guard let walker = FileManager.default.enumerator(at: source, includingPropertiesForKeys: [.isDirectoryKey]) else { return }
        for case let file as URL in walker where (try? file.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) != true {
            let relative = String(file.standardizedFileURL.path.dropFirst(source.standardizedFileURL.path.count + 1))
            let destination = target.appendingPathComponent(relative)
            try FileManager.default.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: destination.path) { try FileManager.default.removeItem(at: destination) }
            try FileManager.default.copyItem(at: file, to: destination)
        }
    }

    /// Loads the whole registry from a private copy holding the new file: every loader and
    /// reference check runs as for the commands. Positions name the file as `KIND/ID@V.yaml`.
    private static func checkInCopy(_ bytes: [UInt8], name: String, relative: String, kind: String, root: URL) throws -> ArtefactHeader {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-publish-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: copy, withIntermediateDirectories: false, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: copy) }
        // The shipped registry with the local one over it, as the commands load them.
        let shipped = try DataDirectory.root()
        for folder in ["Schemas", "Mappings"] {
            try FileManager.default.copyItem(at: shipped.appendingPathComponent(folder), to: copy.appendingPathComponent(folder))
            if root.standardizedFileURL.path != shipped.standardizedFileURL.path {
                try overlay(root.appendingPathComponent(folder), onto: copy.appendingPathComponent(folder))
            }
        }
        let file = copy.appendingPathComponent(relative).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        do {
            let header = try ArtefactFile.open(file, kind: kind).header
            let schemas = copy.appendingPathComponent("Schemas")
            let registry = try SchemaRegistry.load(from: schemas)
            _ = try TemplateCatalog.load(from: schemas.appendingPathComponent("templates"))
            _ = try MappingCatalog.load(from: copy.appendingPathComponent("Mappings"))
            switch kind {
            case "export": _ = try ExportLayout.load(file)
            case "workbook": _ = try WorkbookIndex.load(file)
            case "framework": try checkCompatibility(header, in: registry)
            default: break
            }
            return header
        } catch var error as JixiaoError {
            if let place = error.position?.file, place.hasPrefix(copy.path) {
                error.position?.file = String(place.dropFirst(copy.path.count + 1))
            }
            throw error
        }
    }

    /// A framework version keeps the filings of the version before it readable (backward, by
    /// the compatibility policy), unless its major version is new.
    private static func checkCompatibility(_ header: ArtefactHeader, in registry: SchemaRegistry) throws {
        let framework = try registry.frameworks.framework(header.reference)
        guard let previous = registry.frameworks.versions(of: header.id).sorted(by: { $0.version < $1.version }).last(where: { $0.version < header.version }),
              previous.version.major == header.version.major else { return }
        let verdicts = CompatibilityCheck.check(framework, in: registry.frameworks, directions: [.backward], transitive: false,
                                                policy: try registry.compatibilityPolicy())
        let reasons = verdicts.flatMap(\.reasons)
        guard !reasons.isEmpty else { return }
        throw JixiaoError(
            "incompatible-change",
            "\(header.reference) cannot read every filing of \(previous.reference) (\(reasons.map { "\($0.change): \($0.why)" }.joined(separator: "; "))); a change that breaks needs a new major version")
    }
}
