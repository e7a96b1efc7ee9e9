import CasebookBuild
import CasebookCore
import CasebookMarkdown
@testable import CasebookRender
import CasebookTemplates
import Foundation
import Synchronization
import XCTest

/// The printable handbooks: which exist, what they hold and in what order, their covers, links and anchors.
final class HandbookTests: XCTestCase {
    static let corpus = Pipeline.loadCorpus(content: Repo.content)
    static let templates: TemplateSet? = TemplateSet.load(directory: Repo.templates, markdownEscape: Markdown.escape).0

    static func input(_ corpus: Corpus = corpus) -> SiteInput {
        SiteInput(cases: corpus.cases, documents: Dictionary(uniqueKeysWithValues: corpus.documents.map { ($0.file, $0.metadata) }),
                  documentOrder: corpus.documents.map(\.file), reference: corpus.reference, config: SiteConfig())
    }

    /// The handbook pages of a site rendered from `input`; a render that fails fails the test.
    static func render(_ input: SiteInput = input()) throws -> [String: String] {
        let renderer = SiteRenderer(templates: try XCTUnwrap(templates, "the templates do not load"), input: input)
        let pages = try renderer.render().filter { $0.path.hasPrefix("handbooks/") }
        return Dictionary(uniqueKeysWithValues: pages.map { ($0.path, String(decoding: $0.bytes, as: UTF8.self)) })
    }

    /// The real site's handbook pages (never empty: the tests that read them fail when the site does not build).
    static var pages: [String: String] {
        get throws {
            let pages = try RealSite.files().filter { $0.key.hasPrefix("handbooks/") }.mapValues { String(decoding: $0, as: UTF8.self) }
            XCTAssertGreaterThan(pages.count, 2)
            return pages
        }
    }

