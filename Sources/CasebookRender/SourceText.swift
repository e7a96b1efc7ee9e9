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
    public var lines: [String] {
        var lines: [String] = []
        var text = text
        text.withUTF8 { bytes in
            var start = 0
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b == 0x0A || b == 0x0D {
                    lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self))
                    if b == 0x0D && i + 1 < bytes.count && bytes[i + 1] == 0x0A { i += 1 }
                    start = i + 1
                }
                i += 1
            }
            lines.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self))
        }
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
