import CasebookBuild
import CasebookMarkdown
import CasebookTemplates
import CasebookCore
@testable import CasebookParse
@testable import CasebookRender
import Foundation
import XCTest

/// End to end: the real site from the main fixture and `Templates/`, built in memory or into a temporary folder.
final class SiteBuildTests: XCTestCase {
    static var rendered: (files: [OutputFile]?, corpus: Corpus, diagnostics: [Diagnostic]) { RealSite.rendered }

    var files: [String: Data] {
        get throws { try RealSite.files() }
    }

    /// Visible text of a page: tags dropped, entities decoded, white space removed.
    static func visibleText(_ html: String) -> String {
        var t = html.replacingOccurrences(of: #"<script[\s\S]*?</script>"#, with: "", options: .regularExpression)
        t = t.replacingOccurrences(of: #"<[^>]+>"#, with: "", options: .regularExpression)
        for (e, c) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&amp;", "&")] { t = t.replacingOccurrences(of: e, with: c) }
        return Text.squeeze(t)
    }

    func testTheSiteBuildsWithoutErrors() throws {
        XCTAssertNotNil(Self.rendered.files, "\(Self.rendered.diagnostics)")
        XCTAssertFalse(Self.rendered.diagnostics.hasErrors)
        XCTAssertEqual(Self.rendered.corpus.cases.count, 126)
    }

    /// Nothing is lost: the text of every line that is not furniture appears on the page of the case whose
    /// lines hold it (compared piece by piece, since units and numbers are shown as fields, not as printed lines).
    func testEveryNonFurnitureLineAppearsOnItsCasePage() throws {
        let files = try self.files
        var missing: [String] = []
        var checked = 0
        for parsed in Self.rendered.corpus.parsed {
            guard let doc = Self.rendered.corpus.documents.first(where: { $0.file == parsed.file }) else { continue }
            let furniture = Set(parsed.furniture.map(\.line))
            var pageText: [String: String] = [:]
            for line in SourceLine.split(doc.text) where !line.isBlank && !furniture.contains(line.number) {
                guard let c = parsed.cases.first(where: { $0.source.lines.contains(line.number) }) else {
                    missing.append("\(doc.file):\(line.number): in no case"); continue
                }
                func text(of c: Case) throws -> String {
                    if let t = pageText[c.id] { return t }
                    let t = Self.visibleText(String(decoding: try XCTUnwrap(files[Paths.casePage(c.id)]), as: UTF8.self))
                    pageText[c.id] = t
                    return t
                }
                // A paragraph the parser moved to another case (news columns) is on the page of the case whose notice
                // names its line; that page says so.
                let movedTo = parsed.cases.first { $0.id != c.id && $0.notices.contains { $0.contains("第\(line.number)行") } }
                let text = try text(of: movedTo ?? c)
                var content = line.text.replacingOccurrences(of: #"^(#+|[0-9]{1,3}[.．、]|[□■])"#, with: "", options: .regularExpression)
                content = content.replacingOccurrences(of: #"[\s：:；;，,、（）()\[\]【】《》“”"。]+"#, with: "\n", options: .regularExpression)
                for piece in content.split(separator: "\n").map(String.init) where piece.count >= 2 {
                    checked += 1
                    if !text.contains(Text.squeeze(piece)) { missing.append("\(doc.file):\(line.number): “\(piece)” not on \((movedTo ?? c).id)") }
                }
            }
        }
        XCTAssertGreaterThan(checked, 10_000)
        XCTAssertTrue(missing.isEmpty, "\(missing.count) pieces missing:\n" + missing.prefix(30).joined(separator: "\n"))
    }

    func testEveryCaseHasAPageListedInItsBatch() throws {
        let files = try self.files
        for c in Self.rendered.corpus.cases {
            XCTAssertNotNil(files[Paths.casePage(c.id)], c.id)
        }
        let batch = String(decoding: try XCTUnwrap(files["batches/gx-b2/index.html"]), as: UTF8.self)
        XCTAssertEqual(batch.components(separatedBy: "data-case-id=\"gx-b2-").count - 1, 40)
    }

    func testCasePageSaysWhereItCameFrom() throws {
        let html = String(decoding: try XCTUnwrap(files["cases/cn-b5-best-04.html"]), as: UTF8.self)
        XCTAssertTrue(html.contains("href=\"../sources/003_cf3adbfb7b3756f8.html#L275-L438\">003_cf3adbfb7b3756f8.txt 第 275–438 行</a>"),
                      "source file and lines, linked to the source page")
        XCTAssertTrue(html.contains("全国第五批 · 最佳实践案例 第4项"))
        XCTAssertTrue(html.contains("据外部资料"), "attributed facts are marked")
        XCTAssertTrue(html.contains("规则推断"), "inferred field is marked as such")
        let official = String(decoding: try XCTUnwrap(files["cases/gx-b2-pilot-11.html"]), as: UTF8.self)
        XCTAssertTrue(official.contains("官方标注：投资领域改革领域"))
    }

    func testTheAttachmentTableIsARealTable() throws {
        let html = String(decoding: try XCTUnwrap(files["cases/gx-b2-best-21.html"]), as: UTF8.self)
        XCTAssertTrue(html.contains("<th>社会投资低风险工程建设项目类型</th>"), "header cells")
        XCTAssertEqual(html.components(separatedBy: "<tr>").count - 1, 11, "header + 10 rows")
    }

    func testSourceTextIsEscaped() throws {
        // A source with markup in it: the page shows it as text, never as HTML.
        let dir = temporaryFolder(self)
        try FixtureSite.make(at: dir, sources: ["evil.txt": """
            1.<script>alert(1)</script>测试标题

            （报送单位：南宁片区管委会；复制推广责任单位：自治区商务厅）
            正文含有<b>标签</b>与[链接](javascript:alert(1))以及**星号**。

            """])
        let result = SiteBuilder().render(.init(content: dir.appendingPathComponent("Content").path, templates: Repo.templates, output: "unused"))
        let files = Dictionary(uniqueKeysWithValues: (result.files ?? []).map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
        let page = try XCTUnwrap(files.first { $0.key.hasPrefix("cases/") }?.value, "\(result.diagnostics)")
        XCTAssertFalse(page.contains("<script>alert"))
        XCTAssertFalse(page.contains("<b>标签"))
        XCTAssertFalse(page.contains("href=\"javascript"))
        XCTAssertTrue(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;测试标题"))
        XCTAssertTrue(page.contains("**星号**"), "Markdown syntax from the source stays literal")
        let source = try XCTUnwrap(files["sources/evil.html"], "the source page")
        XCTAssertFalse(source.contains("<script>alert"))
        XCTAssertFalse(source.contains("<b>标签"))
        XCTAssertTrue(source.contains(">1.&lt;script&gt;alert(1)&lt;/script&gt;测试标题</li>"))
    }

    func testATemplateVariableItsModelDoesNotProvideIsAnError() throws {
        let dir = temporaryFolder(self)
        let templates = dir.appendingPathComponent("Templates")
        try FileManager.default.copyItem(atPath: Repo.templates, toPath: templates.path)
        let file = templates.appendingPathComponent("html/stats.mustache")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: "<h1>统计</h1>", with: "<h1>{{titel}}</h1>")
        try text.write(to: file, atomically: true, encoding: .utf8)
        let result = SiteBuilder().render(.init(content: Repo.content, templates: templates.path, output: "unused"))
        XCTAssertNil(result.files)
        let d = try XCTUnwrap(result.diagnostics.first { $0.id == "template.unknown-key" })
        XCTAssertEqual(d.description, "Templates/html/stats.mustache:3:5: error: 'titel' is not a key of PageModel<StatsModel>, the model this template is rendered with [template.unknown-key]")
        XCTAssertFalse(result.diagnostics.contains { $0.id == "template.unknown-key" && $0.location?.file != "Templates/html/stats.mustache" })
    }

    func testTwoBuildsAreByteIdentical() throws {
        let a = try XCTUnwrap(SiteBuilder().render(.init(content: Repo.content, templates: Repo.templates, output: "unused")).files)
        let b = try XCTUnwrap(Self.rendered.files)
        XCTAssertGreaterThan(a.count, 700, "a whole site, not an empty one")
        XCTAssertEqual(a.count, b.count)
        XCTAssertEqual(a.map(\.path), b.map(\.path))
        for (x, y) in zip(a, b) where x.bytes != y.bytes { XCTFail("\(x.path) differs between two builds") }
    }

    func testLongListingsArePaginated() throws {
        let files = try self.files
        let first = String(decoding: try XCTUnwrap(files["zones/guangxi/index.html"]), as: UTF8.self)
        XCTAssertEqual(first.components(separatedBy: "class=\"card\"").count - 1, ListingModel.pageSize)
        XCTAssertTrue(first.contains("href=\"../../zones/guangxi/page/2/index.html\" rel=\"next\""))
        let second = String(decoding: try XCTUnwrap(files["zones/guangxi/page/2/index.html"]), as: UTF8.self)
        XCTAssertTrue(second.contains("href=\"../../../../zones/guangxi/index.html\" rel=\"prev\""))
        XCTAssertTrue(second.contains("<span aria-current=\"page\">2</span>"))
        // Every 广西 case is on exactly one of the pages.
        let pages = files.keys.filter { $0 == "zones/guangxi/index.html" || $0.hasPrefix("zones/guangxi/page/") }
        XCTAssertEqual(pages.count, 2)
        let ids = pages.flatMap { String(decoding: files[$0]!, as: UTF8.self).components(separatedBy: "class=\"card\" data-case-id=\"").dropFirst().map { $0.prefix { $0 != "\"" } } }
        XCTAssertEqual(ids.count, Set(ids).count)
        XCTAssertEqual(ids.count, Self.rendered.corpus.cases.filter { $0.zones.contains { $0.ftz == "广西" } }.count)
    }

    /// A listing of many pages links from each page the first and last, the pages near it, and a gap for the rest: a
    /// few links per page, not one per page of the listing.
    func testAPagerOfManyPagesShowsAWindow() throws {
        func shown(_ n: Int, of count: Int) -> [String] {
            PagerModel(page: n, of: count, path: { "p\($0)" }).pages.map { $0.gap ? "…" : $0.current ? "[\($0.n)]" : "\($0.n)" }
        }
        XCTAssertEqual(shown(50, of: 100), ["1", "…", "48", "49", "[50]", "51", "52", "…", "100"])
        XCTAssertEqual(shown(1, of: 100), ["[1]", "2", "3", "…", "100"])
        XCTAssertEqual(shown(100, of: 100), ["1", "…", "98", "99", "[100]"])
        // A single page left out is linked, not replaced by a gap.
        XCTAssertEqual(shown(4, of: 100), ["1", "2", "3", "[4]", "5", "6", "…", "100"])
        XCTAssertEqual(shown(5, of: 7), ["1", "2", "3", "4", "[5]", "6", "7"])
        XCTAssertEqual(shown(2, of: 2), ["1", "[2]"])
        XCTAssertEqual(shown(1, of: 1), ["[1]"])
        // Every page can be reached from the first by following the pager's links.
        var seen: Set<Int> = [1], todo = [1]
        while let n = todo.popLast() {
            for link in PagerModel(page: n, of: 1000, path: { "p\($0)" }).pages where !link.gap && seen.insert(link.n).inserted { todo.append(link.n) }
        }
        XCTAssertEqual(seen.count, 1000)
        XCTAssertLessThanOrEqual(PagerModel(page: 500, of: 1000, path: { "p\($0)" }).pages.count, 9)
    }

    func testWithoutABaseURLNoAbsoluteURLsAreWritten() throws {
        XCTAssertNil(try files["sitemap.xml"])
        let home = String(decoding: try XCTUnwrap(files["index.html"]), as: UTF8.self)
        XCTAssertFalse(home.contains("rel=\"canonical\""))
        XCTAssertFalse(home.contains("og:url"))
    }

    func testWithABaseURLSitemapFeedAndCanonicalLinksAreWritten() throws {
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content")
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content.path)
        try "title: 测试站\nbase_url: https://example.org/cases\n".write(to: content.appendingPathComponent("site.yaml"), atomically: true, encoding: .utf8)
        let result = SiteBuilder().render(.init(content: content.path, templates: Repo.templates, output: "unused"))
        let files = Dictionary(uniqueKeysWithValues: (result.files ?? []).map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
        let page = try XCTUnwrap(files["cases/gx-b2-pilot-01.html"])
        XCTAssertTrue(page.contains("<link rel=\"canonical\" href=\"https://example.org/cases/cases/gx-b2-pilot-01.html\">"))
        XCTAssertTrue(page.contains("<meta property=\"og:url\" content=\"https://example.org/cases/cases/gx-b2-pilot-01.html\">"))
        let sitemap = try XCTUnwrap(files["sitemap.xml"])
        XCTAssertTrue(sitemap.contains("<loc>https://example.org/cases/stats.html</loc>"))
        XCTAssertEqual(sitemap.components(separatedBy: "<loc>https://example.org/cases/cases/").count - 1, 126)
        let feed = try XCTUnwrap(files["feed.xml"])
        XCTAssertEqual(feed.components(separatedBy: "<entry>").count - 1, 126)
        // Entries are dated by their batch's publication (the metadata's year), newest batch first; 404.html is no page of the sitemap.
        let parts = feed.components(separatedBy: "<entry>")
        XCTAssertTrue(parts[0].contains("<updated>2025-01-01T00:00:00Z</updated>"), "the newest batch (gx-b7, 2025) dates the feed")
        XCTAssertTrue(parts[1].contains("<updated>2025-01-01T00:00:00Z</updated>"), "and comes first")
        XCTAssertTrue(parts.last!.contains("<updated>2021-01-01T00:00:00Z</updated>"))
        XCTAssertFalse(sitemap.contains("404.html"))
        XCTAssertTrue(try XCTUnwrap(files["robots.txt"]).contains("Sitemap: https://example.org/cases/sitemap.xml"))
    }

    func testCasesJSONHasThePublishedShape() throws {
        let data = try XCTUnwrap(files["data/cases.json"])
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try XCTUnwrap(doc["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 126)
        let first = try XCTUnwrap(cases.first { $0["id"] as? String == "gx-b2-pilot-01" })
        for key in ["id", "url", "title", "kind", "number", "batch", "category", "ftz", "areas", "submitters", "lead_units",
                    "responsible_units", "scope", "summary", "sections", "source", "related"] {
            XCTAssertNotNil(first[key], key)
        }
        XCTAssertEqual(first["areas"] as? [String], ["南宁片区"])
        XCTAssertEqual((first["source"] as? [String: Any])?["lines"] as? [Int], [211, 248])
        let csv = try XCTUnwrap(files["data/cases.csv"])
        XCTAssertEqual(Array(csv.prefix(3)), [0xEF, 0xBB, 0xBF], "UTF-8 BOM so Excel opens it")
    }
}

/// Writes a small content folder (sources with metadata + the real reference data) for a scenario.
enum FixtureSite {
    static func make(at dir: URL, sources: [String: String], metadata: Bool = true) throws {
        let content = dir.appendingPathComponent("Content")
        let fm = FileManager.default
        try fm.createDirectory(at: content.appendingPathComponent("sources"), withIntermediateDirectories: true)
        try fm.copyItem(atPath: Repo.content + "/data", toPath: content.appendingPathComponent("data").path)
        for (name, text) in sources {
            try text.write(to: content.appendingPathComponent("sources/" + name), atomically: true, encoding: .utf8)
            guard metadata else { continue }
            let stem = (name as NSString).deletingPathExtension
            let slug = stem.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
            try """
            slug: \(slug)
            title: {value: 测试文件, basis: attributed}
            issuer: {value: 测试单位, basis: attributed}
            level: {value: 自治区级, basis: attributed}
            batch: {number: 1, name: 第一批, basis: attributed}
            year: {value: 2021, basis: attributed}
            """.write(to: content.appendingPathComponent("sources/\(stem).yaml"), atomically: true, encoding: .utf8)
        }
    }
}

extension SiteBuildTests {
    /// Rendering on several threads gives the same files, byte for byte, as rendering on one.
    func testAParallelRenderEqualsASequentialOne() throws {
        let corpus = RealSite.rendered.corpus
        let templates = try XCTUnwrap(TemplateSet.load(directory: Repo.templates, markdownEscape: Markdown.escape).0)
        let input = SiteInput(cases: corpus.cases, documents: Dictionary(uniqueKeysWithValues: corpus.documents.map { ($0.file, $0.metadata) }),
                              documentOrder: corpus.documents.map(\.file), reference: corpus.reference, config: SiteConfig())
        let renderer = SiteRenderer(templates: templates, input: input)
        let sequential = try renderer.render(workers: 1)
        let parallel = try renderer.render(workers: 4)
        XCTAssertGreaterThan(sequential.count, 700)
        XCTAssertEqual(sequential.map(\.path), parallel.map(\.path))
        let differing = zip(sequential, parallel).filter { $0.bytes != $1.bytes }.map(\.0.path)
        XCTAssertEqual(differing, [])
    }
}
