import CasebookCore

/// Layout (d): a news page. `#` marks a headline; a short line just above a headline is its kicker
/// (引题); `□ 名字` under a headline and `（名字）` closing an article are bylines.
struct NewsParser {
    let document: SourceDocument

    static let leadingByline = #"^[□■◇◆]\s*(.+)$"#
    static let closingByline = #"^[（(]\s*([^（()）。，]{2,30})\s*[)）]$"#

    func parse(_ lines: [SourceLine], context: inout ParseContext) -> [Case] {
        let heads = lines.indices.filter { lines[$0].text.matches(Pattern.headline) }
        guard let firstHead = heads.first else {
            context.error("parse.no-headline", line: 1)
            return []
        }
        var kickers: [Int: SourceLine] = [:]  // headline index → kicker line
        // Lines before the first headline (other than a kicker) are page furniture.
        var preambleEnd = firstHead
        if let k = kickerLine(before: firstHead, lines, after: -1) { kickers[firstHead] = k; preambleEnd = k.number - 1 }
        for line in lines[..<preambleEnd] where !line.isBlank { context.furniture(line, .documentHeader) }

        var articles: [Article] = []
        for (n, h) in heads.enumerated() {
            let end = n + 1 < heads.count ? heads[n + 1] : lines.count
            var last = end
            if n + 1 < heads.count, let k = kickerLine(before: heads[n + 1], lines, after: h) {
                kickers[heads[n + 1]] = k
                last = lines.firstIndex { $0.number == k.number } ?? end
            }
            var content = Array(lines[(h + 1)..<last])
            var authors: [String] = []
            if let first = content.firstIndex(where: { !$0.isBlank }), let m = Text.trim(content[first].raw).captures(Self.leadingByline) {
                authors += names(m[0])
                content.remove(at: first)
            }
            if let lastIdx = content.lastIndex(where: { !$0.isBlank }), let m = Text.trim(content[lastIdx].raw).captures(Self.closingByline) {
                authors += names(m[0])
                content.remove(at: lastIdx)
            }
            var lastLine = lines[h].number
            if let l = lines[(h + 1)..<last].last(where: { !$0.isBlank }) { lastLine = l.number }
            articles.append(Article(headline: lines[h], title: lines[h].text.captures(Pattern.headline)?[0] ?? lines[h].text,
                                    kicker: kickers[h], authors: authors, content: content, lastLine: lastLine))
        }
        DisplacedParagraphs.find(in: &articles, context: &context)

        var cases: [Case] = []
        for (n, a) in articles.enumerated() {
            let number = n + 1
            var c = Case(id: Numbering.caseID(slug: document.metadata.slug, kind: .news, number: number), title: a.title, kind: .news,
                         number: number, source: SourceRef(file: document.file, lines: LineRange(a.kicker?.number ?? a.headline.number, a.lastLine)))
            c.kicker = a.kicker?.text
            c.authors = a.authors
            c.notices = a.notices
            warnInterleaved(a.content, context: &context)
            c.sections = SectionBuilder(wrapWidth: nil).build(a.content, context: &context)
            c.summary = SectionBuilder.leadSummary(c.sections)
            cases.append(c)
        }
        return cases
    }

    /// Lines of a news page are whole paragraphs. Two long lines in a row that both stop mid-sentence mean the
    /// extraction interleaved columns: the text is kept in source order, and the reader is told where to look.
    func warnInterleaved(_ lines: [SourceLine], context: inout ParseContext) {
        let full = lines.filter { !$0.isBlank }
        for (a, b) in zip(full, full.dropFirst()) where a.text.count > Threshold.newsParagraphMinLength && b.text.count > Threshold.newsParagraphMinLength && !Text.endsSentence(a.text) && !Text.endsSentence(b.text) {
            context.warn("parse.interleaved-text", ["first": "\(a.number)", "second": "\(b.number)"], line: b.number)
        }
    }

    /// A kicker: the last non-blank line before a headline, short and not a sentence, and not the
    /// closing byline of the article above.
    func kickerLine(before head: Int, _ lines: [SourceLine], after previousHead: Int) -> SourceLine? {
        var j = head - 1
        while j > previousHead && lines[j].isBlank { j -= 1 }
        guard j > previousHead else { return nil }
        let t = lines[j].text
        guard t.count <= Threshold.kickerMaxLength, !Text.endsSentence(t), !t.matches(Self.closingByline), !t.matches(Pattern.headline) else { return nil }
        // The line above the kicker must end the previous article (or be the page's start).
        var k = j - 1
        while k > previousHead && lines[k].isBlank { k -= 1 }
        if k > previousHead && !(Text.endsSentence(lines[k].text) || lines[k].text.matches(Self.closingByline)) { return nil }
        return lines[j]
    }

    /// `熊 辉 强子珊` → 熊辉, 强子珊: a two-character name is padded with a space to three.
    func names(_ s: String) -> [String] {
        let tokens = s.split(separator: " ").map(String.init)
        var out: [String] = []
        var k = 0
        while k < tokens.count {
            if tokens[k].count == 1, k + 1 < tokens.count, tokens[k + 1].count == 1 {
                out.append(tokens[k] + tokens[k + 1])
                k += 2
            } else {
                out.append(tokens[k])
                k += 1
            }
        }
        return out
    }
}
