import CasebookCore
import Foundation

/// The Atom feed of cases, newest batch first. Dates are the documents' years (the content's, never the clock's).
struct FeedModel {
    struct Entry {
        var title: String
        var url: String
        var updated: String
        var author: String
        var summary: String
    }

    var title: String
    var base: String
    var updated: String
    var entries: [Entry]

    func atom() -> String {
        var out = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
        <title>\(xml(title))</title>
        <id>\(xml(base))</id>
        <link href="\(xml(base))"/>
        <link rel="self" href="\(xml(base + "feed.xml"))"/>
        <updated>\(updated)</updated>

        """
        for e in entries {
            out += """
            <entry><title>\(xml(e.title))</title><id>\(xml(e.url))</id><link href="\(xml(e.url))"/>\
            <updated>\(e.updated)</updated><author><name>\(xml(e.author))</name></author>\
            <summary>\(xml(e.summary))</summary></entry>

            """
        }
        return out + "</feed>\n"
    }
}

/// Text for XML content and attributes.
func xml(_ s: String) -> String {
    s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
        .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
}

extension Catalog {
    /// When a batch was published, as an Atom date: the metadata's year (1 January). The one place that dates a batch,
    /// so that a full `date:` in the metadata, once `DocumentMetadata` carries it, is read here and a newly added batch
    /// appears as new.
    static func publicationDate(_ meta: DocumentMetadata) -> String {
        "\(meta.year.value)-01-01T00:00:00Z"
    }

    func makeFeedModel(base: String) -> FeedModel {
        let ordered = batches.sorted { (Self.publicationDate($0.meta), $0.file) > (Self.publicationDate($1.meta), $1.file) }
        let entries = ordered.flatMap { b in
            b.cases.map { c in
                FeedModel.Entry(title: c.title, url: base + Paths.casePage(c.id), updated: Self.publicationDate(b.meta),
                                author: b.meta.issuer.value, summary: citationLabel(c) + "。" + (c.summary ?? ""))
            }
        }
        return FeedModel(title: input.config.title, base: base, updated: ordered.first.map { Self.publicationDate($0.meta) } ?? "2000-01-01T00:00:00Z",
                         entries: entries)
    }
}

/// sitemap.xml, robots.txt and the Atom feed. Absolute URLs need a base URL; without one the sitemap and feed are not
/// written (they would be useless) and robots.txt says so.
struct Feeds {
    let catalog: Catalog

    func files(pages: [String]) -> [OutputFile] {
        guard let base = catalog.input.config.baseURL else {
            return [OutputFile(path: "robots.txt", text: "User-agent: *\nAllow: /\n# No sitemap: base_url is not set in Content/site.yaml.\n")]
        }
        var sitemap = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for p in pages.sorted() where p != Paths.notFound { sitemap += "<url><loc>\(xml(base + p))</loc></url>\n" }
        sitemap += "</urlset>\n"
        return [
            OutputFile(path: "robots.txt", text: "User-agent: *\nAllow: /\nSitemap: \(base)sitemap.xml\n"),
            OutputFile(path: "sitemap.xml", text: sitemap),
            OutputFile(path: "feed.xml", text: catalog.makeFeedModel(base: base).atom()),
        ]
    }
}
