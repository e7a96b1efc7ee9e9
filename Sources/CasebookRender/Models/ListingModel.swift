import CasebookTemplates

/// A listing page (`html/listing`): a batch, an FTZ, a 片区, a field or a kind — or an index of such listings.
struct ListingModel: SchemaModel {
    /// A 片区 of an FTZ page; linked only when it has cases.
    struct AreaChip: SchemaModel {
        var name: String
        var count: Int
        var url: String?
        static let schema = Schema<Self>([.value("name") { $0.name }, .value("count") { $0.count }, .value("url") { $0.url }])
    }

    /// A link to another listing with its count (the batch and field indexes).
    struct LinkRow: SchemaModel {
        var title: String
        var url: String
        var count: Int
        var summary: String?
        static let schema = Schema<Self>([
            .value("title") { $0.title }, .value("url") { $0.url }, .value("count") { $0.count }, .value("summary") { $0.summary },
        ])
    }

    /// A titled run of cases.
    struct Group: SchemaModel {
        var title: String
        var count: Int
        var items: [CardModel]
        static let schema = Schema<Self>([.value("title") { $0.title }, .value("count") { $0.count }, .list("items") { $0.items }])
    }

    var heading: String?
    var intro: String?
    var note: String?
    var areas: [AreaChip] = []
    var links: [LinkRow] = []
    var groups: [Group] = []
    var pager: PagerModel?
    /// The listing has no cases (it is shown all the same: an FTZ without cases yet).
    var empty = false
    /// The listing's cards as data (`listings/….js`), for filtering by `filterFacets` (`field`, `kind`, `ftz`, `zone`);
    /// nil for a listing without filters.
    var filterSource: String?
    var filterFacets: [String] = []
    /// The listing's first page (filter links lead there, whichever page they are on).
    var firstPage: String?

    static let schema = Schema<Self>([
        .value("heading") { $0.heading }, .value("intro") { $0.intro }, .value("note") { $0.note },
        .list("areas") { $0.areas }, .list("links") { $0.links }, .list("groups") { $0.groups },
        .model("pager") { $0.pager }, .value("empty") { $0.empty }, .value("filter_src") { $0.filterSource },
        .value("filter_facets") { $0.filterFacets.joined(separator: " ") }, .value("first_page") { $0.firstPage },
    ])
    static let template = "html/listing"

    /// Cases per page of a long listing.
    static let pageSize = 50
}

/// Links between the pages of a paginated listing.
/// The links between a listing's pages: the first and the last page, the pages within `window` of the current one,
/// and a gap (…) where pages are left out, so that a page carries a few links however many pages the listing has (a
/// link to each of a thousand pages on each of them made the listings grow with the square of the cases).
struct PagerModel: SchemaModel {
    struct PageLink: SchemaModel {
        var n: Int
        var url: String
        var current: Bool
        /// Stands for the pages left out between its neighbours (n and url are empty).
        var gap: Bool = false
        static let schema = Schema<Self>([.value("n") { $0.gap ? "" : String($0.n) }, .value("url") { $0.url },
                                          .value("current") { $0.current }, .value("gap") { $0.gap }])
    }

    /// Pages on either side of the current one that are linked.
    static let window = 2

    var pages: [PageLink]
    var label: String
    var prev: String?
    var next: String?

    static let schema = Schema<Self>([
        .list("pages") { $0.pages }, .value("label") { $0.label }, .value("prev") { $0.prev }, .value("next") { $0.next },
    ])

    init(page n: Int, of count: Int, path: (Int) -> String) {
        let count = max(count, 1)
        let shown = Self.shown(page: n, of: count)
        pages = []
        for (i, p) in shown.enumerated() {
            // A single page left out is linked rather than stood for by a gap that is as wide as its link.
            if i > 0 {
                let before = shown[i - 1]
                if p - before == 2 { pages.append(PageLink(n: before + 1, url: path(before + 1), current: false)) }
                if p - before > 2 { pages.append(PageLink(n: 0, url: "", current: false, gap: true)) }
            }
            pages.append(PageLink(n: p, url: path(p), current: p == n))
        }
        label = "第 \(n) / \(count) 页"
        prev = n > 1 ? path(n - 1) : nil
        next = n < count ? path(n + 1) : nil
    }

    /// The pages linked from page `n`, ascending.
    static func shown(page n: Int, of count: Int) -> [Int] {
        var pages = [1]
        for p in max(2, n - window)...max(2, min(count - 1, n + window)) where p < count { pages.append(p) }
        if count > 1 { pages.append(count) }
        return pages
    }
}

extension ListingModel {
    /// The listing cut into pages of `pageSize` cases: `zones/guangxi/index.html`, `zones/guangxi/page/2/index.html`, …
    /// (`Paths.listing`); a group cut by a page break carries on under its title with “（续）”. Each page with its path
    /// and page number.
    func paginated(_ listing: Listing) -> [(path: String, number: Int, model: ListingModel)] {
        var whole = self
        whole.firstPage = Paths.listing(listing)
        let total = groups.reduce(0) { $0 + $1.items.count }
        guard total > Self.pageSize else { return [(Paths.listing(listing), 1, whole)] }
        var pages: [[Group]] = [[]]
        var filled = 0
        for g in groups {
            var items = g.items[...]
            var first = true
            while !items.isEmpty {
                if filled == Self.pageSize {
                    pages.append([])
                    filled = 0
                }
                let take = min(Self.pageSize - filled, items.count)
                var part = g
                part.items = Array(items.prefix(take))
                if !first { part.title = "\(g.title)（续）" }
                pages[pages.count - 1].append(part)
                items = items.dropFirst(take)
                filled += take
                first = false
            }
        }
        func pagePath(_ n: Int) -> String { Paths.listing(listing, page: n) }
        return pages.enumerated().map { i, groups in
            var m = whole
            m.groups = groups
            m.pager = PagerModel(page: i + 1, of: pages.count, path: pagePath)
            return (pagePath(i + 1), i + 1, m)
        }
    }
}
