/// A block of content inside a section.
public enum Block: Hashable, Sendable, Codable {
    case paragraph(String)
    /// A numbered or lead-in sub-heading printed on a line of its own, e.g. `（一）…。`
    case subheading(String)
    case table(Table)

    /// Encoded as a pair, `["p", text]`, `["h", text]` or `["t", table]` (the parse cache holds hundreds of thousands
    /// of blocks; the synthesized form, `{"paragraph":{"_0":text}}`, took two keyed containers to read each).
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.unkeyedContainer()
        switch self {
        case .paragraph(let p): try c.encode("p"); try c.encode(p)
        case .subheading(let h): try c.encode("h"); try c.encode(h)
        case .table(let t): try c.encode("t"); try c.encode(t)
        }
    }

    public init(from decoder: any Decoder) throws {
        var c = try decoder.unkeyedContainer()
        switch try c.decode(String.self) {
        case "p": self = .paragraph(try c.decode(String.self))
        case "h": self = .subheading(try c.decode(String.self))
        case "t": self = .table(try c.decode(Table.self))
        case let tag: throw DecodingError.dataCorruptedError(in: c, debugDescription: "a block of unknown kind \(tag)")
        }
    }
}
