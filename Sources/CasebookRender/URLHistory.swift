import CasebookCore

/// Every address the site has published, and where that page is now. An address, once published, is never dropped:
/// a reader's bookmark, a citation or another site's link keeps working. When pages move, the scheme that named them
/// is added to `formerSchemes`; each page a former scheme named gets a small redirect page at its old address,
/// pointing straight at the current one (never through another redirect).
enum URLHistory {
    /// How a version of Casebook named the pages of a listing: page `n` (from 1) of `listing`, relative to the site root.
    struct Scheme: Sendable {
        var name: String
        var listingPage: @Sendable (_ listing: Listing, _ page: Int) -> String
    }

    /// The schemes before the current one (`Paths.listing`), oldest first.
    static let formerSchemes: [Scheme] = [
        // Up to 0.3.0: one file per listing beside the others, later pages `-p<n>`, and a 片区 named by its FTZ's code and
        // its place in `areas` (`zones/guangxi-1.html`, which looked like an FTZ's page).
        Scheme(name: "flat files") { listing, page in
            let first: String
            switch listing {
            case .batches: first = "batches/index.html"
            case .batch(let slug): first = "batches/\(slug).html"
            case .ftz(let code): first = "zones/\(code).html"
            case .area(let ftz, _, let position): first = "zones/\(ftz)-\(position).html"
            case .fields: first = "fields/index.html"
            case .field(let code): first = "fields/\(code).html"
            case .kind(let kind): first = "kinds/\(kind.code).html"
            }
            return page <= 1 ? first : String(first.dropLast(".html".count)) + "-p\(page).html"
        },
    ]

    /// A page of the site as the redirects see it: what it is, its path and its title.
    struct Page {
        var listing: Listing
        var number: Int
        var path: String
        var title: String
    }

    /// An old address and the page it names now.
    struct Redirect: Equatable {
        var from: String
        var to: String
        var title: String
    }

    struct Conflict: Error, CustomStringConvertible {
        var description: String
    }

    /// The redirects for `pages` (every listing page the site has now): each address a former scheme gave one of them,
    /// unless it is still that page's address. `files` are the paths the site writes besides: an old address that is
    /// one of them, or that two pages claim, is a conflict (a scheme change that would break a published address).
    /// Sorted by old address.
    static func redirects(for pages: [Page], files: Set<String>, schemes: [Scheme] = formerSchemes) throws -> [Redirect] {
        var byOld: [String: Redirect] = [:]
        for scheme in schemes {
            for page in pages {
                let old = scheme.listingPage(page.listing, page.number)
                guard old != page.path else { continue }
                if files.contains(old) {
                    throw Conflict(description: "\(old), published by the \(scheme.name) scheme for \(page.path), is now another file of the site")
                }
                if let other = byOld[old], other.to != page.path {
                    throw Conflict(description: "\(old) was published for \(other.to) and for \(page.path)")
                }
                byOld[old] = Redirect(from: old, to: page.path, title: page.title)
            }
        }
        return byOld.values.sorted { $0.from < $1.from }
    }
}
