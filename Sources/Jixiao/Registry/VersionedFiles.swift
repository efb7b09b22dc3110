import Foundation

/// A registry artefact kept as one file per version (`Schemas/KIND/ID@VERSION.yaml`).
public protocol VersionedArtefact: Sendable {
    var id: String { get }
    var version: SemanticVersion { get }
    var status: ReleaseStatus { get }
}

/// Loading a folder of versioned files and picking one version by reference.
enum VersionedFiles {
    /// Every `*.yaml` in the folder, each required to be named `ID@VERSION.yaml` for its content.
    static func load<T: VersionedArtefact>(from folder: URL, _ load: (URL) throws -> T) throws -> [T] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        return try files.map { name in
            let url = folder.appendingPathComponent(name)
            let artefact = try load(url)
            let expected = "\(artefact.id)@\(artefact.version).yaml"
            guard name == expected else {
                throw JixiaoError("registry-file-name", "the file must be named \(expected) for its id and version", at: SourcePosition(file: url.path))
            }
            return artefact
        }.sorted { ($0.id, $0.version) < ($1.id, $1.version) }
    }

    /// `id` or `id@version`; without a version, the latest released one (else the latest draft).
    /// `what` names the kind in messages ("template"); `hint` follows the list of known ids.
    static func pick<T: VersionedArtefact>(_ reference: String, from artefacts: [T], what: String, errorID: String, hint: String = "") throws -> T {
        let parts = reference.split(separator: "@", maxSplits: 1).map(String.init)
        let versions = artefacts.filter { $0.id == parts.first }
        guard !versions.isEmpty else {
            let known = Set(artefacts.map(\.id)).sorted().joined(separator: ", ")
            throw JixiaoError(errorID, "no \(what) '\(reference)'; known: \(known)\(hint)")
        }
        if parts.count == 2 {
            guard let version = SemanticVersion(parts[1]), let match = versions.first(where: { $0.version == version }) else {
                let known = versions.map { $0.version.description }.joined(separator: ", ")
                throw JixiaoError(errorID, "no version '\(parts[1])' of \(what) \(parts[0]); versions: \(known)")
            }
            return match
        }
        return versions.last(where: { $0.status == .released }) ?? versions.last!
    }
}
