import CLibDeflate
import CLibZ
import Foundation

/// A zip archive, in memory or in a file, read as far as Office packages need: the central
/// directory (zip64 included) and stored or deflated entries. An entry of up to a megabyte is
/// inflated whole by libdeflate, two to three times quicker than zlib; a larger one, or one that
/// libdeflate refuses, by zlib a piece at a time, which also words what is wrong with it.
/// Every offset and size is checked against the archive's own size before it is used, and an
/// entry's inflater is fed its compressed bytes and no more, so a damaged or hostile archive ends
/// in a `Damage` error: never a read past the end, a trap, or a stream that never ends.
struct ZipArchive {
    struct Entry {
        var path: String
        /// 0 stored, 8 deflated; others are refused when read.
        var method: UInt16
        var flags: UInt16
        var checksum: UInt32
        var compressedSize: UInt64
        var uncompressedSize: UInt64
        var localHeaderOffset: UInt64

        var isEncrypted: Bool { flags & 1 != 0 }
    }

    /// What is wrong with the archive or an entry, worded for the end of a sentence.
    struct Damage: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The entries in the order of the central directory.
    let entries: [Entry]
    private let source: ByteSource
    /// libdeflate's state, made when the first entry is inflated whole and kept for the rest:
    /// making one clears some 10 KB, more than inflating a small part costs.
    private let decompressor = Decompressor()

    init(bytes: [UInt8]) throws {
        try self.init(source: .memory(bytes))
    }

    /// Reads only the central directory now, and each entry's bytes when it is read.
    init(fileAt path: String) throws {
        try self.init(source: .file(try OpenFile(path)))
    }

    private init(source: ByteSource) throws {
        self.source = source
        let end = try Self.endOfCentralDirectory(in: source)
        guard end.directorySize <= source.size, end.directoryOffset <= source.size - end.directorySize else {
            throw Damage("its central directory lies past the end of the file")
        }
        let directory = try source.read(at: end.directoryOffset, count: Int(end.directorySize))
        entries = try Self.parseDirectory(directory)
    }

    /// Hands the entry's inflated bytes to `body` in order: whole, or a piece at a time (64 KB at
    /// most) when it is larger than a megabyte. The checksum is the caller's to check: it sees
    /// every byte.
    func read(_ entry: Entry, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        guard !entry.isEncrypted else { throw Damage("\(entry.path) is encrypted") }
        let start = try dataOffset(of: entry)
        switch entry.method {
        case 0: try copyStored(from: start, count: entry.compressedSize, body)
        case 8:
            // The compressed bytes are held whole too: a directory that claims a small part
            // stored in a huge stretch of the file is read a piece at a time instead.
            if entry.uncompressedSize <= Self.wholeEntryLimit, entry.compressedSize <= 2 * Self.wholeEntryLimit,
               try inflateWhole(from: start, count: entry.compressedSize, size: Int(entry.uncompressedSize), body) { return }
            try inflate(from: start, count: entry.compressedSize, size: entry.uncompressedSize, path: entry.path, body)
        default: throw Damage("\(entry.path) is compressed with method \(entry.method), not stored or deflated")
        }
    }

    private static let piece = 1 << 16
    /// The largest entry inflated in one buffer: the parts of a form are a few KB, and memory for
    /// a large sheet stays one piece.
    private static let wholeEntryLimit: UInt64 = 1 << 20

    /// Inflates an entry in one call into a buffer of the size the directory gives, when that is
    /// exactly what its deflate stream holds; false (nothing handed on) for anything else, which
    /// zlib's piece-by-piece inflater then reads or reports.
    private func inflateWhole(from start: UInt64, count: UInt64, size: Int, _ body: (UnsafeRawBufferPointer) throws -> Void) throws -> Bool {
        guard size > 0, count <= UInt64(Int.max), let decompressor = decompressor.pointer else { return false }
        var succeeded = false
        let output = try source.withBytes(at: start, count: Int(count)) { input in
            // Left unfilled: a failed call hands nothing on, and a successful one wrote every byte.
            [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
                // No actual size asked for: anything but exactly `size` bytes fails.
                succeeded = libdeflate_deflate_decompress(decompressor, input.baseAddress, input.count, buffer.baseAddress, size, nil) == LIBDEFLATE_SUCCESS
                initialized = succeeded ? size : 0
            }
        }
        guard succeeded else { return false }
        try output.withUnsafeBytes(body)
        return true
    }

