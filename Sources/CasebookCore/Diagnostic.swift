/// A problem found in the input, as data. Printed gcc-style: `file:line:col: severity: message [id]`.
public struct Diagnostic: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable, Codable, Comparable {
        case note, warning, error
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
        private var rank: Int { switch self { case .note: 0; case .warning: 1; case .error: 2 } }
    }

    public var severity: Severity
    /// Stable kebab-case identifier, e.g. `parse.unknown-line`.
    public var id: String
    public var message: String
    public var location: SourceLocation?

    public init(_ severity: Severity, _ id: String, _ message: String, at location: SourceLocation? = nil) {
        self.severity = severity
        self.id = id
        self.message = message
        self.location = location
    }

    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(message) [\(id)]"
    }
}

extension Array where Element == Diagnostic {
    public var hasErrors: Bool { contains { $0.severity == .error } }
    /// Sorted by file, line, column, then id: the order they are printed in.
    public func sortedForOutput() -> [Diagnostic] {
        sorted { a, b in
            let la = a.location ?? SourceLocation(file: "", line: 0)
            let lb = b.location ?? SourceLocation(file: "", line: 0)
            if la.file != lb.file { return la.file < lb.file }
            if la.line != lb.line { return la.line < lb.line }
            if (la.column ?? 0) != (lb.column ?? 0) { return (la.column ?? 0) < (lb.column ?? 0) }
            return (a.id, a.message) < (b.id, b.message)
        }
    }
}
