import CasebookBuild
@testable import CasebookCLI
import CasebookCore
import Foundation
import XCTest

/// `casebook serve` shows an edited source text's pages at once (`SitePreview`), before the full build that follows.
final class SitePreviewTests: XCTestCase {
    func testAnEditedSentenceShowsInItsPagesAheadOfTheBuildWithTheBytesTheBuildWrites() throws {
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content")
        let site = dir.appendingPathComponent("Site")
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content.path)
        var options = SiteBuilder.Options(content: content.path, templates: Repo.templates, output: site.path)
        options.keepPreview = true
        XCTAssertTrue(SiteBuilder().build(options).written)
        // Nothing changed: nothing is built, but the preview is there (serve starting on a built site).
        let again = SiteBuilder().build(options)
        XCTAssertTrue(again.unchanged)
        let preview = try XCTUnwrap(again.preview)

        let name = "001_322868cfa422d5d4.txt"
        let source = content.appendingPathComponent("sources/" + name)
        let text = try String(contentsOf: source, encoding: .utf8)
        let sentence = try XCTUnwrap(text.range(of: "物联网、自动控制"), "a sentence of the text to change")
        try text.replacingCharacters(in: sentence, with: "物联网和自动控制（预览）").write(to: source, atomically: true, encoding: .utf8)

        let (pages, cases) = try XCTUnwrap(preview.render(changed: [name]))
        XCTAssertEqual(cases, pages.keys.filter { $0.hasPrefix("cases/") }.count)
        XCTAssertGreaterThan(cases, 20, "every case of the text")
        let showing = pages.filter { String(decoding: $0.value, as: UTF8.self).contains("物联网和自动控制（预览）") }.keys.sorted()
        XCTAssertTrue(showing.contains { $0.hasPrefix("cases/gx-b7-") }, "the case page shows the new sentence: \(showing)")
        XCTAssertTrue(showing.contains { $0.hasPrefix("sources/") && $0.hasSuffix(".html") }, "so does the source page: \(showing)")
        XCTAssertEqual(String(decoding: try Data(contentsOf: site.appendingPathComponent(showing[0])), as: UTF8.self).contains("（预览）"), false,
                       "the site itself is not touched")

        // The full build then writes those pages with the same bytes.
        let built = SiteBuilder().build(options)
        XCTAssertTrue(built.written)
        XCTAssertNotNil(built.preview)
        for (path, bytes) in pages.sorted(by: { $0.key < $1.key }) {
            XCTAssertEqual(try Data(contentsOf: site.appendingPathComponent(path)), bytes, "\(path) differs from the build's")
        }
        // A text the last build did not have: only a full build can say.
        XCTAssertNil(preview.render(changed: ["999_new.txt"]))
    }
}

/// What the preview server counts as a change, and when an edit can be shown before the full build.
final class PreviewChangeTests: XCTestCase {
    func testOnlyEditedTextsArePreviewedAndHiddenFilesAreNoChange() throws {
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content").path
        try FileManager.default.createDirectory(atPath: content + "/sources/.hidden", withIntermediateDirectories: true)
        for f in ["sources/a.txt", "sources/a.yaml", "sources/.a.txt.swp", "sources/.hidden/x", "site.yaml"] {
            try Data("x".utf8).write(to: URL(fileURLWithPath: content + "/" + f))
        }
        let seen = PreviewServer.fingerprint([content])
        XCTAssertEqual(Set(seen.keys), [content + "/sources/a.txt", content + "/sources/a.yaml", content + "/site.yaml"], "hidden files are no input")

        let text = content + "/sources/a.txt"
        XCTAssertEqual(PreviewServer.sourceTexts([text], content: content), ["a.txt"])
        // An editor's temporary file beside it, there or gone: still the text alone.
        XCTAssertEqual(PreviewServer.sourceTexts([text, content + "/sources/sedX1b2c3", content + "/sources/4913"], content: content), ["a.txt"])
        // Metadata, settings, a text that is gone, a template: the full build alone.
        XCTAssertNil(PreviewServer.sourceTexts([text, content + "/sources/a.yaml"], content: content))
        XCTAssertNil(PreviewServer.sourceTexts([text, content + "/site.yaml"], content: content))
        XCTAssertNil(PreviewServer.sourceTexts([content + "/sources/b.txt"], content: content))
        XCTAssertNil(PreviewServer.sourceTexts([text, dir.appendingPathComponent("Templates/html/case.mustache").path], content: content))
        XCTAssertNil(PreviewServer.sourceTexts([content + "/sources/sedX1b2c3"], content: content))
    }
}
