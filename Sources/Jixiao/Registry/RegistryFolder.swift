import Foundation

/// The files of one registry folder (frameworks, mappings): every `ID@VERSION.yaml` in it,
/// loaded in name order, each file named for the id and version it declares.
enum RegistryFolder {
    static func load<Artefact>(
        _ folder: URL, with loader: (URL) throws -> Artefact, reference: (Artefact) -> String
    ) throws -> [Artefact] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") }.sorted()
        return try files.map { name in
            let url = folder.appendingPathComponent(name)
            let artefact = try loader(url)
            let expected = "\(reference(artefact)).yaml"
            guard name == expected else {
                throw JixiaoError("registry-file-name", "the file must be named \(expected) for its id and version", at: SourcePosition(file: url.path))
            }
            return artefact
        }
    }
}

/// A value shared between threads behind a lock: caches of what is loaded once.
final class LockedValue<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value?

    var value: Value? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}
