/// The texts of a line whose columns are aligned with spaces: split at runs of spaces at least two
/// columns wide (a single space stays inside a text), each with the column it starts at and the
/// one after its end, columns counted by `width` (display width for typed text, one per
/// character for a PDF's layout).
enum SpacedFields {
    struct Field {
        var text: String
        var start: Int
        var end: Int
    }

    static func split(_ line: String, width: (Character) -> Int) -> [Field] {
        var fields: [Field] = []
        var current = ""
        var start = 0
        var column = 0
        var spaces = 0
        for character in line {
            if character == " " || character == "\u{3000}" {
                spaces += width(character)
            } else {
                if spaces >= 2 || current.isEmpty {
                    if !current.isEmpty { fields.append(Field(text: current, start: start, end: column - spaces)) }
                    current = ""
                    start = column
                } else if spaces == 1 {
                    current.append(" ")
                }
                spaces = 0
                current.append(character)
            }
            column += width(character)
        }
        if !current.isEmpty { fields.append(Field(text: current, start: start, end: column - spaces)) }
        return fields
    }
}
