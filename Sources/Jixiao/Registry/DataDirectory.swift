import Foundation

/// Finds the project's data folders (`Schemas/`, `Mappings/`): the registry lives in files, not
/// in Swift. Looked up in order: `$JIXIAO_DATA_DIR`; `share/jixiao` beside an installed binary;
/// any parent of the executable holding both folders (a build inside the source tree); the
/// source tree this library was compiled from.
public enum DataDirectory {
    public static func root() throws -> URL {
        if let cached = cache.value { return cached }
        for candidate in candidates() where holdsData(candidate) {
            cache.value = candidate
            return candidate
        }
        throw JixiaoError(
            "data-missing",
            "cannot find the Schemas/ and Mappings/ folders; set JIXIAO_DATA_DIR to the folder holding them")
    }

    /// The local registry layered over the shipped one (`--registry DIR` or `$JIXIAO_REGISTRY`):
    /// its `Schemas/…` and `Mappings/` files add artefacts, and replace drafts of the same name.
    public static func local() -> URL? {
        guard let path = ProcessInfo.processInfo.environment["JIXIAO_REGISTRY"], !path.isEmpty else { return nil }
        return URL(fileURLWithPath: path).standardizedFileURL
    }

    /// The local registry's folder standing where `folder` stands in the shipped one, if any.
    static func localCounterpart(of folder: URL) -> URL? {
        guard let local = local(), let root = try? root().standardizedFileURL else { return nil }
        let path = folder.standardizedFileURL.path
        guard local.path != root.path, path.hasPrefix(root.path + "/") else { return nil }
        return local.appendingPathComponent(String(path.dropFirst(root.path.count + 1)))
    }

    public static func schemas() throws -> URL { try root().appendingPathComponent("Schemas") }
    public static func mappings() throws -> URL { try root().appendingPathComponent("Mappings") }

    private static func candidates() -> [URL] {
        var list: [URL] = []
        if let explicit = ProcessInfo.processInfo.environment["JIXIAO_DATA_DIR"], !explicit.isEmpty {
            list.append(URL(fileURLWithPath: explicit))
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var folder = executable.deletingLastPathComponent()
        list.append(folder.deletingLastPathComponent().appendingPathComponent("share/jixiao"))
        while folder.path != "/" && !folder.path.isEmpty {
            list.append(folder)
            folder = folder.deletingLastPathComponent()
        }
        // Sources/Jixiao/Registry/DataDirectory.swift -> the package root.
        list.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent())
        return list
    }

    private static func holdsData(_ folder: URL) -> Bool {
        var isDirectory: ObjCBool = false
        return ["Schemas", "Mappings"].allSatisfy {
            FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path, isDirectory: &isDirectory)
                && isDirectory.boolValue
        }
    }

    private static let cache = LockedValue<URL>()
}
