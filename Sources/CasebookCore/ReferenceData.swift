/// What the pipeline resolves against: zones, fields, editor overrides, units.
public struct ReferenceData: Hashable, Sendable {
    public static func == (a: ReferenceData, b: ReferenceData) -> Bool {
        a.zones == b.zones && a.fields == b.fields && a.overrides == b.overrides && a.units == b.units && a.searchEquivalents == b.searchEquivalents
            && a.sectionMeanings.map(\.name) == b.sectionMeanings.map(\.name) && a.sectionMeanings.map(\.words) == b.sectionMeanings.map(\.words)
    }
    public func hash(into h: inout Hasher) {
        h.combine(zones); h.combine(fields); h.combine(units); h.combine(searchEquivalents); h.combine(sectionMeanings.map(\.name))
    }

    public var zones: [FTZ]
    public var fields: [Field]
    public var overrides: [String: CategoryOverride]
    /// `units.yaml`: the units cases name, their other names and predecessors.
    public var units: UnitDirectory
    /// `search-equivalents.yaml`: groups of names that mean the same (an abbreviation and its full forms).
    public var searchEquivalents: [[String]]
    /// `section-meanings.yaml`: what a section is about (主要做法, 实践效果 …) and the words of headings that say so.
    public var sectionMeanings: [(name: String, words: [String])]
    public init(zones: [FTZ], fields: [Field], overrides: [String: CategoryOverride], units: UnitDirectory = UnitDirectory(),
                searchEquivalents: [[String]] = [], sectionMeanings: [(name: String, words: [String])] = []) {
        self.sectionMeanings = sectionMeanings
        self.zones = zones
        self.fields = fields
        self.overrides = overrides
        self.units = units
        self.searchEquivalents = searchEquivalents
    }
}

extension ReferenceData {
    /// The meaning of a printed section heading: the first meaning one of whose words the heading contains, `概述` for
    /// the text before the first heading, else the heading itself without its numeral.
    public func sectionMeaning(_ heading: String?) -> String {
        guard let heading else { return "概述" }
        var h = Substring(heading)
        while let f = h.first, Self.headingNumeral.contains(f) { h = h.dropFirst() }
        // Over UTF-8 bytes (Foundation's `contains` goes through NSString, the standard library's through Characters:
        // either was most of the time of the comparison data).
        let text = ByteText(String(h))
        return sectionMeanings.first { m in m.words.contains { $0.isEmpty || text.contains($0) } }?.name ?? (h.isEmpty ? heading : String(h))
    }

    /// What a heading's numeral is written with (`一、`, `（二）`, `3.`).
    static let headingNumeral = Set("一二三四五六七八九十0123456789（）()、.．　 ")
}
