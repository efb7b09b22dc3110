/// Collects a text reader's repairs and unplaced content as positioned warnings.
struct TextDiagnostics {
    let file: String
    private(set) var items: [Diagnostic] = []

    init(file: String) { self.file = file }

    func position(_ line: Int) -> SourcePosition { SourcePosition(file: file, line: line) }

    mutating func warn(_ id: String, _ message: String, line: Int, value: String? = nil) {
        items.append(Diagnostic(.warning, id, message, at: position(line), value: value))
    }

    mutating func append(_ other: TextDiagnostics) {
        items += other.items
    }

    mutating func note(_ id: String, _ message: String, line: Int, value: String? = nil) {
        items.append(Diagnostic(.info, id, message, at: position(line), value: value))
    }
}
