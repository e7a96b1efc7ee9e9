import CasebookBuild
import CasebookCore
@testable import CasebookParse
@testable import CasebookRender
import Foundation
import XCTest

/// Provenance a reader can check: source pages, case pages that cite their lines, citations, versions, the data contract.
final class ProvenanceTests: XCTestCase {
    var corpus: Corpus { RealSite.rendered.corpus }

    /// Every source text has a page with one anchored `<li>` per line, as the parser numbers them, and the raw text beside it.
    func testEverySourceTextHasAPageLineForLine() throws {
        let files = try RealSite.files()
        XCTAssertEqual(corpus.documents.count, 5)
        for doc in corpus.documents {
            let stem = String(doc.file.dropLast(4))
            let html = try RealSite.page("sources/\(stem).html")
            let count = SourceLine.split(doc.text).count
            XCTAssertGreaterThan(count, 100)
            XCTAssertEqual(html.components(separatedBy: "<li id=\"L").count - 1, count, doc.file)
            XCTAssertTrue(html.contains("<li id=\"L\(count)\""), "last line anchored")
            XCTAssertFalse(html.contains("<li id=\"L\(count + 1)\""))
            XCTAssertEqual(files["sources/\(doc.file)"], Data(doc.text.utf8), "raw text beside its page")
            XCTAssertTrue(html.contains("href=\"../sources/\(doc.file)\""), "links to the raw text")
            XCTAssertTrue(html.contains("未归入任何案例的行：0"), "\(doc.file): every line is in a case or furniture")
            XCTAssertFalse(html.contains("class=\"un\""))
        }
    }

    func testCaseRangesAreAnchoredShadedAndLinkToTheirCase() throws {
        let html = try RealSite.page("sources/000_c9fdf2d4b16943f6.html")
        for c in corpus.cases where c.source.file == "000_c9fdf2d4b16943f6.txt" {
            let anchor = "id=\"L\(c.source.lines.first)-L\(c.source.lines.last)\""
            XCTAssertEqual(html.components(separatedBy: anchor).count - 1, 1, "\(c.id): one run carries its range id")
            XCTAssertTrue(html.contains("href=\"../cases/\(c.id).html\""), c.id)
        }
        // The range's run starts at the case's first line (so the anchor lands on the title).
        let run = try XCTUnwrap(html.range(of: "id=\"L211-L248\""))
        let after = html[run.upperBound...]
        XCTAssertTrue(after.contains("<ol start=\"211\">\n<li id=\"L211\">"), "the range opens on line 211")
        XCTAssertTrue(html.contains("class=\"run case-run"))
    }

    func testFurnitureIsMarkedWithWhy() throws {
        let parsed = try XCTUnwrap(corpus.parsed.first { $0.file == "002_5008bc89aad0392f.txt" })
        let page = try XCTUnwrap(parsed.furniture.first { $0.reason == .pageNumber })
        let html = try RealSite.page("sources/002_5008bc89aad0392f.html")
        XCTAssertTrue(html.contains("<li id=\"L\(page.line)\" class=\"fu\" data-why=\"页码\">"), "page number \(page.line) marked")
        XCTAssertEqual(html.components(separatedBy: "class=\"fu\"").count - 1, parsed.furniture.count)
    }

    func testCasePageLinksToItsLinesAndEachHeadingToItsLine() throws {
        let html = try RealSite.page("cases/gx-b2-pilot-01.html")
        XCTAssertTrue(html.contains("href=\"../sources/000_c9fdf2d4b16943f6.html#L211-L248\""), "the range")
        XCTAssertTrue(html.contains("href=\"../sources/000_c9fdf2d4b16943f6.txt\""), "the raw text")
        let c = try XCTUnwrap(corpus.cases.first { $0.id == "gx-b2-pilot-01" })
        let headed = c.sections.filter { $0.heading != nil }
        XCTAssertFalse(headed.isEmpty)
        for s in headed {
            let n = try XCTUnwrap(s.line)
            XCTAssertTrue(html.contains("<a class=\"src-line\" href=\"../sources/000_c9fdf2d4b16943f6.html#L\(n)\" title=\"原文第 \(n) 行\">L\(n)</a></h2>"), "\(s.heading!)")
        }
        // Every case page links to its source lines.
        for c in corpus.cases {
            let page = try RealSite.page("cases/\(c.id).html")
            XCTAssertTrue(page.contains("#L\(c.source.lines.first)-L\(c.source.lines.last)\"") || page.contains("#L\(c.source.lines.first)\""), c.id)
        }
    }
}
