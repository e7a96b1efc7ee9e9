/// A field of the taxonomy: printed labels that map to it, and weighted keywords for the rule.
public struct Field: Hashable, Sendable, Codable {
    /// ASCII name used in URLs (`customs`).
    public var code: String
    public var name: String
    public var aliases: [String]
    public var keywords: [String: Double]
    public init(code: String, name: String, aliases: [String], keywords: [String: Double]) {
        self.code = code
        self.name = name
        self.aliases = aliases
        self.keywords = keywords
    }
}
