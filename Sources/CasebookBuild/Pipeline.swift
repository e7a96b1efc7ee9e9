import CasebookCore
import CasebookEnrich
import CasebookParse
import Foundation

/// The model a site is rendered from: every case, enriched, with the documents they come from.
public struct Corpus: Sendable {
    public var documents: [SourceDocument]
    public var parsed: [ParsedDocument]
    public var cases: [Case]
    public var reference: ReferenceData
    public var diagnostics: [Diagnostic]
}

/// load → parse → enrich.
public enum Pipeline {
    public static func loadCorpus(content: String) -> Corpus {
        let loaded = ContentLoader().load(content: content)
        var diagnostics = loaded.diagnostics
        var parsed: [ParsedDocument] = []
        var cases: [Case] = []
        // Documents are parsed each on its own, in parallel; the results in document order.
        for p in Parallel.map(loaded.documents, Parser.parse) {
            parsed.append(p)
            diagnostics += p.diagnostics
            cases += p.cases
        }
        let metadata = Dictionary(uniqueKeysWithValues: loaded.documents.map { ($0.file, $0.metadata) })
        let enriched = Enricher(reference: loaded.reference).enrich(cases, documents: metadata)
        diagnostics += enriched.diagnostics
        return Corpus(documents: loaded.documents, parsed: parsed, cases: enriched.cases, reference: loaded.reference,
                      diagnostics: diagnostics.sortedForOutput())
    }
}
