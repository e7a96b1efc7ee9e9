import CasebookCore
import Dispatch

/// Adds what the text does not say directly: zones, field, units, related cases.
public struct Enricher: Sendable {
    public let reference: ReferenceData
    public init(reference: ReferenceData) { self.reference = reference }

    /// With `memo`, the similar pairs of an earlier build with the same titles and summaries are taken, not computed;
    /// with `placements`, so are the zones, fields and units of a document's cases placed by an earlier build.
    public func enrich(_ cases: [Case], documents: [String: DocumentMetadata], timings: Timings = Timings(),
                       memo: (any SimilarPairsMemo)? = nil, placements: (any PlacementMemo)? = nil) -> (cases: [Case], diagnostics: [Diagnostic]) {
        let categories = timings.measure("enrich: learn field terms") { fieldTerms(training: cases) }
        // One set of similar pairs for both: related cases, and versions (the stricter reading of the same pairs). They
        // read each case's id, text name, title and summary alone, which placing does not change: they are found while
        // the cases are placed (each step has serial parts that leave a core idle).
        let (pairs, placed) = Parallel.beside({
            timings.measure("enrich: similar pairs (while placing)") { () -> [SimilarPair] in
                let finder = RelatedFinder()
                return memo?.pairs(input: finder.input(cases)) { finder.pairs(cases) } ?? finder.pairs(cases)
            }
        }, while: { place(cases, documents: documents, categories: categories, timings: timings, memo: placements) })
        var (out, diagnostics) = placed
        for (id, _) in reference.overrides where !out.contains(where: { $0.id == id }) {
            diagnostics.append(Diagnostic(.warning, "enrich.unknown-override", args: ["id": id], at: SourceLocation(file: "data/category-overrides.yaml", line: 1)))
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
    /// Each document's cases are placed together (in parallel with the other documents'); with `memo`, a document
    /// placed by an earlier build with the same text, metadata, reference data and learned terms is not placed again.
    public func place(_ cases: [Case], documents: [String: DocumentMetadata], categories: CategoryAssigner,
                      timings: Timings = Timings(), memo: (any PlacementMemo)? = nil) -> (cases: [Case], diagnostics: [Diagnostic]) {
        let zones = ZoneResolver(zones: reference.zones)
        let units = UnitResolver(directory: reference.units)
        let placeOne: @Sendable (Case) -> Placement = { c in
            var diagnostics: [Diagnostic] = []
            let loc = SourceLocation(file: c.source.file, line: c.source.lines.first)
            let document = documents[c.source.file]
            let found = document.map { zones.resolve(c, document: $0) } ?? c.zones
            if found.isEmpty && c.kind != .news {
                diagnostics.append(Diagnostic(.warning, "enrich.no-zone", args: ["title": c.title], at: loc))
            }
            if let label = c.printedCategory, categories.field(forLabel: label) == nil {
                diagnostics.append(Diagnostic(.warning, "enrich.unknown-label", args: ["label": label], at: loc))
            }
            let context = document.map { d in zones.ftzs(namedIn: d.title.value).map(\.short) } ?? []
            let (mentions, unknown) = units.mentions(of: c, context: context)
            return Placement(zones: found, category: categories.assign(c), units: mentions, unknownUnits: unknown, diagnostics: diagnostics)
        }
        // The documents' runs of cases, in corpus order.
        var runs: [Range<Int>] = []
        var start = 0
        for i in cases.indices where i + 1 == cases.count || cases[i + 1].source.file != cases[i].source.file {
            runs.append(start..<(i + 1))
            start = i + 1
        }
        let salt = categories.learnedIdentity()
        let placed = timings.measure("enrich: zones, fields, units") {
            Parallel.map(runs) { run -> [Placement] in
                let own = Array(cases[run])
                guard let memo, let file = own.first?.source.file else { return own.map(placeOne) }
                return memo.placements(file: file, cases: own, salt: salt) { own.map(placeOne) }
            }.flatMap { $0 }
        }
        var out = cases
        var diagnostics: [Diagnostic] = []
        var unknownUnits: [String: (loc: SourceLocation, names: [String])] = [:]  // document → first case, names in order
        for (i, p) in placed.enumerated() {
            out[i].zones = p.zones
            out[i].category = p.category
            out[i].units = p.units
            diagnostics += p.diagnostics
            for name in p.unknownUnits {
                let file = out[i].source.file
                var entry = unknownUnits[file] ?? (SourceLocation(file: file, line: out[i].source.lines.first), [])
                if !entry.names.contains(name) { entry.names.append(name) }
                unknownUnits[file] = entry
            }
        }
        for (_, u) in unknownUnits.sorted(by: { $0.key < $1.key }) {
            diagnostics.append(Diagnostic(.warning, "units.unknown", args: ["names": u.names.joined(separator: "、"), "count": "\(u.names.count)"], at: u.loc))
        }
        return (out, diagnostics)
    }
}

/// What `Enricher.place` gives one case.
public struct Placement: Codable, Hashable, Sendable {
    public var zones: [ZoneRef]
    public var category: CategoryAssignment?
    public var units: [UnitMention]
    /// Units the reference data does not know, as printed (a warning per document names them).
    public var unknownUnits: [String]
    public var diagnostics: [Diagnostic]

    public init(zones: [ZoneRef], category: CategoryAssignment?, units: [UnitMention], unknownUnits: [String], diagnostics: [Diagnostic]) {
        self.zones = zones
        self.category = category
        self.units = units
        self.unknownUnits = unknownUnits
        self.diagnostics = diagnostics
    }
}

extension Placement: ByteCodable {
    public func write(to w: inout ByteWriter) {
        w.values(zones)
        w.optional(category) { $0.value($1) }
        w.values(units)
        w.strings(unknownUnits)
        w.values(diagnostics)
    }
    public init(from r: inout ByteReader) throws {
        self.init(zones: try r.values(), category: try r.optional { try $0.value() }, units: try r.values(), unknownUnits: try r.strings(),
                  diagnostics: try r.values())
    }
}

/// Placements kept between builds, per document.
public protocol PlacementMemo: Sendable {
    /// The placements of `cases` (one document's, in order) that an earlier build made from the same cases, reference
    /// data and `salt` (what else placing depends on: the learned field terms), else `place()`'s (kept for the next
    /// build). A memo that cannot tell where the cases come from places them.
    func placements(file: String, cases: [Case], salt: [UInt8], place: () -> [Placement]) -> [Placement]
}
