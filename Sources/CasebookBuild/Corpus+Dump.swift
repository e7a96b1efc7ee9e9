import CasebookCore
import CasebookParse

extension Corpus {
    /// The parse of every document (`casebook check --dump`), then one line per case with what enrichment made of it.
    public func dump() -> String {
        var lines = parsed.map { $0.dump() }
        lines.append("# enrichment")
        for c in cases {
            let zones = c.zones.map { z in z.area.map { "\(z.ftz)/\($0)" } ?? z.ftz }.joined(separator: " ")
            let field = c.category.map { k in "\(k.name) [\(k.source.rawValue)]" + (k.secondary.map { " ~" + $0 } ?? "") } ?? "-"
            lines.append("\(c.id)  zones: \(zones)  field: \(field)  related: \(c.related.joined(separator: " "))")
        }
        return lines.joined(separator: "\n")
    }
}
