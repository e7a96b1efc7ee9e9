/// The result of parsing one document.
public struct ParsedDocument: Hashable, Sendable, Codable {
    public var file: String
    public var layout: Layout
    public var cases: [Case]
    /// Lines dropped as furniture (TOC entries, page numbers, document headers), with why.
    public var furniture: [FurnitureLine]
    public var diagnostics: [Diagnostic]
    public init(file: String, layout: Layout, cases: [Case], furniture: [FurnitureLine], diagnostics: [Diagnostic]) {
        self.file = file
        self.layout = layout
        self.cases = cases
        self.furniture = furniture
        self.diagnostics = diagnostics
    }
}
