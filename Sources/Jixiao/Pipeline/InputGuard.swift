import Foundation

/// The inputs of a run, by file identity (device and inode), so that no output is written over
/// one of them, whatever name (a link, `./a/../a`) it is given. Built once per run: checking an
/// output is then one `stat` of the output, however many inputs there are.
public struct InputGuard: Sendable {
    private struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64

        init(_ info: stat) {
            device = UInt64(info.st_dev)
            inode = UInt64(info.st_ino)
        }
    }

    private let identities: Set<Identity>

    public init(inputs: [String]) {
        identities = Set(inputs.filter { $0 != "-" }.compactMap(Self.identity))
    }

    /// Whether writing `path` would replace one of the inputs.
    public func protects(_ path: String) -> Bool {
        guard !identities.isEmpty, let identity = Self.identity(path) else { return false }
        return identities.contains(identity)
    }

    /// Whether the file `stat` described is one of the inputs.
    func protects(_ info: stat) -> Bool {
        identities.contains(Identity(info))
    }

    private static func identity(_ path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(info)
    }
}