    private func copyStored(from start: UInt64, count: UInt64, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var offset: UInt64 = 0
        while offset < count {
            let bytes = try source.read(at: start + offset, count: Int(min(UInt64(Self.piece), count - offset)))
            try bytes.withUnsafeBytes(body)
            offset += UInt64(bytes.count)
        }
    }

    /// Raw deflate (no zlib header), as zip stores it. The stream must end within the entry's
    /// compressed bytes: input that runs out first is a truncated entry.
    /// `size` (the directory's word for the inflated size) only sizes the output buffer: a wrong
    /// one costs more rounds, never bytes.
    private func inflate(from start: UInt64, count: UInt64, size: UInt64, path: String, _ body: (UnsafeRawBufferPointer) throws -> Void) throws {
        var stream = z_stream()
        guard inflateInit2_(&stream, -MAX_WBITS, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw Damage("zlib could not start inflating \(path)")
        }
        defer { inflateEnd(&stream) }
        var input: [UInt8] = []
        /// How much of `input` zlib has taken, and of the entry's compressed bytes has been read.
        var taken = 0
        var consumed: UInt64 = 0
        // Sized to the entry (most parts of a form are a few KB) and left unfilled: zlib writes
        // each byte before it is handed on, so clearing 64 KB for every part was wasted.
        let outputSize = Int(min(UInt64(Self.piece), max(size, 4096)))
        var output = [UInt8](unsafeUninitializedCapacity: outputSize) { _, initialized in initialized = outputSize }
        while true {
            if taken == input.count, consumed < count {
                input = try source.read(at: start + consumed, count: Int(min(UInt64(Self.piece), count - consumed)))
                consumed += UInt64(input.count)
                taken = 0
            }
            let (status, produced) = input.withUnsafeMutableBufferPointer { inputBytes in
                output.withUnsafeMutableBufferPointer { outputBytes in
                    stream.next_in = inputBytes.baseAddress.map { $0 + taken }
                    stream.avail_in = UInt32(inputBytes.count - taken)
                    stream.next_out = outputBytes.baseAddress
                    stream.avail_out = UInt32(outputBytes.count)
                    let status = CLibZ.inflate(&stream, Z_NO_FLUSH)
                    taken = inputBytes.count - Int(stream.avail_in)
                    // The pointers are valid only inside these closures.
                    stream.next_in = nil
                    stream.next_out = nil
                    return (status, outputBytes.count - Int(stream.avail_out))
                }
            }
            if produced > 0 { try output.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[0..<produced])) } }
            switch status {
            case Z_STREAM_END:
                return
            case Z_OK:
                continue
            case Z_BUF_ERROR where taken == input.count && consumed < count:
                continue
            case Z_BUF_ERROR:
                throw Damage("\(path) is truncated: its compressed bytes end before its deflate stream does")
            default:
                let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
                throw Damage("\(path) does not inflate (\(reason))")
            }
        }
    }

    /// Where an entry's bytes start: after its local header, whose name and extra field may differ
    /// in length from the directory's.
    private func dataOffset(of entry: Entry) throws -> UInt64 {
        let header = entry.localHeaderOffset
        guard header <= source.size, source.size - header >= 30 else {
            throw Damage("\(entry.path)'s local header lies past the end of the file")
        }
        let bytes = try source.read(at: header, count: 30)
        guard Array(bytes[0..<4]) == Signature.localEntry else {
            throw Damage("\(entry.path) has no local header where the directory says")
        }
        let start = header + 30 + UInt64(bytes.uint16(at: 26)) + UInt64(bytes.uint16(at: 28))
        guard start <= source.size, entry.compressedSize <= source.size - start else {
            throw Damage("\(entry.path) claims \(entry.compressedSize) compressed bytes, more than the file holds after its header")
        }
        return start
    }

    // MARK: - The directory

    private enum Signature {
        static let localEntry: [UInt8] = [0x50, 0x4B, 0x03, 0x04]
        static let centralEntry: [UInt8] = [0x50, 0x4B, 0x01, 0x02]
        static let end: [UInt8] = [0x50, 0x4B, 0x05, 0x06]
        static let zip64Locator: [UInt8] = [0x50, 0x4B, 0x06, 0x07]
        static let zip64End: [UInt8] = [0x50, 0x4B, 0x06, 0x06]
    }

    private struct EndRecord {
        var directoryOffset: UInt64
        var directorySize: UInt64
    }

    /// The end record is the last 22 bytes, unless a comment (up to 64 KB) follows it; a zip64
    /// locator just before it points to the zip64 end record, whose sizes win.
    private static func endOfCentralDirectory(in source: ByteSource) throws -> EndRecord {
        guard source.size >= 22 else { throw Damage("it is too short to be a zip archive") }
        let tailLength = min(source.size, 22 + 0xFFFF)
        let tail = try source.read(at: source.size - tailLength, count: Int(tailLength))
        var index = tail.count - 22
        while index >= 0, !(tail[index] == 0x50 && tail[index + 1] == 0x4B && tail[index + 2] == 0x05 && tail[index + 3] == 0x06) {
            index -= 1
        }
        guard index >= 0 else { throw Damage("it has no end of central directory record (truncated?)") }
        let recordOffset = source.size - tailLength + UInt64(index)
        var record = EndRecord(
            directoryOffset: UInt64(tail.uint32(at: index + 16)), directorySize: UInt64(tail.uint32(at: index + 12)))
        if recordOffset >= 20 {
            let locator = try source.read(at: recordOffset - 20, count: 20)
            if Array(locator[0..<4]) == Signature.zip64Locator {
                let zip64Offset = locator.uint64(at: 8)
                guard zip64Offset <= source.size, source.size - zip64Offset >= 56 else {
                    throw Damage("its zip64 end record lies past the end of the file")
                }
                let zip64 = try source.read(at: zip64Offset, count: 56)
                guard Array(zip64[0..<4]) == Signature.zip64End else { throw Damage("its zip64 locator points to no zip64 end record") }
                record.directorySize = zip64.uint64(at: 40)
                record.directoryOffset = zip64.uint64(at: 48)
            }
        }
        return record
    }

    private static func parseDirectory(_ bytes: [UInt8]) throws -> [Entry] {
        var entries: [Entry] = []
        var index = 0
        while index + 46 <= bytes.count, Array(bytes[index..<(index + 4)]) == Signature.centralEntry {
            let nameLength = Int(bytes.uint16(at: index + 28))
            let extraLength = Int(bytes.uint16(at: index + 30))
            let commentLength = Int(bytes.uint16(at: index + 32))
            let nameStart = index + 46
            guard nameStart + nameLength + extraLength + commentLength <= bytes.count else {
                throw Damage("its central directory is cut short")
            }
            let flags = bytes.uint16(at: index + 8)
            let nameBytes = Array(bytes[nameStart..<(nameStart + nameLength)])
            // Names are UTF-8 when flag 11 says so and in practice almost always; some writers
            // separate folders with backslashes.
            // (Foundation's string conversions cost thousands of instructions a name: they serve
            // only names that are not UTF-8 or hold a backslash.)
            var name = String(validating: nameBytes, as: UTF8.self) ?? String(bytes: nameBytes, encoding: .isoLatin1) ?? ""
            if nameBytes.contains(0x5C) { name = name.replacingOccurrences(of: "\\", with: "/") }
            var entry = Entry(
                path: name, method: bytes.uint16(at: index + 10), flags: flags, checksum: bytes.uint32(at: index + 16),
                compressedSize: UInt64(bytes.uint32(at: index + 20)), uncompressedSize: UInt64(bytes.uint32(at: index + 24)),
                localHeaderOffset: UInt64(bytes.uint32(at: index + 42)))
            readZip64Sizes(Array(bytes[(nameStart + nameLength)..<(nameStart + nameLength + extraLength)]), into: &entry)
            entries.append(entry)
            index = nameStart + nameLength + extraLength + commentLength
        }
        return entries
    }

    /// The zip64 extra field (id 1) holds, in this order, each of the sizes and the offset whose
    /// 32-bit field is all ones.
    private static func readZip64Sizes(_ extra: [UInt8], into entry: inout Entry) {
        var index = 0
        while index + 4 <= extra.count {
            let id = extra.uint16(at: index), length = Int(extra.uint16(at: index + 2))
            let end = min(extra.count, index + 4 + length)
            if id == 1 {
                var field = index + 4
                func next(_ value: inout UInt64) {
                    guard value == 0xFFFF_FFFF, field + 8 <= end else { return }
                    value = extra.uint64(at: field)
                    field += 8
                }
                next(&entry.uncompressedSize)
                next(&entry.compressedSize)
                next(&entry.localHeaderOffset)
                return
            }
            index = end
        }
    }
}

