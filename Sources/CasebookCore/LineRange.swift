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
