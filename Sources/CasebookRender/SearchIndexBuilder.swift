import CasebookCore
import CasebookTemplates
import Foundation

/// The site's search index, from the catalog: what of each case is searchable, and the order facets are listed in.
/// The index itself (format, sharding) is `SearchIndex`; the rules for reading text are `SearchText`.
struct SearchIndexBuilder {
    let catalog: Catalog

    func files() -> [OutputFile] { build().files }

    /// The index; with `memo`, patched from the previous build's index where that is possible.
    func build(memo: (any SearchIndexMemo)? = nil) -> SearchIndex.Built { index().build(memo: memo) }

    /// The index written to `sink` as it is made.
    func write(into sink: some OutputSink, memo: (any SearchIndexMemo)?) throws {
        try index().build(memo: memo, into: sink).write(into: sink)
    }

    func index() -> SearchIndex {
        SearchIndex(documents: documents(), order: order(), equivalents: catalog.input.reference.searchEquivalents)
    }

    func documents() -> [SearchDocument] {
        let catalog = self.catalog
        return Parallel.map(catalog.input.cases) { c in
            let label = catalog.citationLabel(c), batch = catalog.batchOf[c.id]?.label ?? ""
            // The case's key (its text, metadata, what the corpus gave it) and what the catalog adds: the document is
            // the same whenever they are, and its text is then never made.
            let key = catalog.fileKey("search document", c).map { k -> String in
                var bytes = k
                CanonicalBytes.appendString(label, to: &bytes)
                CanonicalBytes.appendString(batch, to: &bytes)
                return "k" + ByteText.hex(SHA256.hash(data: bytes))
            }
            return SearchDocument(id: c.id, url: Paths.casePage(c.id), title: c.title, label: label,
                                  makeText: { SearchIndexBuilder.text(c) }, batch: batch, kind: c.kind.rawValue,
                                  field: c.category?.name ?? "", zones: c.zones, units: c.units.map(\.name), key: key)
        }
    }

    /// Everything on a case's page that is the case's own text, besides its title: body first (snippets come from the
    /// first hit), then kicker, units, scope and authors. The summary is the body's first paragraph, so it is taken
    /// once (counted twice, it would show twice in snippets and double the density of whatever it says).
    static func text(_ c: Case) -> String {
        var sectionsOnly = c
        sectionsOnly.summary = nil
        // A heading the text does not print (a task table's column name, 主要内容) is not the case's words: a snippet
        // would start with it.
        var sections = c.sections
        for i in sections.indices where sections[i].line == nil { sections[i].heading = nil }
        sectionsOnly.sections = sections
        var body = sectionsOnly.bodyText
        // Over bytes: Foundation's `contains` went through NSString, a tenth of a second at 10k cases.
        if let summary = c.summary, !ByteText(body).contains(summary) { body = summary + "\n" + body }
        var parts = [body]
        if let k = c.kicker { parts.append(k) }
        for units in [c.providers, c.submitters, c.leadUnits, c.responsibleUnits] where !units.isEmpty {
            parts.append(units.joined(separator: "、"))
        }
        if let s = c.scope { parts.append(s) }
        if !c.authors.isEmpty { parts.append(c.authors.joined(separator: "、")) }
        // A blank line between the parts: a snippet ends where its part ends, never running into a list of units.
        return parts.filter { !$0.isEmpty }.joined(separator: "\n\n")
    }

    func order() -> SearchFacetOrder {
        var o = SearchFacetOrder()
        for b in catalog.batches where !o.batches.contains(b.label) { o.batches.append(b.label) }
        o.fields = catalog.input.reference.fields.map(\.name) + [""]
        for z in catalog.input.reference.zones {
            o.zones.append(ZoneRef(ftz: z.short))
            for a in z.areas { o.zones.append(ZoneRef(ftz: z.short, area: a)) }
        }
        return o
    }
}
