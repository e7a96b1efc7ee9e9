import CasebookCore

/// Everything the renderer needs; it never reads files.
public struct SiteInput: Sendable {
    public var cases: [Case]
    public var documents: [String: DocumentMetadata]
    /// Document files in the order batches are listed.
    public var documentOrder: [String]
    public var reference: ReferenceData
    public var config: SiteConfig
    /// Each document's text and furniture, by file: the source pages. A document without one gets no source page.
    public var sources: [String: SourceText]
    /// Text file → a key its cases (before the corpus-wide steps: related cases and versions) are a function of,
    /// for the texts a build can tell that of (the build cache's): a page made from such cases is kept by key, without
    /// making its model (`Catalog.caseKey`).
    public var documentKeys: [String: String] = [:]
    public init(cases: [Case], documents: [String: DocumentMetadata], documentOrder: [String], reference: ReferenceData, config: SiteConfig,
                sources: [String: SourceText] = [:]) {
        self.cases = cases
        self.documents = documents
        self.documentOrder = documentOrder
        self.reference = reference
        self.config = config
        self.sources = sources
    }
}
