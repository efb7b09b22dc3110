import ArgumentParser
import Foundation
import Jixiao

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "List, show, compare and check the versioned registry in Schemas/.",
        discussion: """
            Examples:
              jixiao schema list
              jixiao schema show national@2.0.0
              jixiao schema diff national@1.0.0 national@2.0.0
              jixiao schema check national --transitive
            """,
        subcommands: [List.self, Show.self, Diff.self, Check.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Every artefact: kind, id, version, status and validity.")

        @OptionGroup var output: ReportOption

        func run() throws {
            let artefacts = try registryCall { try RegistryListing.standard().artefacts() }
            if output.isJSON {
                print(try JSONText.render(artefacts.map(JSONText.object(for:))))
                return
            }
            let rows = [["KIND", "ID", "VERSION", "STATUS", "VALID", "TITLE"]] + artefacts.map {
                [$0.kind, $0.id, $0.version.description, $0.status.rawValue, SchemaCommand.validity($0), $0.title]
            }
            Table.print(rows)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "One artefact; a framework as its tree of codes and names.")

        @Argument(help: ArgumentHelp("ID or ID@VERSION (latest released without a version).", valueName: "ID[@VERSION]"),
                  completion: .custom { _, _, _ in Known.artefactReferences })
        var reference: String

        @OptionGroup var output: ReportOption

        func validate() throws { try Known.artefact(reference) }

        func run() throws {
            let header = try registryCall { try RegistryListing.standard().artefact(reference) }
            let framework = header.kind == "framework" ? try registryCall { try FrameworkCatalog.standard().framework(header.reference) } : nil
            if output.isJSON {
                var object = JSONText.object(for: header)
                if let framework {
                    object["nodes"] = framework.nodes.map { level1 in
                        ["code": level1.code, "name": level1.name, "children": level1.children.map { child -> [String: Any] in
                            var node: [String: Any] = ["code": child.code, "name": child.name]
                            if let pattern = child.namePattern { node["name_pattern"] = pattern }
                            return node
                        }] as [String: Any]
                    }
                }
                print(try JSONText.render(object))
                return
            }
            print("\(header.reference) (\(header.kind), \(header.status.rawValue), valid \(SchemaCommand.validity(header))): \(header.title)")
            print("file: \(header.file)")
            guard let framework else {
                print(String(decoding: FileManager.default.contents(atPath: header.file) ?? Data(), as: UTF8.self), terminator: "")
                return
            }
            print("applies to: \(framework.appliesTo.map(\.rawValue).joined(separator: ", "))")
            for level1 in framework.nodes {
                print("\(level1.code)  \(level1.name)")
                for child in level1.children {
                    print("  \(child.code)  \(child.name)\(child.namePattern.map { "  (pattern \($0))" } ?? "")")
                }
            }
        }
    }

    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The typed changes from framework version OLD to NEW.")

        @Argument(help: ArgumentHelp("The older framework version.", valueName: "OLD"), completion: .custom { _, _, _ in Known.frameworkReferences })
        var old: String

        @Argument(help: ArgumentHelp("The newer framework version.", valueName: "NEW"), completion: .custom { _, _, _ in Known.frameworkReferences })
        var new: String

        @OptionGroup var output: ReportOption

        func validate() throws {
            try Known.framework(old)
            try Known.framework(new)
        }

        func run() throws {
            let (older, newer) = try registryCall {
                let catalog = try FrameworkCatalog.standard()
                return (try catalog.framework(old), try catalog.framework(new))
            }
            let changes = FrameworkDiff.changes(from: older, to: newer)
            if output.isJSON {
                print(try JSONText.render(["old": older.reference, "new": newer.reference, "changes": changes.map(JSONText.object(for:))]))
                return
            }
            print("\(older.reference) -> \(newer.reference): \(changes.count) changes")
            for change in changes { print("  \(change)") }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Whether a framework version reads filings of earlier versions (backward) and they read its filings (forward).",
            discussion: "Exit status: 0 when the version is compatible as --require asks; 1 when not, with the reasons; 2 when the registry cannot be read; 64 for a wrong command line.")

        @Argument(help: ArgumentHelp("The version to check (latest released without a version).", valueName: "ID[@VERSION]"),
                  completion: .custom { _, _, _ in Known.frameworkReferences })
        var reference: String

        @Option(help: ArgumentHelp("What the exit status requires: backward, forward or full (both).", valueName: "MODE"))
        var require: Mode = .backward

        @Flag(help: "Check against every earlier version, not only the one before.")
        var transitive = false

        @OptionGroup var output: ReportOption

        func validate() throws { try Known.framework(reference) }

        enum Mode: String, ExpressibleByArgument, CaseIterable {
            case backward, forward, full

            var directions: [CompatibilityVerdict.Direction] {
                switch self {
                case .backward: return [.backward]
                case .forward: return [.forward]
                case .full: return [.backward, .forward]
                }
            }
        }

        func run() throws {
            let (framework, catalog, policy) = try registryCall {
                let registry = try SchemaRegistry.standard()
                return (try registry.frameworks.framework(reference), registry.frameworks, try registry.compatibilityPolicy())
            }
            let verdicts = CompatibilityCheck.check(framework, in: catalog, directions: [.backward, .forward],
                                                    transitive: transitive, policy: policy)
            let required = verdicts.filter { require.directions.contains($0.direction) }
            let passes = required.allSatisfy(\.isCompatible)
            if output.isJSON {
                print(try JSONText.render([
                    "version": framework.reference, "require": require.rawValue, "compatible": passes,
                    "verdicts": verdicts.map { verdict -> [String: Any] in
                        ["old": verdict.old, "new": verdict.new, "direction": verdict.direction.rawValue,
                         "compatible": verdict.isCompatible,
                         "reasons": verdict.reasons.map { ["change": JSONText.object(for: $0.change), "why": $0.why] }]
                    },
                ]))
            } else if verdicts.isEmpty {
                print("\(framework.reference): no earlier version to check against")
            } else {
                for verdict in verdicts {
                    let (reader, writer) = verdict.direction == .backward ? (verdict.new, verdict.old) : (verdict.old, verdict.new)
                    print(verdict.isCompatible
                        ? "\(verdict.direction.rawValue): compatible: \(reader) reads every filing of \(writer)"
                        : "\(verdict.direction.rawValue): not compatible: \(reader) cannot read every filing of \(writer)")
                    for reason in verdict.reasons { print("  \(reason.change): \(reason.why)") }
                }
            }
            if !passes { throw ExitStatus.findings }
        }
    }

    static func validity(_ header: ArtefactHeader) -> String {
        header.validFrom == nil && header.validTo == nil ? "always" : "\(header.validFrom ?? "…")..\(header.validTo ?? "…")"
    }

}

/// Runs a registry lookup: an unknown reference is a usage error (64); a registry that cannot
/// be read, exit status 2.
func registryCall<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as JixiaoError {
        if error.id.hasPrefix("unknown-") { usageError(error.description, command: "schema") }
        Console.error(error.description)
        throw ExitStatus.unusable
    }
}
