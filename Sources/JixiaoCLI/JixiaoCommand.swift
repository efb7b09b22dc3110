import ArgumentParser
#if os(Linux)
import CMalloc
#endif

@main
struct JixiaoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jixiao",
        abstract: "Move budget performance-target filings (绩效目标表) between formats without retyping.",
        discussion: """
            Readers turn each input into canonical filings; writers put them out as canonical \
            YAML and into provincial XLSX upload forms (`jixiao templates`). Every subcommand \
            that reads filings takes files, folders and - (standard input), --from, --mapping \
            and --registry; reports are --format text or json; exit statuses are the same in all \
            (0 done, 1 a filing fails a check, 2 an input unreadable, 64 a wrong command line).

            Examples:
              jixiao convert filing.txt -o filing.yaml
              jixiao convert filing.yaml         # canonical YAML to standard output
              jixiao convert *.txt --out-dir out/   # one file per filing
              jixiao formats                     # what can be read and written
              jixiao templates                   # XLSX upload forms
              jixiao convert filing.yaml --template yunnan-project -o form.xlsx
              jixiao convert form.xlsx --template national-core -o moved.xlsx
              jixiao --generate-completion-script bash > /etc/bash_completion.d/jixiao
            """,
        subcommands: [
            ConvertCommand.self, ExportCommand.self, FormatsCommand.self, TemplatesCommand.self, TablesCommand.self, ValidateCommand.self, SchemaCommand.self,
            MigrateCommand.self, ServeCommand.self,
        ]
    )

    /// glibc raises its threshold for mapping a large block on its own once the first such block
    /// is freed, and from then on keeps freed large blocks in its heap: a long text's lines and
    /// parts, made and let go of in turn, held 433 MB for 48 MB of text instead of 401 MB
    /// (BENCHMARKS.md, long texts). Fixed thresholds hand large blocks back when they are freed.
    /// At 1 MB, not lower: a form's blocks stay in the heap, where a threshold of 128 KB had the
    /// heap trimmed and grown again for each form (six times the page faults, writing 10 % slower).
    /// This holds where glibc's malloc is the allocator: debug builds. The release build links
    /// mimalloc in its place (Package.swift), and these settings do not reach it.
    static func main() {
        #if os(Linux)
        mallopt(M_MMAP_THRESHOLD, 1 << 20)
        mallopt(M_TRIM_THRESHOLD, 1 << 20)
        #endif
        main(nil)
    }

    @Flag(name: .customLong("generate-manual"), help: .hidden)
    var generateManual = false

    func run() throws {
        guard generateManual else { throw CleanExit.helpRequest(self) }
        print(Manual.page(), terminator: "")
    }
}

/// The man page (section 1): the commands' own help, so it never says other than --help does.
enum Manual {
    static func page() -> String {
        var roff = [
            ".TH JIXIAO 1 \"\" \"jixiao\" \"User Commands\"",
            ".SH NAME",
            "jixiao \\- \(escaped(JixiaoCommand.configuration.abstract))",
            ".SH SYNOPSIS",
            ".B jixiao",
            "\\fISUBCOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIINPUT\\fR ...]",
            ".SH DESCRIPTION",
        ]
        roff += block(JixiaoCommand.helpMessage(columns: 80))
        for command in commands(JixiaoCommand.configuration.subcommands, path: ["jixiao"]) {
            roff.append(".SH \"\(command.path.joined(separator: " ").uppercased())\"")
            roff += block(JixiaoCommand.helpMessage(for: command.type, columns: 80))
        }
        roff += [
            ".SH EXIT STATUS",
            ".TP", "0", "Done: every input read and every output written (warnings allowed).",
            ".TP", "1", "A filing fails what was asked: an error finding (validate), a refused change (migrate), an incompatible version (schema check), a warning under --strict (convert).",
            ".TP", "2", "An input could not be read or an output not written; the other inputs were still done.",
            ".TP", "64", "A wrong command line: an unknown option, format, template, mapping or framework, or an output Jixiao cannot write.",
            ".TP", "130", "Interrupted; no half-written file is left.",
        ]
        return roff.joined(separator: "\n") + "\n"
    }

    /// Every subcommand, nested ones after their parent.
    private static func commands(_ types: [ParsableCommand.Type], path: [String]) -> [(type: ParsableCommand.Type, path: [String])] {
        types.flatMap { type -> [(type: ParsableCommand.Type, path: [String])] in
            let name = type.configuration.commandName ?? String(describing: type).lowercased()
            return [(type, path + [name])] + commands(type.configuration.subcommands, path: path + [name])
        }
    }

    /// Help text kept as laid out (no filling), escaped for roff.
    private static func block(_ text: String) -> [String] {
        [".nf"] + text.split(separator: "\n", omittingEmptySubsequences: false).map { escaped(String($0)) } + [".fi"]
    }

    private static func escaped(_ line: String) -> String {
        let text = line.replacingOccurrences(of: "\\", with: "\\e")
        return text.hasPrefix(".") || text.hasPrefix("'") ? "\\&" + text : text
    }
}
