import CLibDeflate

/// The CRC-32 of zip entries (polynomial 0xEDB88320), libdeflate's: every part of every form read
/// is checked, and its carry-less multiplication runs several times quicker than a table.
enum ZipChecksum {
    static func crc32(_ bytes: UnsafeRawBufferPointer, continuing previous: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return previous }
        return libdeflate_crc32(previous, base, bytes.count)
    }
}
