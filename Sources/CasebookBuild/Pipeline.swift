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
    /// Per text: how many warnings its metadata marks as reviewed (not printed, not failing `--strict`).
    public var reviewed: [String: Int] = [:]
}

/// load → parse → enrich.
public enum Pipeline {
    public static func loadCorpus(content: String, timings: Timings = Timings()) -> Corpus {
        loadCorpus(content: content, timings: timings, corpusCache: nil)
    }

    /// The same; with `corpusCache`, a text parsed by an earlier build with the same bytes and metadata is not parsed
    /// again, nor similar pairs found again for the same titles and summaries (the caller commits the cache once the
    /// build has succeeded). With `spill`, each text's cases are written to it as soon as the text is parsed, and no
    /// case holds its sections in memory (`Case.spillSections`).
    static func loadCorpus(content: String, timings: Timings, corpusCache: CorpusCache?, spill: SectionSpill? = nil) -> Corpus {
        let loaded = timings.measure("load") { ContentLoader().load(content: content) }
        var diagnostics = loaded.diagnostics
        var parsed: [ParsedDocument] = []
        var cases: [Case] = []
        // Documents are parsed each on its own, in parallel; the results in document order.
        let results = timings.measure("parse") {
            Parallel.map(loaded.documents) { d in
                corpusCache?.parse(d, spill: spill, Parser.parse) ?? Self.spilling(Parser.parse(d), to: spill)
            }
        }
        for p in results {
            parsed.append(p)
            diagnostics += p.diagnostics
            cases += p.cases
        }
        let metadata = Dictionary(uniqueKeysWithValues: loaded.documents.map { ($0.file, $0.metadata) })
        let enriched = Enricher(reference: loaded.reference).enrich(cases, documents: metadata, timings: timings, memo: corpusCache, placements: corpusCache)
        corpusCache?.releaseParses()
        // A text whose metadata failed gets no per-case consequences of that failure (no zone for each case).
        diagnostics += enriched.diagnostics.filter { d in !(d.location.map { loaded.metadataFailed.contains($0.file) } ?? false) }
        let (kept, reviewed) = applyReviews(diagnostics, loaded)
        var corpus = Corpus(documents: loaded.documents, parsed: parsed, cases: enriched.cases, reference: loaded.reference,
                            diagnostics: kept.sortedForOutput())
        corpus.reviewed = reviewed
        return corpus
    }

    /// `parsed` with its cases' sections written to `spill` (as it is without one).
    static func spilling(_ parsed: ParsedDocument, to spill: SectionSpill?) -> ParsedDocument {
        guard let spill else { return parsed }
        var parsed = parsed
        for i in parsed.cases.indices { parsed.cases[i].spillSections(to: spill) }
        return parsed
    }

    /// Warnings (and notes) an editor marked as reviewed in the text's metadata (`reviewed: [id@line]`) are set aside;
    /// a review that matches nothing any more is itself a warning, at the `reviewed` line.
    static func applyReviews(_ diagnostics: [Diagnostic], _ loaded: ContentLoader.Loaded) -> (kept: [Diagnostic], reviewed: [String: Int]) {
        var reviews: [String: Set<String>] = [:]
        for d in loaded.documents where !d.metadata.reviewed.isEmpty { reviews[d.file] = Set(d.metadata.reviewed) }
        guard !reviews.isEmpty else { return (diagnostics, [:]) }
        var kept: [Diagnostic] = []
        var used: [String: Set<String>] = [:]
        for d in diagnostics {
            if d.severity != .error, let loc = d.location, let key = d.reviewKey, reviews[loc.file]?.contains(key) == true {
                used[loc.file, default: []].insert(key)
                continue
            }
            kept.append(d)
        }
        for (file, keys) in reviews {
            let metaFile = String(file.dropLast(4)) + ".yaml"
            let line = MetadataReader.line(of: "reviewed", in: loaded.metadataText[file] ?? "")
            for key in keys.subtracting(used[file] ?? []).sorted() {
                kept.append(Diagnostic(.warning, "metadata.stale-review", args: ["review": key, "file": file], at: SourceLocation(file: metaFile, line: line)))
            }
        }
        return (kept, used.mapValues(\.count))
    }
}
