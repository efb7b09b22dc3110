import Foundation

/// Reads inputs on worker threads and hands their filings, in input order, to one consumer (the
/// export's writer): reading overlaps writing, each input streams through a small bounded
/// channel, and only a few inputs are read ahead, so memory stays flat however many filings.
public enum OrderedFilingStream {
    /// What became of one input.
    public enum Outcome: Sendable {
        case read(filings: Int, diagnostics: [Diagnostic])
        case failed(Error)
    }

    /// Calls `consume` with every filing of every input, in order, then `finished` once per
    /// input. An input that cannot be read is reported through `finished` and skipped; an error
    /// of `consume` stops everything and is thrown. `prepare` turns each filing into what
    /// `consume` takes on the reading thread, so that work is spread over the readers too.
    public static func run<Item: Sendable>(
        files: [String], from format: String?, options: ReadOptions = ReadOptions(), jobs: Int,
        prepare: @escaping @Sendable (Filing) -> Item,
        consume: (Item) throws -> Void, finished: (String, Outcome) -> Void
    ) throws {
        let units = units(of: files, format: format)
        let channels = units.map { _ in BoundedChannel<Item>(capacity: 32) }
        let outcomes = units.map { _ in LockedValue<[Diagnostic]>() }
        // Readers may start a unit only while it is within this many of the one being written.
        let ahead = Places(jobs * 2)
        let workers = Thread {
            _ = ParallelRunner.run(count: units.count, width: jobs) { index in
                ahead.acquire()
                let unit = units[index], path = files[unit.file]
                do {
                    let send = { (filing: Filing) in channels[index].send(prepare(filing)) }
                    switch unit.reading {
                    case .piece(let piece, let reader):
                        outcomes[index].value = try reader.readEach(piece, ofFileAt: path, name: path, options: options, send)
                    case .stream(let reader):
                        outcomes[index].value = try reader.readEach(fileAt: path, name: path, options: options, send)
                    case .whole:
                        let input = try InputLoader.load(path)
                        let reader = try Conversion.readerFormat(for: input, named: format).reader!
                        outcomes[index].value = try reader.readEach(input, options: options, send)
                    }
                    channels[index].finish()
                } catch {
                    channels[index].finish(error: error)
                }
            }
        }
        workers.stackSize = 8 << 20
        workers.start()
        defer {
            // On the way out after a failure, let the readers run to the end without waiting.
            channels.forEach { $0.cancel() }
            ahead.openAll()
        }
        var count = 0
        var diagnostics: [Diagnostic] = []
        var failed = false
        for (index, channel) in channels.enumerated() {
            let unit = units[index]
            if unit.first {
                count = 0
                diagnostics = []
                failed = false
            }
            if failed {
                // The file failed in an earlier piece: the rest of it is read but not used.
                channel.cancel()
                while (try? channel.receive()) != nil {}
            }
            while !failed {
                let next: Item?
                do {
                    next = try channel.receive()
                } catch {
                    finished(files[unit.file], .failed(error))
                    failed = true
                    break
                }
                guard let item = next else {
                    diagnostics += outcomes[index].value ?? []
                    if unit.last { finished(files[unit.file], .read(filings: count, diagnostics: diagnostics)) }
                    break
                }
                count += 1
                try consume(item)
            }
            ahead.release()
        }
    }

    /// What one reading thread takes at a time: a whole input, or a piece of a long YAML stream.
    private struct Unit: Sendable {
        enum Reading: Sendable {
            case piece(FilePiece, any PiecewiseReader)
            case stream(any FileStreamingReader)
            /// Loaded whole, the reader chosen by the content when the name does not tell.
            case whole
        }

        var file: Int
        var reading: Reading
        var first = true
        var last = true
    }

    /// Long streams are read in pieces of this size, so that several threads share one file.
    static let pieceSize = 256 << 10

    /// Each input's reader is chosen once, here; a long stream becomes several units.
    private static func units(of files: [String], format: String?) -> [Unit] {
        var units: [Unit] = []
        for (index, path) in files.enumerated() {
            guard let streaming = Conversion.fileStreamingReader(for: path, named: format) else {
                units.append(Unit(file: index, reading: .whole))
                continue
            }
            guard let reader = streaming as? any PiecewiseReader,
                  let pieces = try? reader.pieces(ofFileAt: path, size: pieceSize), pieces.count > 1 else {
                units.append(Unit(file: index, reading: .stream(streaming)))
                continue
            }
            for (number, piece) in pieces.enumerated() {
                units.append(Unit(file: index, reading: .piece(piece, reader), first: number == 0, last: number == pieces.count - 1))
            }
        }
        return units
    }
}
