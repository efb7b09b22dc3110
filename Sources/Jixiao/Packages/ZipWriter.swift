import Foundation

/// A zip archive written in memory, every entry stored (method 0, no compression): the forms
/// it bundles are XLSX packages, already deflated, and YAML text too small to matter. Names are
/// UTF-8 (general purpose flag bit 11); each entry's CRC-32 is ZipChecksum's. No zip64: an
/// archive past 4 GiB or 65,535 entries is refused, far above what one request may send.
public struct ZipWriter: Sendable {
    private var bytes: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0
    private var names: Set<String> = []
    private let time: UInt16
    private let date: UInt16

    /// `modified` is the time every entry carries, as zip's DOS date and time (local fields,
    /// read as UTC here; before 1980 becomes 1980-01-01).
    public init(modified: Date = Date()) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: modified)
        let year = parts.year ?? 1980
        if year < 1980 || year > 2107 {
            time = 0
            date = UInt16(1 << 5 | 1)
        } else {
            time = UInt16((parts.hour ?? 0) << 11 | (parts.minute ?? 0) << 5 | (parts.second ?? 0) / 2)
            date = UInt16((year - 1980) << 9 | (parts.month ?? 1) << 5 | (parts.day ?? 1))
        }
    }

    /// Adds a file. The name is a relative path of '/'-separated parts, none empty, "." or "..",
    /// and used once.
    public mutating func add(_ name: String, _ content: [UInt8]) throws {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard !name.isEmpty, !name.contains("\\"), parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw JixiaoError("zip-name", key: "zip-bad-name", ["name": name])
        }
        guard names.insert(name).inserted else { throw JixiaoError("zip-name", key: "zip-name-twice", ["name": name]) }
        let nameBytes = Array(name.utf8)
        guard nameBytes.count <= 0xFFFF, content.count <= 0xFFFF_FFFE, bytes.count <= 0xFFFF_FFFE - 30 - nameBytes.count - content.count,
              count < 0xFFFF else {
            throw JixiaoError("zip-too-large", key: "zip-too-large", [:])
        }
        let crc = content.withUnsafeBytes { ZipChecksum.crc32($0) }
        let offset = UInt32(bytes.count)
        // The fields the local header and the central record share, from "version needed" to
        // the extra field's length.
        var shared: [UInt8] = []
        append16(&shared, 20)  // version needed: 2.0
        append16(&shared, 1 << 11)  // names in UTF-8
        append16(&shared, 0)  // stored
        append16(&shared, time)
        append16(&shared, date)
        append32(&shared, crc)
        append32(&shared, UInt32(content.count))  // compressed size
        append32(&shared, UInt32(content.count))  // size
        append16(&shared, UInt16(nameBytes.count))
        append16(&shared, 0)  // no extra field
        // The local file header, then the entry.
        append32(&bytes, 0x0403_4B50)
        bytes += shared
        bytes += nameBytes
        bytes += content
        // Its central directory record.
        append32(&directory, 0x0201_4B50)
        append16(&directory, 3 << 8 | 20)  // made by: Unix, 2.0
        directory += shared
        append16(&directory, 0)  // comment
        append16(&directory, 0)  // disk
        append16(&directory, 0)  // internal attributes
        append32(&directory, 0o100644 << 16)  // external: a regular file, rw-r--r--
        append32(&directory, offset)
        directory += nameBytes
        count += 1
    }

    /// The archive: the entries, their central directory and its end record.
    public func finished() throws -> [UInt8] {
        guard UInt64(bytes.count) + UInt64(directory.count) + 22 <= 0xFFFF_FFFF else {
            throw JixiaoError("zip-too-large", key: "zip-too-large", [:])
        }
        var out = bytes + directory
        append32(&out, 0x0605_4B50)
        append16(&out, 0)  // this disk
        append16(&out, 0)  // the directory's disk
        append16(&out, UInt16(count))
        append16(&out, UInt16(count))
        append32(&out, UInt32(directory.count))
        append32(&out, UInt32(bytes.count))
        append16(&out, 0)  // no comment
        return out
    }

    /// `name`, or the first of "stem-2.ext", "stem-3.ext" … not yet in the archive.
    public func unusedName(_ name: String) -> String {
        guard names.contains(name) else { return name }
        let dot = name.lastIndex(of: ".").flatMap { $0 == name.startIndex ? nil : $0 }
        let stem = dot.map { String(name[..<$0]) } ?? name
        let ext = dot.map { String(name[$0...]) } ?? ""
        var number = 2
        while names.contains("\(stem)-\(number)\(ext)") { number += 1 }
        return "\(stem)-\(number)\(ext)"
    }

    private func append16(_ out: inout [UInt8], _ value: UInt16) {
        out.append(UInt8(value & 0xFF))
        out.append(UInt8(value >> 8))
    }

    private func append32(_ out: inout [UInt8], _ value: UInt32) {
        for shift in stride(from: 0, through: 24, by: 8) { out.append(UInt8((value >> UInt32(shift)) & 0xFF)) }
    }
}
