import CasebookCore

/// Accumulates the parse of one document: furniture and diagnostics.
struct ParseContext {
    let file: String
    var furniture: [FurnitureLine] = []
    var diagnostics: [Diagnostic] = []

    mutating func furniture(_ line: SourceLine, _ reason: FurnitureLine.Reason) {
        furniture.append(FurnitureLine(line: line.number, text: line.text, reason: reason))
    }

    /// A warning whose words come from `DiagnosticCatalog` (`id` or `id/variant`), filled with `args`.
    mutating func warn(_ id: String, variant: String? = nil, _ args: [String: String] = [:], line: Int) {
        diagnostics.append(Diagnostic(.warning, id, variant: variant, args: args, at: SourceLocation(file: file, line: line)))
    }

    mutating func error(_ id: String, variant: String? = nil, _ args: [String: String] = [:], line: Int) {
        diagnostics.append(Diagnostic(.error, id, variant: variant, args: args, at: SourceLocation(file: file, line: line)))
    }

    /// The start of a line, for messages.
    static func excerpt(_ text: String) -> String { String(text.prefix(Threshold.excerptLength)) }
}
