import CasebookCore

extension Catalog {
    /// Page descriptions (meta and Open Graph) take at most this many characters of a case's summary.
    static let descriptionLimit = 120

    /// `广西第二批 · 改革试点经验 第3项`: how readers cite a case.
    func citationLabel(_ c: Case) -> String {
        let b = batchOf[c.id]?.label ?? ""
        if c.kind == .news { return "\(b) · 第\(c.number)篇" }
        return "\(b) · \(c.kind.rawValue) 第\(c.number)项"
    }

    /// The sentence a reader pastes: issuer, document (and batch, when its title does not say it), item and title,
    /// providers, year; the facts the text does not state are named. It names the publication, never a working file:
    /// the source file and lines are given by the link to the source page beside it.
    func citation(_ c: Case) -> String {
        // Made once per case: every page, handbook section, reference and card of a case cites it.
        guard let memo = identities(citations, for: c) else { return makeCitation(c) }
        return memo.value(c.id) { makeCitation(c) }
    }

    private func makeCitation(_ c: Case) -> String {
        guard let b = batchOf[c.id] else { return c.title }
        let m = b.meta
        // A title quoted inside “…” has its own quotes turned into ‘…’.
        var inner = String.UnicodeScalarView()
        inner.append(contentsOf: c.title.unicodeScalars.lazy.map { $0 == "“" ? "‘" : $0 == "”" ? "’" : $0 })
        let quoted = "“" + String(inner) + "”"
        var document = "\(m.issuer.value)：《\(m.title.value)》"
        // (The standard library's search: Foundation's goes through NSString, slow here since every page cites.)
        let named = !m.batchName.value.isEmpty && m.title.value.firstRange(of: m.batchName.value) != nil
        if m.batchNumber != nil && !named { document += "（\(m.batchName.value)）" }
        var parts = [document]
        if c.kind == .news {
            parts.append("第\(c.number)篇\(quoted)")
            if !c.authors.isEmpty { parts.append(c.authors.joined(separator: "、")) }
        } else {
            parts.append("\(c.kind.rawValue)第\(c.number)项\(quoted)")
        }
        let providers = c.providers.isEmpty ? c.submitters : c.providers
        if !providers.isEmpty { parts.append(providers.joined(separator: "、") + (c.providers.isEmpty ? "报送" : "提供")) }
        parts.append("\(m.year.value)年")
        let attributed = [("文件名称", m.title.isAttributed), ("发布单位", m.issuer.isAttributed), ("层级", m.level.isAttributed),
                          ("批次", m.batchName.isAttributed), ("年份", m.year.isAttributed)].filter(\.1).map(\.0)
        let note = attributed.isEmpty ? "" : "（\(attributed.joined(separator: "、"))原文未载明，据外部资料）"
        return parts.joined(separator: "，") + "。\(note)"
    }
}
