public struct FurnitureLine: Hashable, Sendable, Codable {
    public enum Reason: String, Hashable, Sendable, Codable {
        case tableOfContents = "toc"
        case pageNumber = "page-number"
        case documentHeader = "document-header"
        case partHeading = "part-heading"
        case categoryHeading = "category-heading"
        case tableHeader = "table-header"
    }
    public var line: Int
    public var text: String
    public var reason: Reason
    public init(line: Int, text: String, reason: Reason) {
        self.line = line
        self.text = text
        self.reason = reason
    }
}
