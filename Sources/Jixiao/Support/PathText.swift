/// A path's parts read off its text, as the shell would name them. A batch names and checks
/// several paths for every form it reads, and a URL or NSString built for each costs more than
/// reading a small form's cells; these look at the bytes only, touching no disk.
public enum PathText {
    /// The last name in the path ("b.yaml" of "a/b.yaml"), trailing slashes aside.
    public static func lastName(_ path: String) -> Substring {
        var end = path.utf8.endIndex
        while end > path.utf8.startIndex, path.utf8[path.utf8.index(before: end)] == slash { end = path.utf8.index(before: end) }
        let trimmed = path[..<end]
        guard let cut = trimmed.utf8.lastIndex(of: slash) else { return trimmed }
        return trimmed[trimmed.utf8.index(after: cut)...]
    }

    /// The folder holding the path's last name, with no trailing slash: "." for a bare name,
    /// "/" for a name at the root.
    public static func folder(of path: String) -> String {
        guard let cut = path.utf8.lastIndex(of: slash) else { return "." }
        return cut == path.utf8.startIndex ? "/" : String(path[..<cut])
    }

    /// The extension of the last name, lowercased: "" for none, or for a name that only starts
    /// with a dot (".yaml").
    public static func fileExtension(_ path: String) -> String {
        let name = lastName(path)
        guard let dot = name.utf8.lastIndex(of: dot), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...]).lowercased()
    }

    /// The last name without its extension ("b" of "a/b.yaml"; "a." keeps its dot, as it has none).
    public static func stem(_ path: String) -> Substring {
        let name = lastName(path)
        guard let dot = name.utf8.lastIndex(of: dot), dot != name.startIndex, name.utf8.index(after: dot) != name.endIndex else { return name }
        return name[..<dot]
    }

    /// `name` inside `folder`.
    public static func joined(_ folder: String, _ name: String) -> String {
        folder.isEmpty ? name : folder.utf8.last == slash ? folder + name : folder + "/" + name
    }

    private static let slash = UInt8(ascii: "/")
    private static let dot = UInt8(ascii: ".")
}
