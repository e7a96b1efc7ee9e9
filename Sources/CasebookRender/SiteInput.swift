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
