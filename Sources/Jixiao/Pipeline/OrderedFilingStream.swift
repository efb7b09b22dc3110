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
        let channels = files.map { _ in BoundedChannel<Item>(capacity: 32) }
        let outcomes = (0..<files.count).map { _ in LockedValue<[Diagnostic]>() }
        // Readers may start an input only while it is within this many of the one being written.
        let ahead = Places(jobs * 2)
        let workers = Thread {
            _ = ParallelRunner.run(count: files.count, width: jobs) { index in
                ahead.acquire()
                do {
                    let send = { (filing: Filing) in channels[index].send(prepare(filing)) }
                    if let streaming = Conversion.fileStreamingReader(for: files[index], named: format) {
                        outcomes[index].value = try streaming.readEach(fileAt: files[index], name: files[index], options: options, send)
                    } else {
                        let input = try InputLoader.load(files[index])
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
        for (index, channel) in channels.enumerated() {
            var count = 0
            while true {
                let next: Item?
                do {
                    next = try channel.receive()
                } catch {
                    finished(files[index], .failed(error))
                    break
                }
                guard let item = next else {
                    finished(files[index], .read(filings: count, diagnostics: outcomes[index].value ?? []))
                    break
                }
                count += 1
                try consume(item)
            }
            ahead.release()
        }
    }
}
