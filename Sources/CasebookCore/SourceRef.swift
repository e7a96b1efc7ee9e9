/// Where a case came from.
public struct SourceRef: Hashable, Sendable, Codable {
    public var file: String
    public var lines: LineRange
    public init(file: String, lines: LineRange) {
        self.file = file
        self.lines = lines
    }
}
