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
        let lines = rawLines(text)
        return lines.enumerated().map { i, raw in
            var t = raw
            // Word bookmarks and similar extraction markup: `[bookmark: _GoBack]`.
            if t.utf8.contains(0x5B), t.contains("[bookmark"), let r = t.range(of: #"\[bookmark: [^\]]*\]"#, options: .regularExpression) { t.removeSubrange(r) }
            return SourceLine(number: i + 1, raw: raw, text: Text.repair(Text.trim(t)))
        }
    }

    /// The lines of a text as received (`ByteText.lines`, shared with the source pages).
    static func rawLines(_ text: String) -> [String] { ByteText.lines(text) }

    /// A lone page number: `58`, `—5—`, `- 12 -`.
    var isPageNumber: Bool { text.matches(#"^[—－\-–]*\s*[0-9]{1,3}\s*[—－\-–]*$"#) }
}
