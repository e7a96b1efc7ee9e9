import CasebookCore

/// Settings of the site (from `Content/site.yaml`).
public struct SiteConfig: Hashable, Sendable {
    public var title: String
    public var description: String
    /// e.g. `https://example.org/casebook/`; when nil, no absolute URLs are written.
    public var baseURL: String?
    public init(title: String = "自贸试验区制度创新案例库", description: String = "", baseURL: String? = nil) {
        self.title = title
        self.description = description
        self.baseURL = baseURL.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }
}

/// Everything the renderer needs; it never reads files.
public struct SiteInput: Sendable {
    public var cases: [Case]
    public var documents: [String: DocumentMetadata]
    /// Document files in the order batches are listed.
    public var documentOrder: [String]
    public var reference: ReferenceData
    public var config: SiteConfig
    public init(cases: [Case], documents: [String: DocumentMetadata], documentOrder: [String], reference: ReferenceData, config: SiteConfig) {
        self.cases = cases
        self.documents = documents
        self.documentOrder = documentOrder
        self.reference = reference
        self.config = config
    }
}

/// Where every page lives, relative to the site root. Paths are ASCII; every link is relative.
public enum Paths {
    public static func casePage(_ id: String) -> String { "cases/\(id).html" }
    public static func batchPage(_ slug: String) -> String { "batches/\(slug).html" }
    public static func ftzPage(_ code: String) -> String { "zones/\(code).html" }
    public static func areaPage(_ code: String) -> String { "zones/\(code).html" }
    public static func fieldPage(_ code: String) -> String { "fields/\(code).html" }
    public static func kindPage(_ kind: CaseKind) -> String { "kinds/\(kind.code).html" }
    public static let zonesIndex = "zones/index.html"
    public static let fieldsIndex = "fields/index.html"
    public static let batchesIndex = "batches/index.html"
    public static let search = "search.html"
    public static let stats = "stats.html"
    public static let handbooksIndex = "handbooks/index.html"

    /// `../` once per folder in `path`.
    public static func root(of path: String) -> String {
        String(repeating: "../", count: path.filter { $0 == "/" }.count)
    }
}
