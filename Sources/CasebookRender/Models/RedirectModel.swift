import CasebookTemplates

/// A page that moved (`html/redirect`), at its old address: a refresh to the new address, a canonical link, a visible
/// link for readers whose browser does not follow the refresh, and no indexing.
struct RedirectModel: SchemaModel {
    /// The way from the old address to the site root (`../` per folder), for the stylesheet.
    var root: String
    /// The new address, relative to the old one.
    var target: String
    /// The new address, absolute with a base URL, else relative like `target`.
    var canonical: String
    /// The title of the page it names now.
    var title: String
    var siteTitle: String

    static let schema = Schema<Self>([
        .value("root") { $0.root }, .value("target") { $0.target }, .value("canonical") { $0.canonical },
        .value("title") { $0.title }, .value("site_title") { $0.siteTitle },
    ])
    static let template = "html/redirect"
}

extension SiteConfig {
    func makeRedirectModel(_ r: URLHistory.Redirect) -> RedirectModel {
        let target = Paths.link(from: r.from, to: r.to)
        return RedirectModel(root: Paths.root(of: r.from), target: target, canonical: baseURL.map { $0 + r.to } ?? target,
                             title: r.title, siteTitle: title)
    }
}
