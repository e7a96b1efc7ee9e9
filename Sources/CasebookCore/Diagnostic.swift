/// A problem found in the input, as data. Printed gcc-style: `file:line:col: severity: message [id]`.
///
/// A diagnostic keeps a stable `id` and its structured `arguments`; its words come from `DiagnosticCatalog`, which
/// maps the id (or `id/variant`) to an English and a Chinese template. `message` is the English sentence.
public struct Diagnostic: Error, Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable, Codable, Comparable {
        case note, warning, error
        public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
        private var rank: Int { switch self { case .note: 0; case .warning: 1; case .error: 2 } }

        /// The word printed before the message.
        public func word(in language: Language) -> String {
            switch language {
            case .english: rawValue
            case .chinese: switch self { case .note: "提示"; case .warning: "警告"; case .error: "错误" }
            }
        }
    }

    public var severity: Severity
    /// Stable kebab-case identifier, e.g. `parse.unknown-line`.
    public var id: String
    /// The English sentence.
    public var message: String
    public var location: SourceLocation?
    /// The catalog key of the message's templates (`id` or `id/variant`); nil for a message given as text.
    public var template: String?
    /// The values the templates name in braces (`{number}`).
    public var arguments: [String: String]

    /// A message given as text (not translated): kept for faults whose sentence comes from the system.
    public init(_ severity: Severity, _ id: String, _ message: String, at location: SourceLocation? = nil) {
        self.severity = severity
        self.id = id
        self.message = message
        self.location = location
        self.template = nil
        self.arguments = [:]
    }

    /// A message from the catalog: the templates of `id` (or `id/variant`) filled with `args`.
    public init(_ severity: Severity, _ id: String, variant: String? = nil, args: [String: String] = [:], at location: SourceLocation? = nil) {
        self.init(severity, id, template: variant.map { "\(id)/\($0)" } ?? id, args: args, at: location)
    }

    /// The message in a language (English when the catalog has no template for it).
    /// A diagnostic said by the catalog's template `key` (one template shared by several ids: a fault's kind is in its
    /// id, `write.no-space`, its sentence in `write.cannot-write`).
    public init(_ severity: Severity, _ id: String, template key: String, args: [String: String] = [:], at location: SourceLocation? = nil) {
        self.severity = severity
        self.id = id
        self.template = key
        self.arguments = args
        self.message = DiagnosticCatalog.render(key, args, in: .english) ?? "\(key) \(args.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " "))"
        self.location = location
    }

    public func message(in language: Language) -> String {
        guard language != .english, let template else { return message }
        return DiagnosticCatalog.render(template, arguments, in: language) ?? message
    }

    public var description: String { description(in: .english) }

    public func description(in language: Language) -> String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.word(in: language)): \(message(in: language)) [\(id)]"
    }

    /// `parse.title-unnumbered@818`: how a reviewed warning is named in its document's metadata.
    public var reviewKey: String? { location.map { "\(id)@\($0.line)" } }
}

/// The language diagnostics and summaries are printed in.
public enum Language: String, Sendable, Hashable, CaseIterable {
    case english = "en", chinese = "zh"

    /// Chinese when the locale that governs messages is Chinese: `LC_ALL`, else `LC_MESSAGES`, else `LANG`
    /// (the first one set and not empty, as POSIX reads them), e.g. `zh_CN.UTF-8`; English otherwise.
    public static func from(environment: [String: String]) -> Language {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let value = environment[name], !value.isEmpty {
                return value.lowercased().hasPrefix("zh") ? .chinese : .english
            }
        }
        return .english
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
