import CasebookCore

/// A case as `data/cases.json` gives it: the public data interface. Absent values are null. Each `encode(to:)` gives its
/// keys in sorted order, which `OrderedJSONEncoder` writes as given (a test compares the file with `JSONEncoder`'s
/// `.sortedKeys`).
struct CaseRecord: Encodable {
    struct Batch: Encodable {
        var number: Int?
        var name: String
        var label: String
        var level: String
        var issuer: String
        var year: Int
        var document: String
        var slug: String
        var attributed: Bool
        /// Which facts of the document come from outside its text; absent when the document is unknown.
        var attributedFacts: [String]?

        enum CodingKeys: String, CodingKey {
            case number, name, label, level, issuer, year, document, slug, attributed
            case attributedFacts = "attributed_facts"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(attributed, forKey: .attributed)
            try c.encodeIfPresent(attributedFacts, forKey: .attributedFacts)
            try c.encode(document, forKey: .document)
            try c.encode(issuer, forKey: .issuer)
            try c.encode(label, forKey: .label)
            try c.encode(level, forKey: .level)
            try c.encode(name, forKey: .name)
            try c.encode(number, forKey: .number)
            try c.encode(slug, forKey: .slug)
            try c.encode(year, forKey: .year)
        }
    }

    struct Category: Encodable {
        var name: String?
        var source: String?
        var officialLabel: String?
        /// Present only when the case has a field.
        var reason: String?
        var secondary: String??
        var keywords: [String]?

        enum CodingKeys: String, CodingKey {
            case name, source, reason, secondary, keywords
            case officialLabel = "official_label"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encodeIfPresent(keywords, forKey: .keywords)
            try c.encode(name, forKey: .name)
            try c.encode(officialLabel, forKey: .officialLabel)
            try c.encodeIfPresent(reason, forKey: .reason)
            if let secondary { try c.encode(secondary, forKey: .secondary) }
            try c.encode(source, forKey: .source)
        }
    }

    struct Zone: Encodable {
        var ftz: String
        var area: String?
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(area, forKey: .area)
            try c.encode(ftz, forKey: .ftz)
        }
        enum CodingKeys: String, CodingKey { case ftz, area }
    }

    struct SectionText: Encodable {
        var heading: String?
        var markdown: String
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(heading, forKey: .heading)
            try c.encode(markdown, forKey: .markdown)
        }
        enum CodingKeys: String, CodingKey { case heading, markdown }
    }

    /// A unit the case names: the unit (`name`), as printed, in which role.
    struct Unit: Encodable {
        var name: String
        var printed: String
        var role: String
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(printed, forKey: .printed)
            try c.encode(role, forKey: .role)
        }
        enum CodingKeys: String, CodingKey { case name, printed, role }
    }

    struct Source: Encodable {
        var file: String
        var lines: [Int]
    }

    var id: String
    var url: String
    var title: String
    var kind: String
    var number: Int
    var label: String
    var part: String?
    var kicker: String?
    var batch: Batch
    var category: Category
    var ftz: [String]
    var areas: [String]
    var zones: [Zone]
    var providers: [String]
    var submitters: [String]
    var leadUnits: [String]
    var responsibleUnits: [String]
    var units: [Unit]
    var authors: [String]
    var scope: String?
    var summary: String?
    var sections: [SectionText]
    var related: [String]
    var versions: [String]
    var source: Source

    enum CodingKeys: String, CodingKey {
        case id, url, title, kind, number, label, part, kicker, batch, category, ftz, areas, zones, providers, submitters
        case units, authors, scope, summary, sections, related, versions, source
        case leadUnits = "lead_units"
        case responsibleUnits = "responsible_units"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(areas, forKey: .areas)
        try c.encode(authors, forKey: .authors)
        try c.encode(batch, forKey: .batch)
        try c.encode(category, forKey: .category)
        try c.encode(ftz, forKey: .ftz)
        try c.encode(id, forKey: .id)
        try c.encode(kicker, forKey: .kicker)
        try c.encode(kind, forKey: .kind)
        try c.encode(label, forKey: .label)
        try c.encode(leadUnits, forKey: .leadUnits)
        try c.encode(number, forKey: .number)
        try c.encode(part, forKey: .part)
        try c.encode(providers, forKey: .providers)
        try c.encode(related, forKey: .related)
        try c.encode(responsibleUnits, forKey: .responsibleUnits)
        try c.encode(scope, forKey: .scope)
        try c.encode(sections, forKey: .sections)
        try c.encode(source, forKey: .source)
        try c.encode(submitters, forKey: .submitters)
        try c.encode(summary, forKey: .summary)
        try c.encode(title, forKey: .title)
        try c.encode(units, forKey: .units)
        try c.encode(url, forKey: .url)
        try c.encode(versions, forKey: .versions)
        try c.encode(zones, forKey: .zones)
    }
}

/// The whole file: `{"cases": [...], "count": N, "generator": "casebook"}`.
struct CasesFile: Encodable {
    var cases: [CaseRecord]
    var count: Int
    var generator = "casebook"
}

extension Catalog {
    func makeCaseRecord(_ c: Case) -> CaseRecord {
        let b = batchOf[c.id]
        let meta = b?.meta
        let batch = CaseRecord.Batch(
            number: meta?.batchNumber?.value, name: meta?.batchName.value ?? "", label: b?.label ?? "", level: meta?.level.value ?? "",
            issuer: meta?.issuer.value ?? "", year: meta?.year.value ?? 0, document: meta?.title.value ?? "", slug: meta?.slug ?? "",
            attributed: meta.map { $0.batchName.isAttributed } ?? true,
            attributedFacts: meta.map { m in
                [("title", m.title.isAttributed), ("issuer", m.issuer.isAttributed), ("level", m.level.isAttributed),
                 ("batch", m.batchName.isAttributed), ("year", m.year.isAttributed)].filter(\.1).map(\.0)
            })
        var category = CaseRecord.Category(officialLabel: c.printedCategory)
        if let f = c.category {
            category = CaseRecord.Category(name: f.name, source: f.source.rawValue, officialLabel: f.officialLabel, reason: f.reason,
                                           secondary: .some(f.secondary), keywords: f.matchedKeywords)
        }
        return CaseRecord(
            id: c.id, url: Paths.casePage(c.id), title: c.title, kind: c.kind.rawValue, number: c.number, label: citationLabel(c),
            part: c.part, kicker: c.kicker, batch: batch, category: category, ftz: c.ftzNames, areas: c.areaNames,
            zones: c.zones.map { CaseRecord.Zone(ftz: $0.ftz, area: $0.area) }, providers: c.providers, submitters: c.submitters,
            leadUnits: c.leadUnits, responsibleUnits: c.responsibleUnits,
            units: c.units.map { CaseRecord.Unit(name: $0.name, printed: $0.printed, role: $0.role.rawValue) }, authors: c.authors, scope: c.scope, summary: c.summary,
            sections: c.sections.map { CaseRecord.SectionText(heading: $0.heading, markdown: DataExport.sectionMarkdown($0)) },
            related: c.related, versions: c.versions, source: CaseRecord.Source(file: c.source.file, lines: [c.source.lines.first, c.source.lines.last]))
    }
}
