import CasebookBuild
import CasebookCore
@testable import CasebookRender
import Foundation
import XCTest

/// Clear, stable addresses: a listing is a folder (`zones/guangxi/index.html`, a 片区 under its FTZ
/// `zones/guangxi/nanning/index.html`, later pages `…/page/2/index.html`), links name the `index.html`, and every
/// address published before still opens (a redirect page at the old address).
final class URLTests: XCTestCase {
    var files: [String: Data] {
        get throws { try RealSite.files() }
    }

    static func text(_ data: Data) -> String { String(decoding: data, as: UTF8.self) }

    /// The target of a page's `<meta http-equiv="refresh">`, nil for a page that is no redirect.
    static func refreshTarget(_ html: String) -> String? {
        guard let r = html.range(of: #"<meta http-equiv="refresh" content="0; url=[^"]*">"#, options: .regularExpression) else { return nil }
        return String(html[r].dropFirst(#"<meta http-equiv="refresh" content="0; url="#.count).dropLast(2))
    }

    /// `link` read from the page at `page`, as a path from the site root (`..` resolved); nil when it leaves the site.
    static func resolve(_ link: String, from page: String) -> String? {
        var parts = page.split(separator: "/").dropLast().map(String.init)
        for p in link.split(separator: "#")[0].split(separator: "?")[0].split(separator: "/", omittingEmptySubsequences: false) {
            if p == ".." {
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            } else if p != "." {
                parts.append(String(p))
            }
        }
        return parts.joined(separator: "/")
    }

    func testListingsAreFoldersWithTheirPagesInside() throws {
        let files = try self.files
        for path in ["batches/gx-b2/index.html", "zones/guangxi/index.html", "zones/guangxi/nanning/index.html",
                     "zones/guangxi/qinzhougang/index.html", "zones/guangxi/chongzuo/index.html", "zones/guangxi/page/2/index.html",
                     "fields/finance/index.html", "kinds/best/index.html", "kinds/best/page/2/index.html"] {
            XCTAssertNotNil(files[path], "no \(path)")
            XCTAssertNil(Self.refreshTarget(Self.text(files[path] ?? Data())), "\(path) is a page, not a redirect")
        }
        let nanning = Self.text(try XCTUnwrap(files["zones/guangxi/nanning/index.html"]))
        XCTAssertTrue(nanning.contains("<h1>中国（广西）自由贸易试验区 南宁片区</h1>"))
        XCTAssertTrue(nanning.contains("<a href=\"../../../zones/guangxi/index.html\">广西</a>"), "the breadcrumb leads up to the FTZ")
        XCTAssertTrue(nanning.contains("data-src=\"../../../listings/zones/guangxi/nanning.js\""))
        XCTAssertNotNil(files["listings/zones/guangxi/nanning.js"])
        // The FTZ page links its 片区 by their names.
        let guangxi = Self.text(try XCTUnwrap(files["zones/guangxi/index.html"]))
        XCTAssertTrue(guangxi.contains("<a href=\"../../zones/guangxi/nanning/index.html\">南宁片区"), "the 片区 chip")
        // A later page's filters lead to the listing's first page.
        let second = Self.text(try XCTUnwrap(files["zones/guangxi/page/2/index.html"]))
        XCTAssertTrue(second.contains("data-first=\"../../../../zones/guangxi/index.html\""), "filters start from the first page")
    }

    /// Every local link of every page names a file of the site; none names a folder (from disk a folder does not open
    /// its index.html), and every link to a listing names its `index.html`.
    func testEveryLinkNamesAFileOfTheSite() throws {
        let files = try self.files
        let link = try NSRegularExpression(pattern: #"\b(?:href|src)="([^"]*)""#)
        var checked = 0
        var problems: [String] = []
        for (path, data) in files where path.hasSuffix(".html") {
            let html = Self.text(data).replacingOccurrences(of: #"<!--[\s\S]*?-->"#, with: "", options: .regularExpression)
            var links = link.matches(in: html, range: NSRange(html.startIndex..., in: html)).map { String(html[Range($0.range(at: 1), in: html)!]) }
            if let target = Self.refreshTarget(html) { links.append(target) }
            for raw in links {
                let l = raw.replacingOccurrences(of: "&amp;", with: "&")
                if l.hasPrefix("#") || l.hasPrefix("http:") || l.hasPrefix("https:") || l.hasPrefix("mailto:") || l.isEmpty { continue }
                checked += 1
                guard let target = Self.resolve(l, from: path) else { problems.append("\(path): \(l) leaves the site"); continue }
                if target.isEmpty || target.hasSuffix("/") || l.split(separator: "#")[0].split(separator: "?")[0].hasSuffix("/") {
                    problems.append("\(path): \(l) names a folder")
                } else if files[target] == nil {
                    problems.append("\(path): \(l) is missing")
                }
            }
        }
        XCTAssertGreaterThan(checked, 5_000)
        XCTAssertEqual(problems.prefix(20).joined(separator: "\n"), "")
    }

    /// Every address the site published before still opens: as the same page, or as a redirect straight to a page.
    func testEveryPublishedAddressStillOpens() throws {
        let files = try self.files
        let lists = try FileManager.default.contentsOfDirectory(atPath: Repo.fixtures.appendingPathComponent("real/Expected").path)
            .filter { $0.hasPrefix("published-") }
        XCTAssertFalse(lists.isEmpty)
        var moved = 0
        for list in lists {
            let paths = try String(contentsOf: Repo.fixtures.appendingPathComponent("real/Expected/" + list), encoding: .utf8)
                .split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") }
            XCTAssertGreaterThan(paths.count, 300)
            for old in paths {
                let page = try XCTUnwrap(files[old], "\(list): \(old) no longer opens")
                guard let target = Self.refreshTarget(Self.text(page)) else { continue }
                moved += 1
                let now = try XCTUnwrap(Self.resolve(target, from: old))
                let landing = try XCTUnwrap(files[now], "\(old) redirects to \(now), which is missing")
                XCTAssertNil(Self.refreshTarget(Self.text(landing)), "\(old) redirects to \(now), another redirect")
            }
        }
        XCTAssertEqual(moved, 77, "every listing page moved: 5 batches, 14 fields, 4 kind pages, 22 FTZ pages, 32 片区 pages")
    }

    /// Old addresses land on the page they named: the 片区 that was second in `areas`, the FTZ's second page.
    func testOldAddressesLandOnThePageTheyNamed() throws {
        let files = try self.files
        let expected = [
            "zones/guangxi.html": "zones/guangxi/index.html",
            "zones/guangxi-p2.html": "zones/guangxi/page/2/index.html",
            "zones/guangxi-1.html": "zones/guangxi/nanning/index.html",
            "zones/guangxi-2.html": "zones/guangxi/qinzhougang/index.html",
            "zones/guangxi-3.html": "zones/guangxi/chongzuo/index.html",
            "zones/zhejiang-2.html": "zones/zhejiang/ningbo/index.html",
            "batches/gx-b2.html": "batches/gx-b2/index.html",
            "fields/finance.html": "fields/finance/index.html",
            "kinds/best.html": "kinds/best/index.html",
            "kinds/best-p2.html": "kinds/best/page/2/index.html",
        ]
        for (old, new) in expected {
            let html = Self.text(try XCTUnwrap(files[old], old))
            let target = try XCTUnwrap(Self.refreshTarget(html), "\(old) is no redirect")
            XCTAssertFalse(target.hasPrefix("/"), "relative")
            XCTAssertEqual(Self.resolve(target, from: old), new, old)
            XCTAssertTrue(html.contains("<link rel=\"canonical\" href=\"\(target)\">"), old)
            XCTAssertTrue(html.contains("<meta name=\"robots\" content=\"noindex\">"), old)
            XCTAssertTrue(html.range(of: "<a href=\"\(target)\">[^<]+</a>", options: .regularExpression) != nil, "\(old): a visible link")
        }
        let nanning = Self.text(try XCTUnwrap(files["zones/guangxi-1.html"]))
        XCTAssertTrue(nanning.contains("<a href=\"../zones/guangxi/nanning/index.html\">广西 · 南宁片区</a>"), nanning)
        XCTAssertTrue(nanning.contains("<title>广西 · 南宁片区 · "))
        // Redirects are no pages of their own: not in the sitemap or search, and the unmoved index pages are pages.
        XCTAssertNil(Self.refreshTarget(Self.text(try XCTUnwrap(files["batches/index.html"]))))
        XCTAssertNil(Self.refreshTarget(Self.text(try XCTUnwrap(files["cases/gx-b2-pilot-01.html"]))))
    }

    func testWithABaseURLARedirectsCanonicalLinkIsAbsoluteAndTheSitemapHasNoRedirects() throws {
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content")
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content.path)
        try "title: 测试站\nbase_url: https://example.org/cases\n".write(to: content.appendingPathComponent("site.yaml"), atomically: true, encoding: .utf8)
        let result = SiteBuilder().render(.init(content: content.path, templates: Repo.templates, output: "unused"))
        let files = Dictionary(uniqueKeysWithValues: try XCTUnwrap(result.files).map { ($0.path, Self.text($0.bytes)) })
        let old = try XCTUnwrap(files["zones/guangxi-1.html"])
        XCTAssertTrue(old.contains("<link rel=\"canonical\" href=\"https://example.org/cases/zones/guangxi/nanning/index.html\">"), old)
        XCTAssertTrue(old.contains("content=\"0; url=../zones/guangxi/nanning/index.html\""), "the refresh stays relative")
        let sitemap = try XCTUnwrap(files["sitemap.xml"])
        XCTAssertTrue(sitemap.contains("<loc>https://example.org/cases/zones/guangxi/nanning/index.html</loc>"))
        XCTAssertTrue(sitemap.contains("<loc>https://example.org/cases/zones/guangxi/page/2/index.html</loc>"))
        XCTAssertFalse(sitemap.contains("guangxi-1.html"))
        XCTAssertFalse(sitemap.contains("<loc>https://example.org/cases/zones/guangxi.html</loc>"))
    }

    /// A scheme change that would take a published address for another file, or give one address to two pages, is
    /// refused rather than breaking the address.
    func testAMoveThatWouldBreakAPublishedAddressIsRefused() throws {
        let pages = [
            URLHistory.Page(listing: .ftz(code: "guangxi"), number: 1, path: Paths.ftzPage("guangxi"), title: "广西"),
            URLHistory.Page(listing: .area(ftz: "guangxi", code: "nanning", position: 1), number: 1,
                            path: Paths.areaPage(ftz: "guangxi", area: "nanning"), title: "南宁片区"),
        ]
        let redirects = try URLHistory.redirects(for: pages, files: Set(pages.map(\.path)))
        XCTAssertEqual(redirects, [
            .init(from: "zones/guangxi-1.html", to: "zones/guangxi/nanning/index.html", title: "南宁片区"),
            .init(from: "zones/guangxi.html", to: "zones/guangxi/index.html", title: "广西"),
        ])
        XCTAssertThrowsError(try URLHistory.redirects(for: pages, files: ["zones/guangxi-1.html"]))
        let clash = URLHistory.Scheme(name: "clash") { _, _ in "zones/same.html" }
        XCTAssertThrowsError(try URLHistory.redirects(for: pages, files: [], schemes: [clash]))
    }

    /// A 片区's code names its page: every 片区 has one, lower-case ASCII, unique within its FTZ, and not `page`.
    func testEveryAreaHasItsOwnCode() throws {
        let zones = Pipeline.loadCorpus(content: Repo.content).reference.zones
        XCTAssertGreaterThan(zones.count, 20)
        for z in zones {
            let codes = z.areas.compactMap(z.areaCode)
            XCTAssertEqual(codes.count, z.areas.count, "\(z.short): a 片区 without a code")
            XCTAssertEqual(Set(codes).count, codes.count, "\(z.short): two 片区 with one code")
        }
        XCTAssertEqual(zones.first { $0.code == "guangxi" }?.areas.compactMap { zones.first { $0.code == "guangxi" }?.areaCode($0) },
                       ["nanning", "qinzhougang", "chongzuo"])
        func loading(_ edit: (String) -> String) throws -> Diagnostic? {
            let dir = temporaryFolder(self)
            let content = dir.appendingPathComponent("Content")
            try FileManager.default.copyItem(atPath: Repo.content, toPath: content.path)
            let file = content.appendingPathComponent("data/zones.json")
            try edit(try String(contentsOf: file, encoding: .utf8)).write(to: file, atomically: true, encoding: .utf8)
            return Pipeline.loadCorpus(content: content.path).diagnostics.first { $0.id == "reference.invalid" }
        }
        let missing = try XCTUnwrap(try loading { $0.replacingOccurrences(of: "\"code\": \"qinzhougang\"", with: "\"province\": \"\"") })
        XCTAssertEqual(missing.severity, .error)
        XCTAssertTrue(missing.message.contains("广西 钦州港片区 has no code"), missing.message)
        let taken = try XCTUnwrap(try loading { $0.replacingOccurrences(of: "\"code\": \"qinzhougang\"", with: "\"code\": \"nanning\"") })
        XCTAssertTrue(taken.message.contains("广西 南宁片区 and 钦州港片区 have the same code nanning"), taken.message)
        let reserved = try XCTUnwrap(try loading { $0.replacingOccurrences(of: "\"code\": \"qinzhougang\"", with: "\"code\": \"page\"") })
        XCTAssertTrue(reserved.message.contains("钦州港片区"), reserved.message)
        let bare = try XCTUnwrap(try loading { $0.replacingOccurrences(of: "{\n     \"name\": \"崇左片区\",\n     \"code\": \"chongzuo\"\n    }", with: "\"崇左片区\"") })
        XCTAssertTrue(bare.message.contains("崇左片区 has no code"), bare.message)
        XCTAssertNil(try loading { $0 }, "the data as it is loads")
    }
}
