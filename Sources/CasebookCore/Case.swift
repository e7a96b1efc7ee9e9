/// One institutional-innovation result (or news article) as parsed from a source text.
public struct Case: Hashable, Sendable, Codable, Identifiable {
    /// The stored values. A case is copied often (into listings, handbooks, closures that render its pages): a copy
    /// shares one box (one reference count) instead of retaining each of its two dozen strings and lists, and the
    /// first change to a shared copy gives it a box of its own (copy on write, as `Array` does).
    struct Fields: Hashable, Codable {
        var id: String
        var title: String
        var kind: CaseKind
        var number: Int
        var part: String?
        var printedCategory: String?
        var kicker: String?
        var submitters: [String]
        var leadUnits: [String]
        var responsibleUnits: [String]
        var providers: [String]
        var authors: [String]
        var scope: String?
        var summary: String?
        var sections: [Section]
        var source: SourceRef
        var notices: [String]
        var zones: [ZoneRef]
        var category: CategoryAssignment?
        var related: [String]
        var units: [UnitMention]
        var versions: [String]
        var versionEvidence: [String: String]
    }

    final class Box: @unchecked Sendable {
        // Changed only through `Case`'s accessors, and only when this box is not shared (`makeUnique`).
        var fields: Fields
        /// Where the sections are when they were written to a spill file (`fields.sections` is then empty).
        var spilled: (spill: any SectionStore, ref: SectionRef)?
        init(_ fields: Fields, spilled: (spill: any SectionStore, ref: SectionRef)? = nil) {
            self.fields = fields
            self.spilled = spilled
        }

        /// The fields with the sections in them.
        var whole: Fields {
            guard let (spill, ref) = spilled else { return fields }
            var f = fields
            f.sections = spill.read(ref)
            return f
        }
    }

    private var box: Box

    private mutating func makeUnique() {
        if !isKnownUniquelyReferenced(&box) { box = Box(box.fields, spilled: box.spilled) }
    }

    /// Writes the sections to `spill` and holds them no longer: `sections` reads them back when asked. A case whose
    /// sections cannot be written, or that has none, keeps them.
    public mutating func spillSections(to spill: any SectionStore) {
        guard box.spilled == nil, !box.fields.sections.isEmpty, let ref = spill.write(box.fields.sections) else { return }
        makeUnique()
        box.fields.sections = []
        box.spilled = (spill, ref)
    }

    /// Takes `ref` in `spill` as where its sections are (written there already, in `SectionCoding`'s layout) and
    /// holds none in memory.
    public mutating func useSpilledSections(_ spill: any SectionStore, at ref: SectionRef) {
        makeUnique()
        box.fields.sections = []
        box.spilled = (spill, ref)
    }

    /// Whether the sections are in a spill file rather than in memory.
    public var sectionsSpilled: Bool { box.spilled != nil }

