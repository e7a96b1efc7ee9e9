/// A place in an input file (1-based line; column optional).
public struct SourceLocation: Hashable, Sendable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int?

    public init(file: String, line: Int, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String {
        if let column { return "\(file):\(line):\(column)" }
        return "\(file):\(line)"
    }
}

/// An inclusive range of 1-based line numbers in a source file.
public struct LineRange: Hashable, Sendable, Codable, CustomStringConvertible {
    public var first: Int
    public var last: Int
    public init(_ first: Int, _ last: Int) {
        self.first = first
        self.last = max(first, last)
    }
    public var description: String { first == last ? "\(first)" : "\(first)–\(last)" }
    public func contains(_ line: Int) -> Bool { line >= first && line <= last }
}
