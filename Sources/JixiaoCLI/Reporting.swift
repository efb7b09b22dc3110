import Foundation
import Jixiao

/// Where messages for people go: standard error, one line each, `file:line: severity: text`.
enum Console {
    static func error(_ text: String) {
        FileHandle.standardError.write(Data("jixiao: \(text)\n".utf8))
    }

    static func line(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

/// Removes half-written outputs, and stops the programs readers run, when the user presses Ctrl-C.
enum InterruptHandling {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                RunningTools.shared.stopAll()
                TemporaryFiles.shared.removeAll()
                Console.error("interrupted; no partial output was left")
                exit(130)
            }
            source.resume()
            sources.append(source)
        }
    }
}
