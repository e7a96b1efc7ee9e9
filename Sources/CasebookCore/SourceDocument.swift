/// A source text as loaded from `Content/sources/`.
public struct SourceDocument: Hashable, Sendable {
    /// File name relative to the sources folder, e.g. `000_c9fdf2d4b16943f6.txt`.
    public var file: String
    public var text: String
    public var metadata: DocumentMetadata
    public init(file: String, text: String, metadata: DocumentMetadata) {
        self.file = file
        self.text = text
        self.metadata = metadata
    }
}
