import ArgumentParser
import Foundation
import Jixiao

/// The exit statuses every subcommand uses (README.md, "Exit status").
enum ExitStatus {
    /// A filing fails what was asked of it: an error finding (validate), a refused change
    /// (migrate), an incompatible version (schema check), a warning under --strict (convert).
    static let findings = ExitCode(1)
    /// An input could not be read, or an output not written; the others were still done.
    static let unusable = ExitCode(2)
    /// A wrong command line: an unknown option, format, template, mapping or framework.
    static let usage = ExitCode(64)
}

/// `--format text|json`: how a report is printed, the same spelling in every subcommand.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json

    init?(argument: String) {
        // `table` was validate's name for text.
        if argument == "table" { Notice.deprecated("--format table", use: "--format text") }
        self.init(rawValue: argument == "table" ? "text" : argument)
    }
}

struct ReportOption: ParsableArguments {
    @Option(help: ArgumentHelp("How to report: text for people, json for scripts.", valueName: "text|json"))
    var format: ReportFormat = .text

    // Earlier spellings, kept working: `--json` (schema, templates, formats) and `--report json` (convert).
    @Flag(name: .customLong("json"), help: .hidden)
    var oldJSON = false

    @Option(name: .customLong("report"), help: .hidden)
    var oldReport: ReportFormat?

    var isJSON: Bool { format == .json || oldJSON || oldReport == .json }

    func validate() throws {
        if oldJSON { Notice.deprecated("--json", use: "--format json") }
        if let oldReport { Notice.deprecated("--report \(oldReport.rawValue)", use: "--format \(oldReport.rawValue)") }
    }
}

/// What every subcommand that reads filings takes: the inputs (files, folders, -), the input
/// format, the mapping and the local registry.
struct FilingInputs: ParsableArguments {
    // First: the registry is layered in (by its validation) before the mapping is looked up.
    @OptionGroup var localRegistry: RegistryOption

    @Argument(help: ArgumentHelp("Input files or folders (a folder stands for every readable file below it); - reads standard input.",
                                 valueName: "INPUT"))
    var inputs: [String]

    @Option(help: ArgumentHelp("Input format, when the extension does not tell (see `jixiao formats`).", valueName: "FORMAT"),
            completion: .list(FormatRegistry.all.filter { $0.reader != nil }.map(\.name)))
    var from: String?

    @Option(help: ArgumentHelp("Mapping id from Mappings/ to read texts and documents through, instead of the detected one.", valueName: "ID"),
            completion: .custom { _, _, _ in Known.mappingIDs })
    var mapping: String?

    var readOptions: ReadOptions { ReadOptions(mapping: mapping) }

    func validate() throws {
        if inputs.filter({ $0 == "-" }).count > 1 {
            throw ValidationError("standard input (-) can be read only once")
        }
        if let from { try Known.readableFormat(from) }
        if let mapping { try Known.mapping(mapping) }
    }

    /// The inputs with each folder replaced by the readable files below it.
    func files() throws -> [String] {
        do {
            return try InputExpansion.expand(inputs)
        } catch let error as JixiaoError {
            throw ValidationError(error.description)
        }
    }
}

/// `-j N`, for subcommands that read inputs in parallel.
struct JobsOption: ParsableArguments {
    @Option(name: .short, help: ArgumentHelp("How many inputs to read at once (default: one per core).", valueName: "N"))
    var jobs: Int?

    var count: Int { jobs ?? ProcessInfo.processInfo.activeProcessorCount }

    func validate() throws {
        if let jobs, jobs < 1 { throw ValidationError("-j needs a number of jobs of at least 1") }
    }
}

/// One-line notices on standard error.
enum Notice {
    static func deprecated(_ old: String, use new: String) {
        Console.error("\(old) is deprecated; use \(new)")
    }
}

/// Names the command line may use, checked before any work: a wrong one is a usage error (64)
/// that lists the known ones, nearest first.
enum Known {
    static var templateIDs: [String] {
        (try? Array(Set(TemplateCatalog.standard().templates.map(\.id))).sorted()) ?? []
    }

    static var mappingIDs: [String] {
        (try? Array(Set(MappingCatalog.standard().mappings.map(\.id))).sorted()) ?? []
    }

    static var frameworkReferences: [String] {
        guard let frameworks = try? FrameworkCatalog.standard().frameworks else { return [] }
        return Array(Set(frameworks.map(\.id))).sorted() + frameworks.map(\.reference).sorted()
    }

    static var artefactReferences: [String] {
        guard let artefacts = try? RegistryListing.standard().artefacts() else { return [] }
        return Array(Set(artefacts.map(\.id))).sorted() + artefacts.map(\.reference).sorted()
    }

    static var writableFormats: [FileFormat] { FormatRegistry.all.filter { $0.writer != nil } }

    @discardableResult
    static func template(_ reference: String) throws -> Template {
        let catalog = try registry { try TemplateCatalog.standard() }
        return try pick(reference, kind: "template", ids: catalog.templates.map(\.id), hint: "see `jixiao templates`") {
            try catalog.template(reference)
        }
    }

    static func mapping(_ reference: String) throws {
        let catalog = try registry { try MappingCatalog.standard() }
        _ = try pick(reference, kind: "mapping", ids: catalog.mappings.map(\.id), hint: "see `jixiao schema list`") {
            try catalog.resolved(reference)
        }
    }

    static func framework(_ reference: String) throws {
        let catalog = try registry { try FrameworkCatalog.standard() }
        _ = try pick(reference, kind: "framework", ids: catalog.frameworks.map(\.id), hint: "see `jixiao schema list`") {
            try catalog.framework(reference)
        }
    }

    static func artefact(_ reference: String) throws {
        let listing = try registry { try RegistryListing.standard() }
        let ids = try registry { try listing.artefacts().map(\.id) }
        _ = try pick(reference, kind: "artefact", ids: ids, hint: "see `jixiao schema list`") { try listing.artefact(reference) }
    }

    static func readableFormat(_ name: String) throws {
        let readable = FormatRegistry.all.filter { $0.reader != nil }.map(\.name)
        guard !readable.contains(name.lowercased()) else { return }
        throw ValidationError("unknown input format '\(name)'\(didYouMean(name, among: readable)); --from takes \(readable.joined(separator: ", "))")
    }

    /// " (did you mean yunnan-project?)" when a known name is near the written one.
    static func didYouMean(_ written: String, among known: [String]) -> String {
        let near = NearMatch.suggestions(for: written, among: known)
        return near.isEmpty ? "" : " (did you mean \(near.joined(separator: " or "))?)"
    }

    /// Looks a reference up; an unknown one becomes a usage error naming the known ids.
    private static func pick<T>(_ reference: String, kind: String, ids: [String], hint: String, _ lookup: () throws -> T) throws -> T {
        do {
            return try lookup()
        } catch let error as JixiaoError {
            let name = String(reference.split(separator: "@", maxSplits: 1).first ?? "")
            let known = Array(Set(ids)).sorted()
            guard !known.contains(name) else { throw ValidationError("\(error.message) (\(hint))") }
            throw ValidationError("no \(kind) '\(name)'\(didYouMean(name, among: known)); known: \(known.joined(separator: ", ")) (\(hint))")
        }
    }

    /// A registry that cannot be loaded is not the command line's fault: exit 2, not 64.
    private static func registry<T>(_ load: () throws -> T) throws -> T {
        do {
            return try load()
        } catch let error as JixiaoError {
            Console.error(error.description)
            throw ExitStatus.unusable
        }
    }
}
