public struct Section: Hashable, Sendable, Codable {
    /// The heading as printed (`一、主要做法`), or nil for the lead text before the first heading.
    public var heading: String?
    public var blocks: [Block]
    public init(heading: String?, blocks: [Block] = []) {
        self.heading = heading
        self.blocks = blocks
    }
}
