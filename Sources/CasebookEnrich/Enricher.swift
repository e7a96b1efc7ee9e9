import CasebookCore
import Dispatch

/// Adds what the text does not say directly: zones, field, units, related cases.
public struct Enricher: Sendable {
    public let reference: ReferenceData
    public init(reference: ReferenceData) { self.reference = reference }

    /// With `memo`, the similar pairs of an earlier build with the same titles and summaries are taken, not computed.
    public func enrich(_ cases: [Case], documents: [String: DocumentMetadata], timings: Timings = Timings(),
                       memo: (any SimilarPairsMemo)? = nil) -> (cases: [Case], diagnostics: [Diagnostic]) {
        let categories = timings.measure("enrich: learn field terms") { fieldTerms(training: cases) }
        var (out, diagnostics) = place(cases, documents: documents, categories: categories, timings: timings)
        for (id, _) in reference.overrides where !out.contains(where: { $0.id == id }) {
            diagnostics.append(Diagnostic(.warning, "enrich.unknown-override", args: ["id": id], at: SourceLocation(file: "data/category-overrides.yaml", line: 1)))
        }
        // One set of similar pairs for both: related cases, and versions (the stricter reading of the same pairs).
        let placedCases = out
        let pairs = timings.measure("enrich: similar pairs") { () -> [SimilarPair] in
            let finder = RelatedFinder()
            return memo?.pairs(input: finder.input(placedCases)) { finder.pairs(placedCases) } ?? finder.pairs(placedCases)
        }
        out = timings.measure("enrich: related") { RelatedFinder().link(out, pairs: pairs) }
        out = timings.measure("enrich: versions") { VersionFinder().link(out, documents: documents, pairs: pairs) }
        return (out, diagnostics)
    }

    /// The field terms learned from `training` (the cases of a corpus: their printed labels and texts).
    public func fieldTerms(training: [Case]) -> CategoryAssigner {
        CategoryAssigner(fields: reference.fields, overrides: reference.overrides, training: training)
    }

    /// What each case gets on its own, whatever the other cases: zones, field (with `categories`, learned from a
    /// corpus) and units, with the warnings about them. Related cases and versions need the whole corpus (`enrich`).
    public func place(_ cases: [Case], documents: [String: DocumentMetadata], categories: CategoryAssigner,
                      timings: Timings = Timings()) -> (cases: [Case], diagnostics: [Diagnostic]) {
        let zones = ZoneResolver(zones: reference.zones)
        // Each case on its own (in parallel); related cases need all of them.
        let placed = timings.measure("enrich: zones, fields") { Parallel.map(cases) { c -> (zones: [ZoneRef], category: CategoryAssignment?, diagnostics: [Diagnostic]) in
            var diagnostics: [Diagnostic] = []
            let loc = SourceLocation(file: c.source.file, line: c.source.lines.first)
            let found = documents[c.source.file].map { zones.resolve(c, document: $0) } ?? c.zones
            if found.isEmpty && c.kind != .news {
                diagnostics.append(Diagnostic(.warning, "enrich.no-zone", args: ["title": c.title], at: loc))
            }
            if let label = c.printedCategory, categories.field(forLabel: label) == nil {
                diagnostics.append(Diagnostic(.warning, "enrich.unknown-label", args: ["label": label], at: loc))
            }
            return (found, categories.assign(c), diagnostics)
        } }
        var out = cases
        var diagnostics: [Diagnostic] = []
        for (i, p) in placed.enumerated() {
            out[i].zones = p.zones
            out[i].category = p.category
            diagnostics += p.diagnostics
        }
        let unitsStart = DispatchTime.now().uptimeNanoseconds
        let units = UnitResolver(directory: reference.units)
        var unknownUnits: [String: (loc: SourceLocation, names: [String])] = [:]  // document → first case, names in order
        for i in out.indices {
            let context = documents[out[i].source.file].map { d in zones.ftzs(namedIn: d.title.value).map(\.short) } ?? []
            let (mentions, unknown) = units.mentions(of: out[i], context: context)
            out[i].units = mentions
            for name in unknown {
                let file = out[i].source.file
                var entry = unknownUnits[file] ?? (SourceLocation(file: file, line: out[i].source.lines.first), [])
                if !entry.names.contains(name) { entry.names.append(name) }
                unknownUnits[file] = entry
            }
        }
        for (_, u) in unknownUnits.sorted(by: { $0.key < $1.key }) {
            diagnostics.append(Diagnostic(.warning, "units.unknown", args: ["names": u.names.joined(separator: "、"), "count": "\(u.names.count)"], at: u.loc))
        }
        timings.record("enrich: units", seconds: Double(DispatchTime.now().uptimeNanoseconds - unitsStart) / 1e9)
        return (out, diagnostics)
    }
}
