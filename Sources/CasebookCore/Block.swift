/// A block of content inside a section.
public enum Block: Hashable, Sendable, Codable {
    case paragraph(String)
    /// A numbered or lead-in sub-heading printed on a line of its own, e.g. `（一）…。`
    case subheading(String)
    case table(Table)
}
