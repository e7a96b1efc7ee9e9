import CasebookCore
import CasebookEnrich
import CasebookParse
import Foundation
import Synchronization

/// The model a site is rendered from: every case, enriched, with the documents they come from.
public struct Corpus: Sendable {
    public var documents: [SourceDocument]
    public var parsed: [ParsedDocument]
    public var cases: [Case]
    public var reference: ReferenceData
    public var diagnostics: [Diagnostic]
    /// Per text: how many warnings its metadata marks as reviewed (not printed, not failing `--strict`).
    public var reviewed: [String: Int] = [:]
    /// Per text let go as soon as it was parsed (`loadCorpus(…releasingTexts: true)`): its length in UTF-8 bytes and
    /// fingerprint, taken from the text that was parsed (`releasingSourceTexts` checks a text read again against them).
    var releasedTexts: [String: (count: Int, fingerprint: UInt64)] = [:]
}

/// load → parse → enrich.
public enum Pipeline {
    public static func loadCorpus(content: String, timings: Timings = Timings()) -> Corpus {
        loadCorpus(content: content, timings: timings, corpusCache: nil)
    }

    /// The same; with `corpusCache`, a text parsed by an earlier build with the same bytes and metadata is not parsed
    /// again, nor similar pairs found again for the same titles and summaries (the caller commits the cache once the
    /// build has succeeded). With `spill`, each text's cases are written to it as soon as the text is parsed, and no
    /// case holds its sections in memory (`Case.spillSections`). With `releasingTexts`, each text is let go as soon as
    /// it is parsed (its document keeps an empty text; `Corpus.releasingSourceTexts` reads it again when asked): at
    /// 100k cases the texts are 373 MB, which were held through the whole parse beside what it made.
    static func loadCorpus(content: String, timings: Timings, corpusCache: CorpusCache?, spill: SectionSpill? = nil,
                           releasingTexts: Bool = false) -> Corpus {
        var loaded = timings.measure("load") { ContentLoader().load(content: content) }
        var diagnostics = loaded.diagnostics
        var parsed: [ParsedDocument] = []
        var cases: [Case] = []
        // Documents are parsed each on its own, in parallel; the results in document order. The documents are moved
        // into the lock (not copied) so that a text let go is not still held by `loaded`.
        let count = loaded.documents.count
        let documents = Mutex(loaded.documents)
        loaded.documents = []
        let made = timings.measure("parse") {
            Parallel.map(Array(0..<count)) { i -> (ParsedDocument, (count: Int, fingerprint: UInt64)?) in
                let d = documents.withLock { $0[i] }
                let parse = corpusCache?.parse(d, spill: spill, Parser.parse) ?? Self.spilling(Parser.parse(d), to: spill)
                guard releasingTexts else { return (parse, nil) }
                let released = (d.text.utf8.count, Corpus.fingerprint(d.text))
                documents.withLock { $0[i].text = "" }
                return (parse, released)
            }
        }
        loaded.documents = documents.withLock { $0 }
        var releasedTexts: [String: (count: Int, fingerprint: UInt64)] = [:]
        for (d, r) in zip(loaded.documents, made) { if let released = r.1 { releasedTexts[d.file] = released } }
        let results = made.map(\.0)
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
        corpus.releasedTexts = releasedTexts
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
