import Foundation

/// The digests of released artefacts, in the `released.sha256` file of a registry's `Schemas/`
/// folder (the format of `sha256sum`: a hex digest, two spaces, the path relative to `Schemas/`,
/// `../Mappings/…` for a mapping). The shipped file is kept by scripts/lock-released.sh and checked
/// by the tests; a local registry's file is kept by `RegistryPublication` as it stores released
/// versions, and checked whenever a local file it lists is loaded: a released file that no longer
/// matches its line, or is gone, stops the load.
public enum ReleasedDigests {
    public static let fileName = "released.sha256"

    /// The lock file of the registry folder `root`.
    public static func lockFile(in root: URL) -> URL {
        root.appendingPathComponent("Schemas").appendingPathComponent(fileName)
    }

    /// A file's path as the lock writes it: relative to `root/Schemas`.
    static func lockedPath(of file: URL, root: URL) -> String? {
        let base = root.standardizedFileURL.path
        let path = file.standardizedFileURL.path
        guard path.hasPrefix(base + "/") else { return nil }
        let relative = String(path.dropFirst(base.count + 1))
        return relative.hasPrefix("Schemas/") ? String(relative.dropFirst("Schemas/".count)) : "../" + relative
    }

    /// The lock's lines, path to digest; a missing file locks nothing.
    static func read(_ root: URL) throws -> [String: String] {
        let url = lockFile(in: root)
        guard FileManager.default.fileExists(atPath: url.path) else { return [:] }
        let text = try String(contentsOf: url, encoding: .utf8)
        var digests: [String: String] = [:]
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            // sha256sum writes "DIGEST  PATH" (" *PATH" in binary mode).
            guard line.count > 66, let digest = line.split(separator: " ").first, digest.count == 64,
                  digest.allSatisfy(\.isHexDigit) else {
                throw JixiaoError("registry-format", key: "digest-line", ["lock": fileName],
                                  at: SourcePosition(file: url.path, line: number + 1))
            }
            var path = line.dropFirst(65)
            if path.first == " " || path.first == "*" { path = path.dropFirst() }
            digests[String(path)] = digest.lowercased()
        }
        return digests
    }

    /// Adds the line of a released file the registry `root` now holds, atomically, unless it is
    /// there already; a line with another digest is a released version changed, refused.
    public static func record(_ file: URL, root: URL) throws {
        guard let path = lockedPath(of: file, root: root) else {
            throw JixiaoError("registry-format", key: "digest-outside", ["path": file.path, "root": root.path])
        }
        let digest = SHA256.hex(try [UInt8](Data(contentsOf: file)))
        let locked = try read(root)
        if let known = locked[path] {
            guard known == digest else { throw changed(path, at: file) }
            return
        }
        let url = lockFile(in: root)
        var text = FileManager.default.fileExists(atPath: url.path) ? try String(contentsOf: url, encoding: .utf8) : ""
        if !text.isEmpty, !text.hasSuffix("\n") { text += "\n" }
        text += "\(digest)  \(path)\n"
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try AtomicFile.write(to: url) { try Data(text.utf8).write(to: $0) }
    }

    /// Whether the lock of `root` names `file` (as released, whatever the file holds now).
    public static func isLocked(_ file: URL, root: URL) throws -> Bool {
        guard let path = lockedPath(of: file, root: root) else { return false }
        return try read(root)[path] != nil
    }

    /// Checks the files of the local registry `root` in its folder `folder` against the lock:
    /// each listed one must be there, with its digest.
    static func check(folder: URL, root: URL) throws {
        let locked = try read(root)
        guard !locked.isEmpty, let prefix = lockedPath(of: folder, root: root) else { return }
        for (path, digest) in locked.sorted(by: { $0.key < $1.key }) {
            guard let slash = path.lastIndex(of: "/"), path[..<slash] == prefix else { continue }
            let file = folder.appendingPathComponent(String(path[path.index(after: slash)...]))
            guard FileManager.default.fileExists(atPath: file.path) else {
                throw JixiaoError("registry-released-missing", ["path": path, "lock": fileName],
                                  at: SourcePosition(file: lockFile(in: root).path))
            }
            guard SHA256.hex(try [UInt8](Data(contentsOf: file))) == digest else { throw changed(path, at: file) }
        }
    }

    private static func changed(_ path: String, at file: URL) -> JixiaoError {
        JixiaoError("registry-released-changed", ["path": path, "lock": fileName],
                    at: SourcePosition(file: file.path))
    }
}

/// SHA-256 (FIPS 180-4), for the digests of released artefacts.
enum SHA256 {
    static func hex(_ bytes: [UInt8]) -> String {
        digest(bytes).map { String(format: "%02x", $0) }.joined()
    }

    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var hash: [UInt32] = [
            0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
        ]
        var message = bytes
        let bitLength = UInt64(bytes.count) * 8
        message.append(0x80)
        while message.count % 64 != 56 { message.append(0) }
        for shift in stride(from: 56, through: 0, by: -8) { message.append(UInt8((bitLength >> UInt64(shift)) & 0xFF)) }
        var w = [UInt32](repeating: 0, count: 64)
        for block in stride(from: 0, to: message.count, by: 64) {
            for t in 0..<16 {
                let i = block + t * 4
                w[t] = UInt32(message[i]) << 24 | UInt32(message[i + 1]) << 16 | UInt32(message[i + 2]) << 8 | UInt32(message[i + 3])
            }
            for t in 16..<64 {
                let s0 = rotate(w[t - 15], 7) ^ rotate(w[t - 15], 18) ^ (w[t - 15] >> 3)
                let s1 = rotate(w[t - 2], 17) ^ rotate(w[t - 2], 19) ^ (w[t - 2] >> 10)
                w[t] = w[t - 16] &+ s0 &+ w[t - 7] &+ s1
            }
            var a = hash[0], b = hash[1], c = hash[2], d = hash[3], e = hash[4], f = hash[5], g = hash[6], h = hash[7]
            for t in 0..<64 {
                let s1 = rotate(e, 6) ^ rotate(e, 11) ^ rotate(e, 25)
                let choice = (e & f) ^ (~e & g)
                let temp1 = h &+ s1 &+ choice &+ constants[t] &+ w[t]
                let s0 = rotate(a, 2) ^ rotate(a, 13) ^ rotate(a, 22)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let temp2 = s0 &+ majority
                h = g; g = f; f = e; e = d &+ temp1; d = c; c = b; b = a; a = temp1 &+ temp2
            }
            hash[0] &+= a; hash[1] &+= b; hash[2] &+= c; hash[3] &+= d
            hash[4] &+= e; hash[5] &+= f; hash[6] &+= g; hash[7] &+= h
        }
        return hash.flatMap { word in [24, 16, 8, 0].map { UInt8((word >> UInt32($0)) & 0xFF) } }
    }

    private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 { value >> count | value << (32 - count) }

    private static let constants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}