/// A libdeflate decompressor for one archive's entries, one after another (not Sendable: one
/// thread at a time), freed with the archive.
private final class Decompressor {
    private var made: OpaquePointer?

    var pointer: OpaquePointer? {
        if made == nil { made = libdeflate_alloc_decompressor() }
        return made
    }

    deinit {
        if let made { libdeflate_free_decompressor(made) }
    }
}

// MARK: - Where the bytes are

private enum ByteSource {
    case memory([UInt8])
    case file(OpenFile)

    var size: UInt64 {
        switch self {
        case .memory(let bytes): UInt64(bytes.count)
        case .file(let file): file.size
        }
    }

    /// Lends exactly `count` bytes from `offset`: in place for an archive in memory.
    func withBytes<T>(at offset: UInt64, count: Int, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        guard offset <= size, UInt64(count) <= size - offset else { throw ZipArchive.Damage("it is truncated") }
        switch self {
        case .memory(let bytes):
            return try bytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[Int(offset)..<(Int(offset) + count)])) }
        case .file(let file):
            return try file.read(at: offset, count: count).withUnsafeBytes(body)
        }
    }

    /// Exactly `count` bytes from `offset`; callers have checked that they lie within the source.
    func read(at offset: UInt64, count: Int) throws -> [UInt8] {
        guard offset <= size, UInt64(count) <= size - offset else { throw ZipArchive.Damage("it is truncated") }
        switch self {
        case .memory(let bytes):
            return Array(bytes[Int(offset)..<(Int(offset) + count)])
        case .file(let file):
            return try file.read(at: offset, count: count)
        }
    }
}

