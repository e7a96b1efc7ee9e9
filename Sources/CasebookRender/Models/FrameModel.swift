import CasebookTemplates

/// What every HTML page shares (`base.mustache`): the way to the site root, titles, navigation, breadcrumbs, and the
/// absolute URLs that exist only when a base URL is set.
struct FrameModel: SchemaModel {
    struct NavItem: SchemaModel {
        var label: String
        var url: String
        var current: Bool
        static let schema = Schema<Self>([.value("label") { $0.label }, .value("url") { $0.url }, .value("current") { $0.current }])
    }

    struct Crumb: SchemaModel {
        var label: String
        var url: String?
        var last: Bool
        static let schema = Schema<Self>([.value("label") { $0.label }, .value("url") { $0.url }, .value("last") { $0.last }])
    }

    var root: String
    var path: String
    var pageTitle: String
    var siteTitle: String
    var description: String
    var nav: [NavItem]
    var breadcrumbs: [Crumb]
    var canonical: String?
    var feedURL: String?
    var ogArticle: Bool
    /// The footer lines a government site must show (from `site.yaml`; each absent when not set).
    var publisher: SiteConfig.Publisher = .init()

    /// 公安机关备案 links to the record with the digits of its number.
    var policeRecordURL: String? {
        guard let number = publisher.policeRecord?.filter(\.isASCII).filter(\.isNumber), !number.isEmpty else { return nil }
        return "https://beian.mps.gov.cn/#/query/webSearch?code=" + number
    }
    /// The page has a search box of its own (home, search): the header's is left out.
    var ownSearch: Bool = false

    static let schema = Schema<Self>([
        .value("root") { $0.root }, .value("path") { $0.path }, .value("page_title") { $0.pageTitle },
        .value("site_title") { $0.siteTitle }, .value("description") { $0.description },
        .list("nav") { $0.nav }, .list("breadcrumbs") { $0.breadcrumbs },
        .value("canonical") { $0.canonical }, .value("feed_url") { $0.feedURL }, .value("og_article") { $0.ogArticle },
        .value("site_sponsor") { $0.publisher.sponsor }, .value("site_icp") { $0.publisher.icp },
        .value("site_police_record") { $0.publisher.policeRecord }, .value("site_police_record_url") { $0.policeRecordURL },
        .value("site_code") { $0.publisher.siteCode }, .value("site_organisation") { $0.publisher.organisation },
        .value("site_contact") { $0.publisher.contact },
        .value("own_search") { $0.ownSearch },
    ])

    /// The main navigation, in the order it is shown.
    static let navigation: [(label: String, url: String)] = [
        ("首页", "index.html"), ("批次", Paths.batchesIndex), ("自贸试验区", Paths.zonesIndex), ("领域", Paths.fieldsIndex),
        ("统计", Paths.stats), ("手册", Paths.handbooksIndex), ("搜索", Paths.search),
    ]
}

extension SiteConfig {
    /// The frame of the page at `path`: breadcrumbs start at the home page; the last crumb is the page itself.
    func makeFrameModel(_ path: String, title: String, crumbs: [(String, String?)], description: String? = nil,
                        article: Bool = false) -> FrameModel {
        let all = [("首页", Optional("index.html"))] + crumbs
        return FrameModel(
            root: Paths.root(of: path), path: path, pageTitle: title, siteTitle: self.title,
            description: description ?? self.description,
            nav: FrameModel.navigation.map { FrameModel.NavItem(label: $0.label, url: $0.url, current: $0.url == path) },
            breadcrumbs: all.enumerated().map { i, c in FrameModel.Crumb(label: c.0, url: c.1, last: i == crumbs.count) },
            canonical: baseURL.map { $0 + path }, feedURL: baseURL.map { $0 + "feed.xml" }, ogArticle: article,
            publisher: publisher, ownSearch: path == "index.html" || path == Paths.search)
    }
}
