import ArgumentParser
import Foundation

/// `--registry DIR`: a folder of local artefacts (its own Schemas/ and Mappings/ subfolders)
/// layered over the shipped registry; the same as setting `JIXIAO_REGISTRY`.
struct RegistryOption: ParsableArguments {
    @Option(help: ArgumentHelp("A folder of local artefacts (Schemas/…, Mappings/) layered over the shipped registry; also JIXIAO_REGISTRY.",
                               valueName: "DIR"))
    var registry: String?

    /// Checked with the command line, and set for the library before anything loads the registry
    /// (it is read once per run).
    mutating func validate() throws {
        guard let registry else { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: registry, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("--registry \(registry) is not a folder")
        }
        let holds = ["Schemas", "Mappings"].contains { FileManager.default.fileExists(atPath: (registry as NSString).appendingPathComponent($0)) }
        guard holds else { throw ValidationError("--registry \(registry) holds no Schemas/ or Mappings/ folder") }
        setenv("JIXIAO_REGISTRY", (registry as NSString).standardizingPath, 1)
    }
}
