import CasebookCore
import Foundation

extension SiteRenderer {
    /// sitemap.xml, robots.txt and an Atom feed of cases. Absolute URLs need a base URL; without one the
    /// sitemap and feed are not written (they would be useless) and robots.txt says so.
    func renderFeeds(pages: [String]) -> [OutputFile] {
        guard let base = input.config.baseURL else {
            return [OutputFile(path: "robots.txt", text: "User-agent: *\nAllow: /\n# No sitemap: base_url is not set in Content/site.yaml.\n")]
        }
        var files = [OutputFile(path: "robots.txt", text: "User-agent: *\nAllow: /\nSitemap: \(base)sitemap.xml\n")]
        var sitemap = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for p in pages.sorted() { sitemap += "<url><loc>\(xml(base + p))</loc></url>\n" }
        sitemap += "</urlset>\n"
        files.append(OutputFile(path: "sitemap.xml", text: sitemap))
        files.append(OutputFile(path: "feed.xml", text: atom(base: base)))
        return files
    }

    /// Cases newest batch first; dates are the documents' years (the content's, never the clock's).
    func atom(base: String) -> String {
        let ordered = catalog.batches.sorted { ($0.meta.year.value, $0.file) > ($1.meta.year.value, $1.file) }
        let updated = "\(ordered.first?.meta.year.value ?? 2000)-01-01T00:00:00Z"
        var out = """
        <?xml version="1.0" encoding="utf-8"?>
        <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">
        <title>\(xml(input.config.title))</title>
        <id>\(xml(base))</id>
        <link href="\(xml(base))"/>
        <link rel="self" href="\(xml(base + "feed.xml"))"/>
        <updated>\(updated)</updated>

        """
        for b in ordered {
            for c in b.cases {
                let url = base + Paths.casePage(c.id)
                out += """
                <entry><title>\(xml(c.title))</title><id>\(xml(url))</id><link href="\(xml(url))"/>\
                <updated>\(b.meta.year.value)-01-01T00:00:00Z</updated><author><name>\(xml(b.meta.issuer.value))</name></author>\
                <summary>\(xml(catalog.citationLabel(c) + "。" + (c.summary ?? "")))</summary></entry>

                """
            }
        }
        return out + "</feed>\n"
    }

    func xml(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
