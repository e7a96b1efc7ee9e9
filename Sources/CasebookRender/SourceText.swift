import CasebookCore

/// A source text as received, with the lines its parse set aside as furniture: what a source page shows.
public struct SourceText: Sendable {
    /// The text: held, or read again from where it came from each time it is asked for (a build does not hold every
    /// source text through the render: at 100k cases they are a third of a gigabyte, asked for twice each).
    public var text: String {
        get throws {
            switch storage {
            case .held(let text): text
            case .reading(let read): try read()
            }
        }
    }
    public var furniture: [FurnitureLine]
    /// The layout the parse found: it tells what kind of publication the text is (a compilation, a report…).
    public var layout: Layout?

    private enum Storage: Sendable {
        case held(String)
        case reading(@Sendable () throws -> String)
    }
    private var storage: Storage

    public init(text: String, furniture: [FurnitureLine], layout: Layout? = nil) {
        storage = .held(text)
        self.furniture = furniture
        self.layout = layout
    }

    /// A text read by `read` whenever it is asked for; `read` throws when the text is no longer the one the build
    /// parsed.
    public init(reading read: @escaping @Sendable () throws -> String, furniture: [FurnitureLine], layout: Layout? = nil) {
        storage = .reading(read)
        self.furniture = furniture
        self.layout = layout
    }

    /// The lines as the parser numbers them: `\r\n` and `\r` end a line like `\n`; a final line break ends the last
    /// line rather than starting an empty one.
    public var lines: [String] { get throws { ByteText.lines(try text) } }
}
