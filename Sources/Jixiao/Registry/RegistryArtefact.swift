import Foundation

/// What every registry file opens with: who it is, which version, whether it may still change,
/// and when it applies.
public struct ArtefactHeader: Equatable, Sendable {
    /// The folder-level kind: framework, filing-schema, units, rules, migration, compatibility.
    public var kind: String
    public var id: String
    public var version: SemanticVersion
    public var status: ReleaseStatus
    public var title: String
    /// ISO dates, inclusive; nil where open.
    public var validFrom: String?
    public var validTo: String?
    /// The file it was loaded from, for messages.
    public var file: String

    /// "national@2.0.0"
    public var reference: String { "\(id)@\(version)" }

    /// Whether an ISO date (or a year, read as its 1 January) falls in the validity period.
    public func isValid(on date: String) -> Bool {
        if let validFrom, date < validFrom { return false }
        if let validTo, date > validTo { return false }
        return true
    }
}

/// Reads registry files: one YAML document, a header, then the kind's own keys.
enum ArtefactFile {
    /// Opens `url` and reads its header; the caller reads the rest from the mapping and calls
    /// `finish()` so that misspelt keys are errors.
    static func open(_ url: URL, kind: String) throws -> (header: ArtefactHeader, map: YAMLMappingReader) {
        let bytes = try [UInt8](Data(contentsOf: url))
        let documents = try YAMLParser.parseStream(bytes, file: url.path)
        guard documents.count == 1 else {
            throw JixiaoError("registry-format", key: "registry-one-document", [:], at: SourcePosition(file: url.path))
        }
        var map = try YAMLMappingReader(documents[0], file: url.path, what: "a \(kind) file")
        let versionText = try map.requiredString("version")
        guard let version = SemanticVersion(versionText) else {
            throw JixiaoError("registry-format", key: "registry-bad-version", ["version": versionText], at: SourcePosition(file: url.path))
        }
        let id = try map.requiredString("id")
        let header = ArtefactHeader(
            kind: kind, id: id, version: version,
            status: try map.choice("status", ReleaseStatus.self) ?? .draft,
            title: try map.string("title") ?? id,
            validFrom: try map.string("valid_from"), validTo: try map.string("valid_to"),
            file: url.path)
        let expected = "\(header.reference).yaml"
        guard url.lastPathComponent == expected else {
            throw JixiaoError("registry-file-name", key: "registry-file-name", ["name": expected], at: SourcePosition(file: url.path))
        }
        return (header, map)
    }

    /// `true` or `false`; absent is false. Anything else is an error, never a silent false.
    static func flag(_ map: inout YAMLMappingReader, _ key: String) throws -> Bool {
        guard let scalar = try map.scalar(key) else { return false }
        switch scalar.text {
        case "true": return true
        case "false": return false
        default:
            throw JixiaoError("registry-format", key: "registry-flag", ["key": key, "found": scalar.text], at: map.position(scalar.mark))
        }
    }

    /// Every `*.yaml` of a folder, decoded, in name order; a missing folder holds nothing.
    /// With a local registry (`DataDirectory.local()`), its files in the same folder are added; one
    /// named as a shipped file replaces it only where that is a draft (a released version never
    /// changes) or the same bytes. The local files its `Schemas/released.sha256` lists must match
    /// their digests (`ReleasedDigests`), as the shipped ones match theirs.
    static func loadFolder<T>(_ folder: URL, _ decode: (URL) throws -> T) throws -> [T] {
        var files = yamlFiles(in: folder)
        if let local = DataDirectory.localCounterpart(of: folder), let root = DataDirectory.local() {
            // The local registry's released files still match its released.sha256.
            try ReleasedDigests.check(folder: local, root: root)
            for (name, url) in yamlFiles(in: local) {
                if let shipped = files[name], try Data(contentsOf: shipped) != Data(contentsOf: url) {
                    let header = try open(shipped, kind: folder.lastPathComponent).header
                    if header.status == .released {
                        throw JixiaoError("registry-released-changed", key: "registry-changes-shipped", ["artefact": header.reference],
                                          at: SourcePosition(file: url.path))
                    }
                }
                files[name] = url
            }
        }
        return try files.keys.sorted().map { try decode(files[$0]!) }
    }

