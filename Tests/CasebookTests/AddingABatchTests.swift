import CasebookBuild
import CasebookRender
import Foundation
import XCTest

/// README's “Adding a batch”, followed to the letter on a copy of the real content: the new batch's cases appear
/// everywhere, and nothing of the batches already there changes.
final class AddingABatchTests: XCTestCase {
    func testANewBatchDroppedIntoSourcesIsBuiltIntoTheSite() throws {
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content")
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content.path)
        let new = Repo.fixtures.appendingPathComponent("new-batch")
        for name in ["gx-b3.txt", "gx-b3.yaml"] {
            try FileManager.default.copyItem(at: new.appendingPathComponent(name), to: content.appendingPathComponent("sources/" + name))
        }
        let site = dir.appendingPathComponent("Site")
        let r = try Casebook.run(["build", "--content", content.path, "--templates", Repo.templates, "--output", site.path], in: dir)
        XCTAssertEqual(r.code, 0, r.stderr)
        let before = try XCTUnwrap(RealSite.rendered.files).filter { $0.path.hasPrefix("cases/") }.count
        let cases = try FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("cases").path)
        XCTAssertEqual(cases.count, before + 3, "the three cases of the new batch")
        for n in 1...3 { XCTAssertTrue(cases.contains("gx-b3-pilot-0\(n).html"), "gx-b3-pilot-0\(n)") }
        XCTAssertTrue(r.stderr.contains("built \(before + 3) cases"), r.stderr)
        let batches = try String(contentsOf: site.appendingPathComponent("batches/index.html"), encoding: .utf8)
        XCTAssertTrue(batches.contains("href=\"../batches/gx-b3/index.html\""), "listed among the batches")
        let page = try String(contentsOf: site.appendingPathComponent("cases/gx-b3-pilot-02.html"), encoding: .utf8)
        XCTAssertTrue(page.contains("跨境电商零售进口退货中心仓模式"))
        XCTAssertTrue(page.contains("href=\"../sources/gx-b3.html#L"), "links to its source page")
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("sources/gx-b3.html").path))
        // The cases already there keep their pages and citations.
        func citation(_ html: String) -> String? {
            html.range(of: #"<p class="cite-text" id="cite-text">[^<]*</p>"#, options: .regularExpression).map { String(html[$0]) }
        }
        let old = try RealSite.page("cases/gx-b2-pilot-01.html")
        let now = try String(contentsOf: site.appendingPathComponent("cases/gx-b2-pilot-01.html"), encoding: .utf8)
        XCTAssertNotNil(citation(old))
        XCTAssertEqual(citation(now), citation(old))
    }
}
