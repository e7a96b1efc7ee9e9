/// A fact about a source document with how we know it.
public struct Fact<Value: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    public enum Basis: String, Hashable, Sendable, Codable {
        /// The text itself says it.
        case stated
        /// It comes from outside the text (the metadata file says from where).
        case attributed
    }
    public var value: Value
    public var basis: Basis
    public init(_ value: Value, _ basis: Basis) {
        self.value = value
        self.basis = basis
    }
    public var isAttributed: Bool { basis == .attributed }
}