    /// Values of `attribute` on elements whose opening tag matches `tagPattern`, in document order.
    static func values(_ html: String, tag tagPattern: String, attribute: String) -> [String] {
        let re = try! NSRegularExpression(pattern: "<\(tagPattern)\\b[^>]*?\\s\(attribute)=\"([^\"]*)\"")
        let ns = html as NSString
        return re.matches(in: html, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
    }

    static func unescape(_ s: String) -> String {
        var t = s
        for (e, c) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&#x27;", "'"), ("&amp;", "&")] { t = t.replacingOccurrences(of: e, with: c) }
        return t
    }

    /// Case ids of the case sections of a handbook page, in order.
    static func caseOrder(_ html: String) -> [String] { values(html, tag: "article", attribute: "id") }

    /// The official order: batches as listed, each batch's cases as printed (by source line).
    static var officialOrder: [String] {
        let files = corpus.documents.map(\.file)
        return corpus.cases.sorted { a, b in
            let (fa, fb) = (files.firstIndex(of: a.source.file) ?? 0, files.firstIndex(of: b.source.file) ?? 0)
            return fa != fb ? fa < fb : a.source.lines.first < b.source.lines.first
        }.map(\.id)
    }

    func testThereIsOneHandbookForEverythingEachBatchAndEachFTZWithCases() throws {
        let pages = try Self.pages
        XCTAssertNotNil(pages["handbooks/all.html"])
        XCTAssertNotNil(pages["handbooks/index.html"])
        for d in Self.corpus.documents where Self.corpus.cases.contains(where: { $0.source.file == d.file }) {
            XCTAssertNotNil(pages["handbooks/batch-\(d.metadata.slug).html"], d.metadata.slug)
        }
        for z in Self.corpus.reference.zones {
            let has = Self.corpus.cases.contains { $0.zones.contains { $0.ftz == z.short } }
            XCTAssertEqual(pages["handbooks/ftz-\(z.code).html"] != nil, has, z.code)
        }
        for path in pages.keys {
            XCTAssertTrue(path.range(of: #"^handbooks/[a-z0-9-]+\.html$"#, options: .regularExpression) != nil, "not an ASCII name: \(path)")
        }
        // The index links every handbook, relatively.
        let index = try XCTUnwrap(pages["handbooks/index.html"])
        for path in pages.keys where path != "handbooks/index.html" {
            XCTAssertTrue(index.contains("href=\"../\(path)\""), "index does not link \(path)")
        }
    }

    func testTheHandbookForEverythingHoldsEveryCaseOnceInOfficialOrder() throws {
        let all = try XCTUnwrap(try Self.pages["handbooks/all.html"])
        let order = Self.caseOrder(all)
        XCTAssertEqual(order.count, 126)
        XCTAssertEqual(order, Self.officialOrder)
        // The table of contents lists them in the same order, each linking to its section's anchor.
        let toc = Self.values(all, tag: "li", attribute: "data-case-id")
        XCTAssertEqual(toc, order)
        for id in order { XCTAssertTrue(all.contains("<a href=\"#\(id)\">"), "no TOC link to #\(id)") }
    }

    func testBatchAndFTZHandbooksFollowTheOfficialOrderAndHoldTheirCases() throws {
        let official = Self.officialOrder
        for d in Self.corpus.documents {
            guard let page = try Self.pages["handbooks/batch-\(d.metadata.slug).html"] else { continue }
            let expected = official.filter { id in Self.corpus.cases.first { $0.id == id }?.source.file == d.file }
            XCTAssertEqual(Self.caseOrder(page), expected, d.metadata.slug)
        }
        for z in Self.corpus.reference.zones {
            guard let page = try Self.pages["handbooks/ftz-\(z.code).html"] else { continue }
            let members = Set(Self.corpus.cases.filter { $0.zones.contains { $0.ftz == z.short } }.map(\.id))
            XCTAssertEqual(Self.caseOrder(page), official.filter(members.contains), z.code)
        }
    }

    func testEveryCaseShowsItsCitationAndSourceLines() throws {
        let all = try XCTUnwrap(try Self.pages["handbooks/all.html"])
        let sections = all.components(separatedBy: "<article class=\"hb-case\"").dropFirst()
        XCTAssertEqual(sections.count, Self.corpus.cases.count)
        for (section, id) in zip(sections, Self.caseOrder(all)) {
            let c = try XCTUnwrap(Self.corpus.cases.first { $0.id == id })
            XCTAssertTrue(section.contains("class=\"hb-cite-text\""), id)
            XCTAssertTrue(section.contains("<code>\(c.source.file)</code> 第 \(c.source.lines.first)–\(c.source.lines.last) 行"), id)
            // The citation names the publication and the item; the file and lines are the source line's, not the citation's.
            let cite = try XCTUnwrap(section.range(of: #"(?<=<span class="hb-cite-label">引用</span>)[^<]*"#, options: .regularExpression).map { String(section[$0]) }, id)
            XCTAssertTrue(cite.contains(c.kind == .news ? "第\(c.number)篇" : "第\(c.number)项"), "citation of \(id): \(cite)")
            XCTAssertFalse(cite.contains(c.source.file), "citation of \(id) names no working file: \(cite)")
            let heading = try XCTUnwrap(Self.values(section, tag: "h3", attribute: "class").first)
            XCTAssertEqual(heading, "hb-case-title", id)
            let title = try XCTUnwrap(section.range(of: #"(?<=<h3 class="hb-case-title">)[^<]*"#, options: .regularExpression).map { String(section[$0]) })
            XCTAssertEqual(Self.unescape(title), c.title, id)
        }
    }

    func testTheCoverDateIsTheLatestYearOfTheDocumentsNotTheClock() throws {
        let pages = try Self.pages
        func coverYear(_ page: String) -> String? {
            guard let r = page.range(of: #"<tr class="hb-cover-date"><th scope="row">日期</th><td>[0-9]{4}年"#, options: .regularExpression) else { return nil }
            return String(page[r].suffix(5).prefix(4))
        }
        let years = Self.corpus.documents.map(\.metadata.year.value)
        XCTAssertEqual(coverYear(try XCTUnwrap(pages["handbooks/all.html"])), String(years.max()!))
        for d in Self.corpus.documents {
            guard let page = pages["handbooks/batch-\(d.metadata.slug).html"] else { continue }
            XCTAssertEqual(coverYear(page), String(d.metadata.year.value), d.metadata.slug)
        }
        // Change the content, and the cover follows it.
        var corpus = Self.corpus
        corpus.documents[0].metadata.year = Fact(2031, .stated)
        let moved = try Self.render(Self.input(corpus))
        XCTAssertEqual(coverYear(try XCTUnwrap(moved["handbooks/all.html"])), "2031")
        XCTAssertEqual(coverYear(try XCTUnwrap(moved["handbooks/batch-\(corpus.documents[0].metadata.slug).html"])), "2031")
        // Same input, same bytes: nothing depends on the clock.
        let again = try Self.render()
        XCTAssertEqual(again.count, moved.count)
        XCTAssertTrue(try Self.render() == again, "two renders of the same input differ")
    }

    func testLinksAreRelativeAndAnchorsUnique() throws {
        for (path, page) in try Self.pages {
            let refs = Self.values(page, tag: "(?:a|link|script|img)", attribute: "(?:href|src)")
            for ref in refs {
                XCTAssertFalse(ref.hasPrefix("/") || ref.hasPrefix("file:"), "\(path): absolute link \(ref)")
                if ref.hasPrefix("http") { XCTAssertFalse(page.contains("src=\"\(ref)\""), "\(path): loads \(ref)") }
            }
            let ids = Self.values(page, tag: "[a-z0-9]+", attribute: "id")
            XCTAssertEqual(ids.count, Set(ids).count, "\(path): duplicate ids")
            if path != "handbooks/index.html" {
                XCTAssertTrue(page.contains("<link rel=\"stylesheet\" href=\"../assets/handbook.css\">"), path)
                // Every in-page link has its target.
                for ref in refs where ref.hasPrefix("#") { XCTAssertTrue(ids.contains(String(ref.dropFirst())), "\(path): \(ref) has no target") }
            }
        }
    }

    func testCaseHeadingsSitBelowTheHandbooksOwn() throws {
        XCTAssertEqual(SiteRenderer.demoteHeadings("<h2>一、做法</h2><h3>（一）</h3><h4>表</h4><h6>x</h6>", by: 2),
                       "<h4>一、做法</h4><h5>（一）</h5><h6>表</h6><h6>x</h6>")
        let all = try XCTUnwrap(try Self.pages["handbooks/all.html"])
        XCTAssertEqual(all.components(separatedBy: "<h1").count - 1, 1, "one h1: the cover title")
    }

    func testPartsGroupABatchsOwnParts() throws {
        let catalog = Catalog(Self.input())
        let books = catalog.handbooks()
        // Publication order: 国家级 before 自治区级, then by batch number.
        XCTAssertEqual(books.map(\.name).prefix(3), ["all", "batch-cn-b4", "batch-cn-b5"])
        let gx2 = try XCTUnwrap(books.first { $0.name == "batch-gx-b2" })
        XCTAssertEqual(gx2.parts.map(\.title), ["第一部分 改革试点经验（19项）", "第二部分 最佳实践案例（21项）"])
        XCTAssertEqual(gx2.parts.map(\.cases.count), [19, 21])
        let all = try XCTUnwrap(books.first { $0.name == "all" })
        XCTAssertEqual(all.parts.count, Self.corpus.documents.count)
        let gx2Index = try XCTUnwrap(Self.corpus.documents.firstIndex { $0.metadata.slug == "gx-b2" })
        XCTAssertEqual(all.parts[gx2Index].groups.compactMap(\.title), gx2.parts.map(\.title))
        XCTAssertEqual(all.parts.last?.groups.count, 1)
        XCTAssertNil(all.parts.last?.groups.first?.title)
    }

    /// An FTZ with more cases than a volume holds gets volumes too (`ftz-guangxi-1`, …): together they hold the FTZ's
    /// cases once each, in the order of its single handbook, none more than the limit.
    func testAnFTZLargerThanAVolumeIsCutIntoVolumes() throws {
        let catalog = Catalog(Self.input())
        let whole = try XCTUnwrap(catalog.handbooks().first { $0.name == "ftz-guangxi" })
        XCTAssertGreaterThan(whole.cases.count, 40)
        let volumes = catalog.handbooks(volumeLimit: 40).filter { $0.scope == .ftz && $0.name.hasPrefix("ftz-guangxi-") }
        XCTAssertGreaterThan(volumes.count, 1)
        XCTAssertEqual(volumes.map(\.name), (1...volumes.count).map { "ftz-guangxi-\($0)" })
        XCTAssertEqual(volumes.flatMap(\.cases).map(\.id), whole.cases.map(\.id))
        for (i, v) in volumes.enumerated() {
            XCTAssertLessThanOrEqual(v.cases.count, 40)
            XCTAssertTrue(v.title.contains("第\(i + 1)册，共\(volumes.count)册"), v.title)
        }
    }

    /// A case's section is made once however many handbooks hold it, and forgotten after its last use.
    func testASectionIsRenderedOnceAndKeptOnlyUntilItsLastUse() {
        let memo = FragmentMemo(uses: ["a", "a", "a", "b"])
        var made: [String] = []
        for key in ["a", "b", "a", "a"] {
            XCTAssertEqual(memo.section(key) { made.append(key); return "<\(key)>" }, "<\(key)>")
        }
        XCTAssertEqual(made, ["a", "b"])
        XCTAssertEqual(memo.waiting, 0)
    }

    /// Pages asking for one fragment at once on several threads: it is made once, and each gets it.
    func testAFragmentAskedForAtOnceIsMadeOnce() {
        let memo = FragmentMemo(uses: Array(repeating: "a", count: 64))
        let made = Mutex(0)
        let got = Parallel.map(Array(0..<64), workers: 8) { _ in
            memo.section("a") { made.withLock { $0 += 1 }; Thread.sleep(forTimeInterval: 0.01); return "<a>" }
        }
        XCTAssertEqual(got, Array(repeating: "<a>", count: 64))
        XCTAssertEqual(made.withLock { $0 }, 1)
        XCTAssertEqual(memo.waiting, 0)
    }

    /// A section made ahead of its handbooks counts none of its uses: it is made once, given to each handbook that
    /// asks, and forgotten after the last; making it ahead again does not make it twice.
    func testASectionMadeAheadServesEveryUseAndIsThenForgotten() {
        let memo = FragmentMemo(uses: ["a", "a", "b"])
        var made: [String] = []
        for key in ["a", "b", "a"] { memo.prepare(key) { made.append(key); return "<\(key)>" } }
        XCTAssertEqual(made, ["a", "b"])
        XCTAssertTrue(memo.holds("a"))
        XCTAssertEqual(memo.section("a") { made.append("again"); return "?" }, "<a>")
        XCTAssertEqual(memo.section("b") { made.append("again"); return "?" }, "<b>")
        XCTAssertEqual(memo.waiting, 1)
        XCTAssertEqual(memo.section("a") { made.append("again"); return "?" }, "<a>")
        XCTAssertEqual(made, ["a", "b"])
        XCTAssertEqual(memo.waiting, 0)
        XCTAssertFalse(memo.holds("a"))
    }

    /// The handbook of everything is cut into volumes at batch boundaries, each case once and in order.
    func testVolumesHoldEveryCaseOnceInOrderCutAtBatches() throws {
        let catalog = Catalog(Self.input())
        for limit in [20, 45, 130, 1_000] {
            let volumes = Catalog.volumes(catalog.batches.filter { !$0.cases.isEmpty }, limit: limit)
            XCTAssertEqual(volumes.flatMap { $0.flatMap(\.cases) }.map(\.id), catalog.batches.flatMap(\.cases).map(\.id), "limit \(limit)")
            for v in volumes {
                let n = v.reduce(0) { $0 + $1.cases.count }
                XCTAssertLessThanOrEqual(n, limit)
                // A batch is cut only where it alone is larger than a volume.
                for piece in v where piece.cases.count < piece.batch.cases.count { XCTAssertGreaterThan(piece.batch.cases.count, limit - 0) }
            }
            if limit >= Self.corpus.cases.count { XCTAssertEqual(volumes.count, 1) } else { XCTAssertGreaterThan(volumes.count, 1) }
        }
    }
}
