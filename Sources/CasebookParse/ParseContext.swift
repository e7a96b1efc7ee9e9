import CasebookCore

/// Accumulates the parse of one document: furniture and diagnostics.
struct ParseContext {
    let file: String
    var furniture: [FurnitureLine] = []
    var diagnostics: [Diagnostic] = []

    mutating func furniture(_ line: SourceLine, _ reason: FurnitureLine.Reason) {
        furniture.append(FurnitureLine(line: line.number, text: line.text, reason: reason))
    }

    mutating func warn(_ id: String, _ message: String, line: Int) {
        diagnostics.append(Diagnostic(.warning, id, message, at: SourceLocation(file: file, line: line)))
    }

    mutating func error(_ id: String, _ message: String, line: Int) {
        diagnostics.append(Diagnostic(.error, id, message, at: SourceLocation(file: file, line: line)))
    }
}
