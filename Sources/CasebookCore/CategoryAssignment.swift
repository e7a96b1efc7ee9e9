/// How a case got its field (category).
public enum CategorySource: String, Hashable, Sendable, Codable {
    /// Printed in the source as a category heading.
    case official
    /// Assigned by the keyword rule.
    case rule
    /// Set by an editor in the override file.
    case editor
}

public struct CategoryAssignment: Hashable, Sendable, Codable {
    /// One of the taxonomy's field names.
    public var name: String
    public var source: CategorySource
    /// The label as printed in the source, when there is one.
    public var officialLabel: String?
    /// Why: matched keywords with their scores, or the editor's note.
    public var reason: String
    /// A close second field, when the rule's scores are near.
    public var secondary: String?
    public var matchedKeywords: [String]
    public init(name: String, source: CategorySource, officialLabel: String?, reason: String,
                secondary: String? = nil, matchedKeywords: [String] = []) {
        self.name = name
        self.source = source
        self.officialLabel = officialLabel
        self.reason = reason
        self.secondary = secondary
        self.matchedKeywords = matchedKeywords
    }
}
