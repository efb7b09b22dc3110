/// A digest of a sheet's filled cells (position, kind and value) and merged ranges, and of the
/// hidden copy it goes with, the same whatever order they were written or read in. The writer keeps one for each form sheet it lays out and leaves it in
/// the hidden metadata sheet; a reader that finds the same digest on the sheet knows that nobody
/// has edited the form, and takes the hidden canonical copy as it is instead of reading the form's
/// layout again (the most costly part of reading a form back).
///
/// A cell counts by what a reader sees: blank text cells not at all, numbers as the canonical
/// text of their value. Where the writer's and the reader's views of a cell could differ (a
/// number whose double prints differently), the digests differ and the form is read in full:
/// a mismatch costs time, never a value. Each cell's hash is mixed twice (two 64-bit sums), so
/// that an edit that leaves the digest as it was is out of reach of chance.
struct XLSXCellDigest: Equatable {
    private(set) var count = 0
    private var first: UInt64 = 0
    private var second: UInt64 = 0

    init() {}

    /// Adds one cell (0-based row and column, as both writer and reader address them).
    mutating func add(row: Int, column: Int, _ value: CellValue) {
        switch value {
        case .text(let text):
            if TextCleaning.isBlank(text) { return }
            add(kind: 0x74, row: row, column: column, text)
        case .number(let number):
            add(kind: 0x6E, row: row, column: column, CanonicalNumber.format(number))
        }
    }

    /// Adds a merged range of more than one cell: the reader's view of a form depends on its
    /// merges (level names carried down merged rows), so unmerging is an edit.
    mutating func addMerge(rows: ClosedRange<Int>, columns: ClosedRange<Int>) {
        add(kind: 0x6D, row: rows.lowerBound, column: columns.lowerBound, "\(rows.upperBound):\(columns.upperBound)")
    }

    /// The hidden copy's part of a digest (the metadata sheet's canonical YAML), so that a copy
    /// edited while the form was not is no longer taken as it is. Every form sheet of a workbook
    /// shares one copy: its part is worked out once and added to each sheet's (`adding(_:)`).
    static func copy(_ text: String) -> XLSXCellDigest {
        var digest = XLSXCellDigest()
        digest.add(kind: 0x79, row: -1, column: -1, text)
        return digest
    }

    /// This digest and another together, as if all their cells had been added to one.
    func adding(_ other: XLSXCellDigest) -> XLSXCellDigest {
        var sum = self
        sum.count += other.count
        sum.first &+= other.first
        sum.second &+= other.second
        return sum
    }

    private mutating func add(kind: UInt8, row: Int, column: Int, _ text: String) {
        // FNV-1a over the kind, the position and the UTF-8 text, then two different finalisers.
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        let prime: UInt64 = 0x0000_0100_0000_01B3
        hash = (hash ^ UInt64(kind)) &* prime
        for shift in stride(from: 0, to: 64, by: 8) { hash = (hash ^ UInt64(UInt8(truncatingIfNeeded: row >> shift))) &* prime }
        for shift in stride(from: 0, to: 64, by: 8) { hash = (hash ^ UInt64(UInt8(truncatingIfNeeded: column >> shift))) &* prime }
        // Over the string's own bytes where it keeps them together (native strings do), which
        // spares the per-byte work of the UTF-8 view's iterator.
        let hashed = text.utf8.withContiguousStorageIfAvailable { bytes in
            var local = hash
            for byte in bytes { local = (local ^ UInt64(byte)) &* prime }
            return local
        }
        if let hashed {
            hash = hashed
        } else {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* prime }
        }
        first &+= Self.finish(hash, 0x9E37_79B9_7F4A_7C15)
        second &+= Self.finish(hash, 0xD1B5_4A32_D192_ED03)
        count += 1
    }

    /// Every filled cell and merged range of a sheet as read.
    init(_ sheet: XLSXSheet) {
        sheet.cells.forEach { row, column, value in add(row: row, column: column, value) }
        for merge in sheet.merges { addMerge(rows: merge.rows, columns: merge.columns) }
    }

    /// As kept in the metadata sheet: the number of cells and the two sums in hexadecimal.
    var text: String { "\(count):\(String(first, radix: 16)):\(String(second, radix: 16))" }

    /// splitmix64's finaliser, seeded: spreads every bit of the hash over the result.
    private static func finish(_ value: UInt64, _ seed: UInt64) -> UInt64 {
        var z = value &+ seed
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
