/// What kind of record a case is.
public enum CaseKind: String, Hashable, Sendable, Codable, CaseIterable {
    case reformPilot = "改革试点经验"
    case bestPractice = "最佳实践案例"
    case news = "新闻报道"

    /// ASCII code used in ids and URLs.
    public var code: String {
        switch self {
        case .reformPilot: "pilot"
        case .bestPractice: "best"
        case .news: "news"
        }
    }
}

/// A block of content inside a section.
public enum Block: Hashable, Sendable, Codable {
    case paragraph(String)
    /// A numbered or lead-in sub-heading printed on a line of its own, e.g. `（一）…。`
    case subheading(String)
    case table(Table)
}

public struct Table: Hashable, Sendable, Codable {
    public var caption: String?
    public var header: [String]
    public var rows: [[String]]
    public init(caption: String? = nil, header: [String], rows: [[String]]) {
        self.caption = caption
        self.header = header
        self.rows = rows
    }
}

public struct Section: Hashable, Sendable, Codable {
    /// The heading as printed (`一、主要做法`), or nil for the lead text before the first heading.
    public var heading: String?
    public var blocks: [Block]
    public init(heading: String?, blocks: [Block] = []) {
        self.heading = heading
        self.blocks = blocks
    }
}

/// How a case got its field (category).
public enum CategorySource: String, Hashable, Sendable, Codable {
    /// Printed in the source as a category heading.
    case official
    /// Assigned by the keyword rule.
    case rule
    /// Set by an editor in the override file.
    case editor
}

public struct CategoryAssignment: Hashable, Sendable, Codable {
    /// One of the taxonomy's field names.
    public var name: String
    public var source: CategorySource
    /// The label as printed in the source, when there is one.
    public var officialLabel: String?
    /// Why: matched keywords with their scores, or the editor's note.
    public var reason: String
    /// A close second field, when the rule's scores are near.
    public var secondary: String?
    public var matchedKeywords: [String]
    public init(name: String, source: CategorySource, officialLabel: String?, reason: String,
                secondary: String? = nil, matchedKeywords: [String] = []) {
        self.name = name
        self.source = source
        self.officialLabel = officialLabel
        self.reason = reason
        self.secondary = secondary
        self.matchedKeywords = matchedKeywords
    }
}

/// A pilot zone reference: an FTZ (short name, e.g. 广西) and optionally one of its 片区.
public struct ZoneRef: Hashable, Sendable, Codable, Comparable {
    public var ftz: String
    public var area: String?
    public init(ftz: String, area: String? = nil) {
        self.ftz = ftz
        self.area = area
    }
    public static func < (a: ZoneRef, b: ZoneRef) -> Bool { (a.ftz, a.area ?? "") < (b.ftz, b.area ?? "") }
}

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

    // Filled by enrichment.
    public var zones: [ZoneRef]
    public var category: CategoryAssignment?
    public var related: [String]

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
        self.zones = []
        self.category = nil
        self.related = []
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

/// Where a case came from.
public struct SourceRef: Hashable, Sendable, Codable {
    public var file: String
    public var lines: LineRange
    public init(file: String, lines: LineRange) {
        self.file = file
        self.lines = lines
    }
}
