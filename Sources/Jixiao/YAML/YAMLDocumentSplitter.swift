import Foundation

/// A run of whole documents of a file: its byte range and the line it starts on.
public struct FilePiece: Sendable, Equatable {
    public var range: Range<Int>
    public var firstLine: Int
}

/// Cuts a long YAML stream into pieces that parse on their own, so that several threads can read
/// one file: always just before a line that starts a document ("---" then a blank or the line's
/// end). YAML forbids such a line inside a scalar, so a cut never splits a value. A stream with
/// directives (`%` lines, which belong to the document after them) or not in UTF-8 stays whole,
/// and so does one shorter than two pieces.
enum YAMLDocumentSplitter {
    static func pieces(ofFileAt path: String, size: Int) throws -> [FilePiece] {
        let descriptor = try InputLoader.openToRead(path)
        defer { close(descriptor) }
        // A file too short to cut is not read here: it is read once, when its filings are.
        let whole = [FilePiece(range: 0..<Int(try InputLoader.status(of: descriptor, path: path).st_size), firstLine: 1)]
        guard whole[0].range.count > 2 * size else { return whole }
        var splitter = Splitter(size: size)
        // Read in blocks, keeping a line cut by a block's end for the next: memory stays small
        // however long the file.
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var kept = 0
        while true {
            if kept == buffer.count { buffer += repeatElement(0, count: buffer.count) }
            let count = try buffer.withUnsafeMutableBytes { try InputLoader.readSome(descriptor, into: UnsafeMutableRawBufferPointer(rebasing: $0[kept...]), path: path) }
            let filled = kept + count
            let used = buffer.withUnsafeBufferPointer { splitter.scan(UnsafeBufferPointer(rebasing: $0[..<filled]), atEnd: count == 0) }
            guard !splitter.refused else { return whole }
            if count == 0 { break }
            buffer.withUnsafeMutableBufferPointer { $0.baseAddress!.update(from: $0.baseAddress! + used, count: filled - used) }
            kept = filled - used
        }
        return splitter.finish()
    }

    static func pieces(of bytes: UnsafeBufferPointer<UInt8>, size: Int) -> [FilePiece] {
        guard bytes.count > 2 * size else { return [FilePiece(range: 0..<bytes.count, firstLine: 1)] }
        var splitter = Splitter(size: size)
        _ = splitter.scan(bytes, atEnd: true)
        guard !splitter.refused else { return [FilePiece(range: 0..<bytes.count, firstLine: 1)] }
        return splitter.finish()
    }

    /// Goes through the text line by line, in as many calls as it comes in.
    private struct Splitter {
        let size: Int
        var pieces: [FilePiece] = []
        var start = 0, startLine = 1
        var hasDocument = false
        /// Bytes before the block being scanned, and the number of the next line.
        var offset = 0, line = 1
        var refused = false

        init(size: Int) { self.size = size }

        /// Scans the complete lines of `bytes` (all of it at the end); returns how many bytes it used.
        mutating func scan(_ bytes: UnsafeBufferPointer<UInt8>, atEnd: Bool) -> Int {
            if offset == 0, bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
                refused = true
                return 0
            }
            var position = 0
            while position < bytes.count {
                let found = memchr(bytes.baseAddress! + position, 0x0A, bytes.count - position)
                guard found != nil || atEnd else { break }
                let lineEnd = found.map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - bytes.baseAddress! } ?? bytes.count
                switch bytes[position] {
                case UInt8(ascii: "%"):
                    refused = true
                    return position
                case UInt8(ascii: "-") where startsDocument(bytes, position, lineEnd):
                    if hasDocument, offset + position - start >= size {
                        pieces.append(FilePiece(range: start..<(offset + position), firstLine: startLine))
                        start = offset + position
                        startLine = line
                    }
                    hasDocument = true
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "#"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                    // Blank lines and comments make no document; indented lines belong to one already started.
                    break
                default:
                    hasDocument = true
                }
                position = min(lineEnd + 1, bytes.count)
                line += 1
            }
            offset += position
            return position
        }

        func finish() -> [FilePiece] {
            pieces + [FilePiece(range: start..<offset, firstLine: startLine)]
        }
    }

    private static func startsDocument(_ bytes: UnsafeBufferPointer<UInt8>, _ position: Int, _ lineEnd: Int) -> Bool {
        guard position + 3 <= lineEnd, bytes[position + 1] == UInt8(ascii: "-"), bytes[position + 2] == UInt8(ascii: "-") else { return false }
        return position + 3 == lineEnd || [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(bytes[position + 3])
    }
}
