@testable import CasebookRender
@testable import CasebookTemplates
import CasebookCore
import CasebookMarkdown
import Foundation
import Synchronization
import XCTest

/// A case's body is made only for a page that is rendered: the page's fingerprint is what the body is made from.
final class LazyBodyTests: XCTestCase {
    func testACasePageIsFingerprintedByWhatItsBodyIsMadeFromWithoutMakingIt() throws {
        let corpus = RealSite.rendered.corpus
        let input = SiteInput(cases: corpus.cases, documents: Dictionary(uniqueKeysWithValues: corpus.documents.map { ($0.file, $0.metadata) }),
                              documentOrder: corpus.documents.map(\.file), reference: corpus.reference, config: SiteConfig())
        let catalog = Catalog(input)
        let c = try XCTUnwrap(corpus.cases.first { s in s.sections.count > 1 && s.sections.contains { $0.line != nil } })
        let made = Mutex(0)
        func fingerprint(_ c: Case) -> [UInt8] {
            CanonicalBytes.of(catalog.makeCasePageModel(c, body: { made.withLock { $0 += 1 }; return "<p>body</p>" }))
        }
        let before = fingerprint(c)
        XCTAssertEqual(made.withLock { $0 }, 0, "fingerprinting a page does not make its body")
        XCTAssertEqual(fingerprint(c), before)

        var edited = c
        let s = try XCTUnwrap(edited.sections.firstIndex { !$0.blocks.isEmpty })
        edited.sections[s].blocks[0] = .paragraph("改过的一句。")
        XCTAssertNotEqual(fingerprint(edited), before, "a changed paragraph changes the page")

        var moved = c
        let h = try XCTUnwrap(moved.sections.firstIndex { $0.line != nil })
        moved.sections[h].line! += 1
        XCTAssertNotEqual(fingerprint(moved), before, "a heading on another line links elsewhere: the page changes")

        // Rendered, the page holds the body it was given.
        let templates = try XCTUnwrap(TemplateSet.load(directory: Repo.templates, markdownEscape: Markdown.escape).0)
        let page = try templates.render(CasePageModel.template, catalog.makeCasePageModel(c, body: { "<p>正文在此</p>" }))
        XCTAssertTrue(page.contains("<p>正文在此</p>"))
    }
}
