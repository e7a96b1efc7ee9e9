import CasebookCore

/// One line of a source text: its 1-based number, the raw text, and the repaired, trimmed text.
struct SourceLine: Hashable, Sendable {
    let number: Int
    let raw: String
    let text: String
    var isBlank: Bool { text.isEmpty }
    /// A cell of a tab-separated table starts with a tab.
    var startsCell: Bool { raw.hasPrefix("\t") }

    static func split(_ text: String) -> [SourceLine] {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
        var lines = normalized.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines.enumerated().map { i, raw in
            var t = raw
            // Word bookmarks and similar extraction markup: `[bookmark: _GoBack]`.
            if let r = t.range(of: #"\[bookmark: [^\]]*\]"#, options: .regularExpression) { t.removeSubrange(r) }
            return SourceLine(number: i + 1, raw: raw, text: Text.repair(Text.trim(t)))
        }
    }

    /// A lone page number: `58`, `—5—`, `- 12 -`.
    var isPageNumber: Bool { text.matches(#"^[—－\-–]*\s*[0-9]{1,3}\s*[—－\-–]*$"#) }
}