/// A file open for reading at any offset, closed when the last copy of the archive goes.
private final class OpenFile: @unchecked Sendable {
    let descriptor: Int32
    let size: UInt64

    init(_ path: String) throws {
        descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw ZipArchive.Damage("it cannot be opened (\(String(cString: strerror(errno))))") }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            close(descriptor)
            throw ZipArchive.Damage("it cannot be read (\(String(cString: strerror(errno))))")
        }
        size = UInt64(status.st_size)
    }

    deinit { close(descriptor) }

    func read(at offset: UInt64, count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var done = 0
        try bytes.withUnsafeMutableBytes { buffer in
            while done < count {
                let got = pread(descriptor, buffer.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                if got < 0, errno == EINTR { continue }
                guard got > 0 else { throw ZipArchive.Damage("it ends sooner than its size said (was it changed while being read?)") }
                done += got
            }
        }
        return bytes
    }
}

private extension Array where Element == UInt8 {
    func uint16(at index: Int) -> UInt16 { UInt16(self[index]) | UInt16(self[index + 1]) << 8 }
    func uint32(at index: Int) -> UInt32 { UInt32(uint16(at: index)) | UInt32(uint16(at: index + 2)) << 16 }
    func uint64(at index: Int) -> UInt64 { UInt64(uint32(at: index)) | UInt64(uint32(at: index + 4)) << 32 }
}