    /// The `*.yaml` files of a folder by name; a missing folder holds none.
    private static func yamlFiles(in folder: URL) -> [String: URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return Dictionary(uniqueKeysWithValues: names.filter { $0.hasSuffix(".yaml") }.map { ($0, folder.appendingPathComponent($0)) })
    }

    /// Picks `id` or `id@version` among loaded artefacts; without a version, the latest
    /// released one (else the latest draft).
    /// `errorID` and `hint` tailor the message for a kind with its own listing command.
    static func pick<T>(
        _ reference: String, from all: [T], kind: String, errorID: String = "unknown-schema", hint: String = "",
        header: (T) -> ArtefactHeader
    ) throws -> T {
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        let name = parts.first ?? ""
        let versions = all.filter { header($0).id == name }.sorted { header($0).version < header($1).version }
        guard !versions.isEmpty else {
            let known = Set(all.map { header($0).id }).sorted().joined(separator: ", ")
            throw JixiaoError(errorID, key: "artefact-unknown", ["kind": kind, "name": name, "known": known, "hint": hint])
        }
        if parts.count == 2 {
            guard let version = SemanticVersion(parts[1]), let match = versions.first(where: { header($0).version == version }) else {
                let known = versions.map { header($0).version.description }.joined(separator: ", ")
                throw JixiaoError(errorID, key: "artefact-version-unknown", ["version": parts[1], "kind": kind, "name": name, "known": known])
            }
            return match
        }
        return versions.last(where: { header($0).status == .released }) ?? versions.last!
    }
}

/// One place artefacts are listed from. `Schemas/` is read by `SchemaFolderSource`; other
/// collections (such as `Mappings/`) join the listing by adding a source.
public protocol RegistryArtefactSource: Sendable {
    func artefacts() throws -> [ArtefactHeader]
}

/// A folder of versioned YAML files of one kind, listed by their headers.
public struct SchemaFolderSource: RegistryArtefactSource {
    public var kind: String
    public var folder: URL

    public init(kind: String, folder: URL) {
        self.kind = kind
        self.folder = folder
    }

    public func artefacts() throws -> [ArtefactHeader] {
        try ArtefactFile.loadFolder(folder) { try ArtefactFile.open($0, kind: kind).header }
    }
}

/// Everything the registry holds, for `schema list` and `schema show`.
public struct RegistryListing: Sendable {
    /// The folders of `Schemas/` and the kind of artefact each holds.
    public static let schemaFolders: [(folder: String, kind: String)] = [
        ("frameworks", "framework"), ("filings", "filing-schema"), ("units", "units"),
        ("rules", "rules"), ("migrations", "migration"), ("compatibility", "compatibility"),
        ("templates", "template"), ("exports", "export"), ("workbooks", "workbook"), ("messages", "messages"),
    ]

    public var sources: [any RegistryArtefactSource]

    public init(sources: [any RegistryArtefactSource]) {
        self.sources = sources
    }

    public static func standard() throws -> RegistryListing {
        let schemas = try DataDirectory.schemas()
        // Mappings/ files share the header, so the same folder source lists them.
        return RegistryListing(sources: schemaFolders.map {
            SchemaFolderSource(kind: $0.kind, folder: schemas.appendingPathComponent($0.folder))
        } + [SchemaFolderSource(kind: "mapping", folder: try DataDirectory.mappings())])
    }

    public func artefacts() throws -> [ArtefactHeader] {
        try sources.flatMap { try $0.artefacts() }
    }

    /// `id` or `id@version`, of any kind.
    public func artefact(_ reference: String) throws -> ArtefactHeader {
        try ArtefactFile.pick(reference, from: artefacts(), kind: "artefact") { $0 }
    }
}
