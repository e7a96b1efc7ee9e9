import CasebookBuild
import CasebookCore
@testable import CasebookParse
import XCTest

/// The parse of each real source, pinned as a readable dump with line ranges.
final class ParseGoldenTests: XCTestCase {
    func loadDocuments() -> [SourceDocument] {
        let loaded = ContentLoader().load(content: Repo.content)
        XCTAssertFalse(loaded.diagnostics.hasErrors, "\(loaded.diagnostics)")
        return loaded.documents
    }

    func testEachDocumentMatchesItsGolden() {
        for doc in loadDocuments() {
            let parsed = Parser.parse(doc)
            let diags = parsed.diagnostics.map(\.description).joined(separator: "\n")
            assertGolden(parsed.dump() + "\n## diagnostics\n" + diags + "\n", named: doc.file.replacingOccurrences(of: ".txt", with: ".dump"))
        }
    }

    func testCaseCountsPerDocument() {
        let counts = Dictionary(uniqueKeysWithValues: loadDocuments().map { ($0.file, Parser.parse($0).cases.count) })
        XCTAssertEqual(counts["000_c9fdf2d4b16943f6.txt"], 40)
        XCTAssertEqual(counts["001_322868cfa422d5d4.txt"], 40)
        XCTAssertEqual(counts["002_5008bc89aad0392f.txt"], 18)
        XCTAssertEqual(counts["003_cf3adbfb7b3756f8.txt"], 23)
        XCTAssertEqual(counts["004_cb44cbb62ffadcf5.txt"], 5)
    }

    func testLayoutsAreDetectedFromTheText() {
        let layouts = Dictionary(uniqueKeysWithValues: loadDocuments().map { ($0.file, Parser.detectLayout($0.text)) })
        XCTAssertEqual(layouts["000_c9fdf2d4b16943f6.txt"], .compilation)
        XCTAssertEqual(layouts["001_322868cfa422d5d4.txt"], .taskTable)
        XCTAssertEqual(layouts["002_5008bc89aad0392f.txt"], .collection)
        XCTAssertEqual(layouts["003_cf3adbfb7b3756f8.txt"], .collection)
        XCTAssertEqual(layouts["004_cb44cbb62ffadcf5.txt"], .news)
    }

    func testNoLineIsUnaccounted() {
        for doc in loadDocuments() {
            let parsed = Parser.parse(doc)
            XCTAssertFalse(parsed.diagnostics.contains { $0.id == "parse.unassigned-line" }, "\(doc.file): \(parsed.diagnostics)")
        }
    }

    /// Every printed section heading names its line, inside its case, and that line is the heading (repaired as the
    /// parser repairs it: the source page links each heading there).
    func testSectionHeadingsKnowTheirLines() {
        var checked = 0
        for doc in loadDocuments() {
            let lines = SourceLine.split(doc.text)
            let parsed = Parser.parse(doc)
            for c in parsed.cases where parsed.layout != .taskTable {
                for s in c.sections {
                    guard let heading = s.heading else { XCTAssertNil(s.line); continue }
                    guard let n = s.line else { XCTFail("\(c.id): “\(heading)” has no line"); continue }
                    XCTAssertTrue(c.source.lines.contains(n), "\(c.id): line \(n) outside \(c.source.lines)")
                    XCTAssertEqual(lines[n - 1].text, heading, "\(doc.file):\(n)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 200)
    }
}
