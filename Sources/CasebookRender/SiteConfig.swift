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
