import CasebookCore

/// A source text as received, with the lines its parse set aside as furniture: what a source page shows.
public struct SourceText: Sendable {
    public var text: String
    public var furniture: [FurnitureLine]
    public init(text: String, furniture: [FurnitureLine]) {
        self.text = text
        self.furniture = furniture
    }

    /// The lines as the parser numbers them: `\r\n` and `\r` end a line like `\n`; a final line break ends the last
    /// line rather than starting an empty one.
    public var lines: [String] {
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n").components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
