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

    /// The lines of a text as received, split at LF, CRLF or a lone CR (over the UTF-8 bytes: Foundation's
    /// replacing and splitting are slow on Linux); a final line end ends the last line, it does not start another.
    static func rawLines(_ text: String) -> [String] {
        var lines: [String] = []
        var utf8 = text.utf8[...]
        while !utf8.isEmpty {
            if let end = utf8.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) {
                lines.append(String(decoding: utf8[..<end], as: UTF8.self))
                var next = utf8.index(after: end)
                if utf8[end] == 0x0D, next < utf8.endIndex, utf8[next] == 0x0A { next = utf8.index(after: next) }
                utf8 = utf8[next...]
            } else {
                lines.append(String(decoding: utf8, as: UTF8.self))
                break
            }
        }
        return lines
    }

    /// A lone page number: `58`, `—5—`, `- 12 -`.
    var isPageNumber: Bool { text.matches(#"^[—－\-–]*\s*[0-9]{1,3}\s*[—－\-–]*$"#) }
}
