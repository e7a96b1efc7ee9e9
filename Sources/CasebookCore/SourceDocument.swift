/// A fact about a source document with how we know it.
public struct Fact<Value: Hashable & Sendable & Codable>: Hashable, Sendable, Codable {
    public enum Basis: String, Hashable, Sendable, Codable {
        /// The text itself says it.
        case stated
        /// It comes from outside the text (the metadata file says from where).
        case attributed
    }
    public var value: Value
    public var basis: Basis
    public init(_ value: Value, _ basis: Basis) {
        self.value = value
        self.basis = basis
    }
    public var isAttributed: Bool { basis == .attributed }
}

/// The layouts Casebook can read.
public enum Layout: String, Hashable, Sendable, Codable, CaseIterable {
    /// 汇编: table of contents, parts, category headings, numbered cases with a 报送单位 line.
    case compilation
    /// 工作任务分工表: tab-cell table rows.
    case taskTable = "task-table"
    /// National collection: numbered cases each with a `（中国（X）自由贸易试验区提供）` line.
    case collection
    /// News page with `#` headline markers and bylines.
    case news
}

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

/// The result of parsing one document.
public struct ParsedDocument: Hashable, Sendable {
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

public struct FurnitureLine: Hashable, Sendable, Codable {
    public enum Reason: String, Hashable, Sendable, Codable {
        case tableOfContents = "toc"
        case pageNumber = "page-number"
        case documentHeader = "document-header"
        case partHeading = "part-heading"
        case categoryHeading = "category-heading"
        case tableHeader = "table-header"
        case markup = "markup"
    }
    public var line: Int
    public var text: String
    public var reason: Reason
    public init(line: Int, text: String, reason: Reason) {
        self.line = line
        self.text = text
        self.reason = reason
    }
}
