import CasebookCore

/// A source text as received, with the lines its parse set aside as furniture: what a source page shows.
public struct SourceText: Sendable {
    public var text: String
    public var furniture: [FurnitureLine]
    /// The layout the parse found: it tells what kind of publication the text is (a compilation, a report…).
    public var layout: Layout?
    public init(text: String, furniture: [FurnitureLine], layout: Layout? = nil) {
        self.text = text
        self.furniture = furniture
        self.layout = layout
    }

    /// The lines as the parser numbers them: `\r\n` and `\r` end a line like `\n`; a final line break ends the last
    /// line rather than starting an empty one.
    public var lines: [String] { ByteText.lines(text) }
}
