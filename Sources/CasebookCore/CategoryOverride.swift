public struct CategoryOverride: Hashable, Sendable, Codable {
    public var field: String
    public var reason: String
    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }
}
