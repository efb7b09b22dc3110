import CLibZ

/// The CRC-32 of zip entries (polynomial 0xEDB88320), zlib's: every part of every form read is
/// checked, and zlib's braided loop is quicker than a table-driven one written here.
enum ZipChecksum {
    static func crc32(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return previous }
        // zlib takes a length of 32 bits: a longer buffer goes in steps.
        var crc = UInt(previous)
        var offset = 0
        while offset < bytes.count {
            let step = min(bytes.count - offset, Int(UInt32.max >> 1))
            crc = CLibZ.crc32(crc, base.advanced(by: offset).assumingMemoryBound(to: UInt8.self), uInt(step))
            offset += step
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}
