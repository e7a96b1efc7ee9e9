/// Metadata for one source text: what the text does not state, each fact marked stated or attributed.
public struct DocumentMetadata: Hashable, Sendable, Codable {
    /// ASCII prefix for case ids, e.g. `gx-b2`.
    public var slug: String
    public var title: Fact<String>
    public var issuer: Fact<String>
    public var level: Fact<String>
    public var batchNumber: Fact<Int>?
    public var batchName: Fact<String>
    public var year: Fact<Int>
    /// Forces a layout instead of detecting it.
    public var layout: Layout?
    /// Where attributed facts come from.
    public var note: String?
    /// The full publication date, `YYYY-MM-DD`, when known (orders batches of the same level and issuer).
    public var date: Fact<String>?
    /// An explicit place in the publication order: lower first; documents without one weigh 0.
    public var weight: Int?
    /// Warnings an editor has read and judged honest, as `id@line` (`parse.title-unnumbered@818`).
    public var reviewed: [String] = []

    public init(slug: String, title: Fact<String>, issuer: Fact<String>, level: Fact<String>,
                batchNumber: Fact<Int>?, batchName: Fact<String>, year: Fact<Int>, layout: Layout? = nil, note: String? = nil) {
        self.slug = slug
        self.title = title
        self.issuer = issuer
        self.level = level
        self.batchNumber = batchNumber
        self.batchName = batchName
        self.year = year
        self.layout = layout
        self.note = note
    }
}