    /// Stable ASCII id, e.g. `gx-b2-pilot-01`.
    public var id: String {
        get { box.fields.id }
        _modify { makeUnique(); yield &box.fields.id }
    }
    public var title: String {
        get { box.fields.title }
        _modify { makeUnique(); yield &box.fields.title }
    }
    public var kind: CaseKind {
        get { box.fields.kind }
        _modify { makeUnique(); yield &box.fields.kind }
    }
    /// The number printed before the title (1-based within its part), or the article's order.
    public var number: Int {
        get { box.fields.number }
        _modify { makeUnique(); yield &box.fields.number }
    }
    /// The part as printed (`第一部分 改革试点经验（19项）`), if any.
    public var part: String? {
        get { box.fields.part }
        _modify { makeUnique(); yield &box.fields.part }
    }
    /// A category heading printed above the case (`（一）政府职能转变领域`), if any.
    public var printedCategory: String? {
        get { box.fields.printedCategory }
        _modify { makeUnique(); yield &box.fields.printedCategory }
    }
    /// A kicker printed above a news headline.
    public var kicker: String? {
        get { box.fields.kicker }
        _modify { makeUnique(); yield &box.fields.kicker }
    }
    public var submitters: [String] {
        get { box.fields.submitters }
        _modify { makeUnique(); yield &box.fields.submitters }
    }
    public var leadUnits: [String] {
        get { box.fields.leadUnits }
        _modify { makeUnique(); yield &box.fields.leadUnits }
    }
    public var responsibleUnits: [String] {
        get { box.fields.responsibleUnits }
        _modify { makeUnique(); yield &box.fields.responsibleUnits }
    }
    /// Text naming the provider(s), as printed: `中国（广东）自由贸易试验区`.
    public var providers: [String] {
        get { box.fields.providers }
        _modify { makeUnique(); yield &box.fields.providers }
    }
    public var authors: [String] {
        get { box.fields.authors }
        _modify { makeUnique(); yield &box.fields.authors }
    }
    public var scope: String? {
        get { box.fields.scope }
        _modify { makeUnique(); yield &box.fields.scope }
    }
    public var summary: String? {
        get { box.fields.summary }
        _modify { makeUnique(); yield &box.fields.summary }
    }
    /// Read again from the spill file each time when they were spilled (`spillSections`): a caller that reads them
    /// more than once keeps them in a local.
    public var sections: [Section] {
        get {
            guard let (spill, ref) = box.spilled else { return box.fields.sections }
            return spill.read(ref)
        }
        set {
            makeUnique()
            box.spilled = nil
            box.fields.sections = newValue
        }
        _modify {
            makeUnique()
            if let (spill, ref) = box.spilled {
                box.fields.sections = spill.read(ref)
                box.spilled = nil
            }
            yield &box.fields.sections
        }
    }
    public var source: SourceRef {
        get { box.fields.source }
        _modify { makeUnique(); yield &box.fields.source }
    }
    /// What readers must be told about how the text was assembled, in Chinese sentences (a paragraph moved back to
    /// its article from where the page's column layout printed it). Empty for most cases.
    public var notices: [String] {
        get { box.fields.notices }
        _modify { makeUnique(); yield &box.fields.notices }
    }
    // Filled by enrichment.
    public var zones: [ZoneRef] {
        get { box.fields.zones }
        _modify { makeUnique(); yield &box.fields.zones }
    }
    public var category: CategoryAssignment? {
        get { box.fields.category }
        _modify { makeUnique(); yield &box.fields.category }
    }
    public var related: [String] {
        get { box.fields.related }
        _modify { makeUnique(); yield &box.fields.related }
    }
    /// Every unit of `submitters`, `leadUnits` and `responsibleUnits`, resolved (`UnitResolver`), in that order.
    public var units: [UnitMention] {
        get { box.fields.units }
        _modify { makeUnique(); yield &box.fields.units }
    }
    /// The same innovation published at another level or in another batch, this case included, in date order
    /// (`VersionFinder`); empty when the case has no other version.
    public var versions: [String] {
        get { box.fields.versions }
        _modify { makeUnique(); yield &box.fields.versions }
    }
    /// Why each other version is one: case id → the evidence, in Chinese.
    public var versionEvidence: [String: String] {
        get { box.fields.versionEvidence }
        _modify { makeUnique(); yield &box.fields.versionEvidence }
    }

    public init(id: String, title: String, kind: CaseKind, number: Int, source: SourceRef) {
        box = Box(Fields(id: id, title: title, kind: kind, number: number, part: nil, printedCategory: nil, kicker: nil, submitters: [],
                         leadUnits: [], responsibleUnits: [], providers: [], authors: [], scope: nil, summary: nil, sections: [],
                         source: source, notices: [], zones: [], category: nil, related: [], units: [], versions: [],
                         versionEvidence: [:]))
    }

    // The same coding and equality as the fields' own: a case encodes as it did when they were stored in it.
    // A spilled case encodes, compares and hashes with its sections read back.
    public init(from decoder: any Decoder) throws { box = Box(try Fields(from: decoder)) }
    public func encode(to encoder: any Encoder) throws {
        let whole = box.whole
        if let (spill, _) = box.spilled, let failure = spill.failure {
            throw EncodingError.invalidValue(self, .init(codingPath: encoder.codingPath, debugDescription: failure))
        }
        try whole.encode(to: encoder)
    }
    public static func == (a: Case, b: Case) -> Bool {
        if a.box === b.box { return true }
        if let x = a.box.spilled, let y = b.box.spilled, x.spill === y.spill, x.ref == y.ref { return a.box.fields == b.box.fields }
        return a.box.whole == b.box.whole
    }
    public func hash(into hasher: inout Hasher) { box.whole.hash(into: &hasher) }

