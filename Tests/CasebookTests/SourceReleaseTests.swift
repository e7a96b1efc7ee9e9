import CasebookCore
import Foundation
import XCTest
@testable import CasebookBuild
@testable import CasebookRender

/// A build does not hold the source texts through the render: the source pages and `sources/<file>` read each text
/// again from its file, and a text edited since it was parsed fails the build instead of being shown beside cases made
/// from the old one.
final class SourceReleaseTests: XCTestCase {
    func testTextsAreReadAgainAndAnEditedOneIsRefused() throws {
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content").path
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content)
        var corpus = Pipeline.loadCorpus(content: content)
        let parsed = Dictionary(uniqueKeysWithValues: corpus.documents.map { ($0.file, $0.text) })
        XCTAssertGreaterThanOrEqual(parsed.count, 5)
        XCTAssertFalse(parsed.values.contains { $0.isEmpty })

        let sources = corpus.releasingSourceTexts(content: content)
        XCTAssertEqual(corpus.documents.filter { !$0.text.isEmpty }.map(\.file), [], "the corpus no longer holds the texts")
        XCTAssertEqual(Set(sources.keys), Set(parsed.keys))
        for (file, text) in parsed { XCTAssertEqual(try XCTUnwrap(sources[file]).text, text, file) }

        // One text edited on disk after its parse: asking for it fails with a sentence that names it; the others stand.
        let edited = try XCTUnwrap(parsed.keys.sorted().first)
        let path = content + "/sources/" + edited
        try (parsed[edited]! + "\n补充一句。\n").write(toFile: path, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try XCTUnwrap(sources[edited]).text) { error in
            let d = error as? Diagnostic
            XCTAssertEqual(d?.id, "write.source-changed")
            XCTAssertTrue(d?.description.contains(edited) == true, "\(String(describing: d))")
        }
        for file in parsed.keys where file != edited { XCTAssertEqual(try XCTUnwrap(sources[file]).text, parsed[file], file) }
        // Removed: the same.
        try FileManager.default.removeItem(atPath: path)
        XCTAssertThrowsError(try XCTUnwrap(sources[edited]).text)
    }

    /// A build lets each text go as soon as it is parsed (at 100k cases the texts are 373 MB, held through the whole
    /// parse before): its corpus holds no text from the parse on, every case is as parsed holding the texts, and a text
    /// read again is checked against the one that was parsed, as above.
    func testABuildLetsEachTextGoAsSoonAsItIsParsed() throws {
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content").path
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content)
        let held = Pipeline.loadCorpus(content: content)
        var released = Pipeline.loadCorpus(content: content, timings: Timings(), corpusCache: nil, releasingTexts: true)
        XCTAssertGreaterThanOrEqual(released.documents.count, 5)
        XCTAssertEqual(released.documents.filter { !$0.text.isEmpty }.map(\.file), [], "no text is held after the parse")
        XCTAssertEqual(released.documents.map(\.file), held.documents.map(\.file))
        XCTAssertEqual(released.cases, held.cases)
        XCTAssertEqual(released.diagnostics, held.diagnostics)

        let sources = released.releasingSourceTexts(content: content)
        for d in held.documents { XCTAssertEqual(try XCTUnwrap(sources[d.file]).text, d.text, d.file) }
        // A text edited after its parse is refused: the check uses the length and fingerprint taken at the parse.
        let edited = try XCTUnwrap(held.documents.first)
        try (edited.text.replacingOccurrences(of: "。", with: "；")).write(toFile: content + "/sources/" + edited.file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try XCTUnwrap(sources[edited.file]).text) { error in
            XCTAssertEqual((error as? Diagnostic)?.id, "write.source-changed")
        }
    }
}
