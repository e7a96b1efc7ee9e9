/// One institutional-innovation result (or news article) as parsed from a source text.
public struct Case: Hashable, Sendable, Codable, Identifiable {
    /// Stable ASCII id, e.g. `gx-b2-pilot-01`.
    public var id: String
    public var title: String
    public var kind: CaseKind
    /// The number printed before the title (1-based within its part), or the article's order.
    public var number: Int
    /// The part as printed (`第一部分 改革试点经验（19项）`), if any.
    public var part: String?
    /// A category heading printed above the case (`（一）政府职能转变领域`), if any.
    public var printedCategory: String?
    /// A kicker printed above a news headline.
    public var kicker: String?
    public var submitters: [String]
    public var leadUnits: [String]
    public var responsibleUnits: [String]
    /// Text naming the provider(s), as printed: `中国（广东）自由贸易试验区`.
    public var providers: [String]
    public var authors: [String]
    public var scope: String?
    public var summary: String?
    public var sections: [Section]
    public var source: SourceRef
    /// What readers must be told about how the text was assembled, in Chinese sentences (a paragraph moved back to
    /// its article from where the page's column layout printed it). Empty for most cases.
    public var notices: [String]

    // Filled by enrichment.
    public var zones: [ZoneRef]
    public var category: CategoryAssignment?
    public var related: [String]
    /// Every unit of `submitters`, `leadUnits` and `responsibleUnits`, resolved (`UnitResolver`), in that order.
    public var units: [UnitMention]
    /// The same innovation published at another level or in another batch, this case included, in date order
    /// (`VersionFinder`); empty when the case has no other version.
    public var versions: [String]
    /// Why each other version is one: case id → the evidence, in Chinese.
    public var versionEvidence: [String: String]

    public init(id: String, title: String, kind: CaseKind, number: Int, source: SourceRef) {
        self.id = id
        self.title = title
        self.kind = kind
        self.number = number
        self.part = nil
        self.printedCategory = nil
        self.kicker = nil
        self.submitters = []
        self.leadUnits = []
        self.responsibleUnits = []
        self.providers = []
        self.authors = []
        self.scope = nil
        self.summary = nil
        self.sections = []
        self.source = source
        self.notices = []
        self.zones = []
        self.category = nil
        self.related = []
        self.units = []
        self.versions = []
        self.versionEvidence = [:]
    }

    /// The case's text: the summary (when it is not simply the first paragraph), section headings,
    /// paragraphs, sub-headings and table cells; for search and classification. Title and units are separate fields.
    public var bodyText: String {
        var parts: [String] = []
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
