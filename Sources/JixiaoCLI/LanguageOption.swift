import ArgumentParser
import Foundation

/// `--lang zh|en`: the language of messages; without it, the locale of `LC_ALL` or `LANG`
/// (zh… Chinese, anything else English), else Chinese.
struct LanguageOption: ParsableArguments {
    @Option(help: ArgumentHelp("Language of messages: zh or en (default: from LC_ALL or LANG, else zh).", valueName: "LANG"))
    var lang: String?

    /// Checked with the command line, and set for the library (`MessageLanguage.current`).
    mutating func validate() throws {
        guard let lang else { return }
        guard ["zh", "en"].contains(lang) else { throw ValidationError("--lang \(lang): say zh or en") }
        setenv("JIXIAO_LANG", lang, 1)
    }
}
