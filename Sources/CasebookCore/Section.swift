public struct Section: Hashable, Sendable, Codable {
    /// The heading as printed (`一、主要做法`), or nil for the lead text before the first heading.
    public var heading: String?
    /// The source line the heading is printed on; nil for the lead text and for headings the text does not print
    /// (a task table's `主要内容` is its column's name).
    public var line: Int?
    public var blocks: [Block]
    public init(heading: String?, line: Int? = nil, blocks: [Block] = []) {
        self.heading = heading
        self.line = line
        self.blocks = blocks
    }
}
