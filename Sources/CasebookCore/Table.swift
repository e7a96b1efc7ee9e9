public struct Table: Hashable, Sendable, Codable {
    public var caption: String?
    public var header: [String]
    public var rows: [[String]]
    public init(caption: String? = nil, header: [String], rows: [[String]]) {
        self.caption = caption
        self.header = header
        self.rows = rows
    }
}
