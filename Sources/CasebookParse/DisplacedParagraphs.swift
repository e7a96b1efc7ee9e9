/// A paragraph the page's column layout printed inside another article, found by its evidence:
/// - it stops mid-sentence (its host's next paragraph does not need it);
/// - a later article opens mid-sentence: its first paragraph names none of the places its headline names
///   (a news lead names its subject), and does not open with 本报讯;
/// - the paragraph names that later article's place, and none of its host's.
/// Each such paragraph is reported at its line. It is moved to the start of the later article only when the
/// evidence is unambiguous (one paragraph, one article); both articles then say so in their notices.
enum DisplacedParagraphs {
    static func find(in articles: inout [Article], context: inout ParseContext) {
        var moves: [(paragraph: SourceLine, host: Int, target: Int)] = []
        for (h, host) in articles.enumerated() {
            for p in host.paragraphs where p.text.count > Threshold.newsParagraphMinLength && !Text.endsSentence(p.text) {
                guard !host.places.contains(where: { p.text.contains($0) }) else { continue }
                let targets = articles.indices.filter { t in
                    t > h && opensMidSentence(articles[t]) && articles[t].places.contains { p.text.contains($0) }
                }
                guard let t = targets.first else { continue }
                moves.append((p, h, t))
                if targets.count > 1 {
                    context.warn("news.displaced-paragraph", variant: "several-articles", line: p.number)
                    moves.removeLast()
                }
            }
        }
        for m in moves {
            let target = articles[m.target]
            let opening = target.paragraphs.first!
            let unambiguous = moves.filter { $0.target == m.target }.count == 1
            let named = target.places.filter { m.paragraph.text.contains($0) }.joined(separator: "、")
            let args = ["places": named, "title": target.title, "headline": "\(target.headline.number)", "opening": "\(opening.number)"]
            guard unambiguous else {
                context.warn("news.displaced-paragraph", variant: "kept", args, line: m.paragraph.number)
                continue
            }
            context.warn("news.displaced-paragraph", variant: "moved", args, line: m.paragraph.number)
            articles[m.host].content.removeAll { $0.number == m.paragraph.number }
            let at = articles[m.target].content.firstIndex { $0.number == opening.number }!
            articles[m.target].content.insert(m.paragraph, at: at)
            let excerpt = String(m.paragraph.text.prefix(Threshold.noticeExcerptLength))
            articles[m.host].notices.append("原文第\(m.paragraph.number)行的一段（“\(excerpt)……”）因报纸分栏印在本篇之中，按其文意与所述地点移至《\(target.title)》一文开头。")
            articles[m.target].notices.append("本篇开头一段（原文第\(m.paragraph.number)行，“\(excerpt)……”）因报纸分栏印在《\(articles[m.host].title)》一文之中，已按文意移回本篇，与原第\(opening.number)行连成一句。")
        }
    }

    /// An article whose first paragraph names none of its headline's places and is no 本报讯 lead starts in the
    /// middle of a sentence begun elsewhere.
    static func opensMidSentence(_ a: Article) -> Bool {
        guard let first = a.paragraphs.first, !a.places.isEmpty else { return false }
        return !first.text.hasPrefix("本报") && !a.places.contains { first.text.contains($0) }
    }
}