    /// The case's text: the summary (when it is not simply the first paragraph), section headings,
    /// paragraphs, sub-headings and table cells; for search and classification. Title and units are separate fields.
    public var bodyText: String {
        var parts: [String] = []
        let sections = sections
        let firstParagraph = sections.lazy.flatMap(\.blocks).compactMap { b -> String? in if case .paragraph(let p) = b { return p } else { return nil } }.first
        if let summary, summary != firstParagraph { parts.append(summary) }
        for s in sections {
            if let h = s.heading { parts.append(h) }
            for b in s.blocks {
                switch b {
                case .paragraph(let t), .subheading(let t): parts.append(t)
                case .table(let t):
                    if let c = t.caption { parts.append(c) }
                    parts.append(t.header.joined(separator: " "))
                    for r in t.rows { parts.append(r.joined(separator: " ")) }
                }
            }
        }
        return parts.joined(separator: "\n")
    }

    public var ftzNames: [String] { Array(Set(zones.map(\.ftz))).sorted() }
    public var areaNames: [String] { Array(Set(zones.compactMap(\.area))).sorted() }
}

// The parse cache's layout of a case (`ByteCoding`): here, beside the fields it reads.
extension Case {
    /// Every field of the case but its sections (which the parse cache keeps apart, in `SectionCoding`'s layout).
    public func writeWithoutSections(to w: inout ByteWriter) {
        let f = box.fields
        w.string(f.id)
        w.string(f.title)
        w.raw(f.kind)
        w.number(f.number)
        w.optionalString(f.part)
        w.optionalString(f.printedCategory)
        w.optionalString(f.kicker)
        w.strings(f.submitters)
        w.strings(f.leadUnits)
        w.strings(f.responsibleUnits)
        w.strings(f.providers)
        w.strings(f.authors)
        w.optionalString(f.scope)
        w.optionalString(f.summary)
        w.value(f.source)
        w.strings(f.notices)
        w.values(f.zones)
        w.optional(f.category) { $0.value($1) }
        w.strings(f.related)
        w.values(f.units)
        w.strings(f.versions)
        w.dictionary(f.versionEvidence)
    }

    /// A case as `writeWithoutSections` wrote it: without sections.
    public init(readingWithoutSections r: inout ByteReader) throws {
        let id = try r.string(), title = try r.string()
        let kind: CaseKind = try r.raw()
        let number = try r.number()
        let part = try r.optionalString(), printedCategory = try r.optionalString(), kicker = try r.optionalString()
        let submitters = try r.strings(), leadUnits = try r.strings(), responsibleUnits = try r.strings()
        let providers = try r.strings(), authors = try r.strings()
        let scope = try r.optionalString(), summary = try r.optionalString()
        let source: SourceRef = try r.value()
        let notices = try r.strings()
        let zones: [ZoneRef] = try r.values()
        let category: CategoryAssignment? = try r.optional { try $0.value() }
        let related = try r.strings()
        let units: [UnitMention] = try r.values()
        let versions = try r.strings()
        let versionEvidence = try r.dictionary()
        box = Box(Fields(id: id, title: title, kind: kind, number: number, part: part, printedCategory: printedCategory, kicker: kicker,
                         submitters: submitters, leadUnits: leadUnits, responsibleUnits: responsibleUnits, providers: providers,
                         authors: authors, scope: scope, summary: summary, sections: [], source: source, notices: notices, zones: zones,
                         category: category, related: related, units: units, versions: versions, versionEvidence: versionEvidence))
    }

    /// The names of the stored fields `writeWithoutSections` writes (and `sections`), in their order: a test compares
    /// them with the fields a case has, so that a field added to a case is not silently left out of the cache.
    public static let fieldsWritten = ["id", "title", "kind", "number", "part", "printedCategory", "kicker", "submitters", "leadUnits",
                                       "responsibleUnits", "providers", "authors", "scope", "summary", "sections", "source", "notices",
                                       "zones", "category", "related", "units", "versions", "versionEvidence"]

    /// The names of a case's stored fields, as reflection sees them.
    public static var storedFieldNames: [String] {
        let sample = Case(id: "", title: "", kind: .reformPilot, number: 0, source: SourceRef(file: "", lines: LineRange(1, 1)))
        return Mirror(reflecting: sample.box.fields).children.compactMap(\.label)
    }
}
