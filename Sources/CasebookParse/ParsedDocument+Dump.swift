import CasebookCore

extension ParsedDocument {
    /// A readable dump of the parse, one case a few lines, used by golden tests and `casebook check --dump`.
    public func dump() -> String {
        var out = "# \(file)  layout: \(layout.rawValue)  cases: \(cases.count)  furniture lines: \(furniture.count)\n"
        for c in cases {
            out += "\n\(c.id) @\(c.source.lines.first)-\(c.source.lines.last) \(c.kind.rawValue) #\(c.number)\n"
            out += "  title: \(c.title)\n"
            if let k = c.kicker { out += "  kicker: \(k)\n" }
            if let p = c.part { out += "  part: \(p)\n" }
            if let p = c.printedCategory { out += "  printed category: \(p)\n" }
            if !c.providers.isEmpty { out += "  providers: \(c.providers.joined(separator: " | "))\n" }
            if !c.submitters.isEmpty { out += "  submitters: \(c.submitters.joined(separator: " | "))\n" }
            if !c.leadUnits.isEmpty { out += "  lead: \(c.leadUnits.joined(separator: " | "))\n" }
            if !c.responsibleUnits.isEmpty { out += "  responsible: \(c.responsibleUnits.joined(separator: " | "))\n" }
            if let s = c.scope { out += "  scope: \(s)\n" }
            if !c.authors.isEmpty { out += "  authors: \(c.authors.joined(separator: " | "))\n" }
            for n in c.notices { out += "  notice: \(n)\n" }
            for s in c.sections {
                out += "  § \(s.heading ?? "(lead)")\n"
                for b in s.blocks {
                    switch b {
                    case .paragraph(let p): out += "    ¶ \(clip(p))\n"
                    case .subheading(let h): out += "    ◆ \(h)\n"
                    case .table(let t):
                        out += "    ▦ \(t.caption ?? "(table)") [\(t.header.joined(separator: " | "))] \(t.rows.count) rows\n"
                        for r in t.rows { out += "      | \(r.map { clip($0, cellClip) }.joined(separator: " | "))\n" }
                    }
                }
            }
        }
        return out
    }
}

/// A dump shows the start and end of long text (enough to see where a paragraph breaks) and its length.
private let paragraphClip = 16
private let cellClip = 12

private func clip(_ s: String, _ n: Int = paragraphClip) -> String {
    s.count <= n + 6 ? s : "\(s.prefix(n))…\(s.suffix(4)) (\(s.count))"
}
