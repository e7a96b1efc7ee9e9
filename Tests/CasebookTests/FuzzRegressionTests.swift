import CasebookCore
import CasebookMarkdown
import CasebookParse
import Foundation
import XCTest

/// The inputs the fuzzer (Fuzz/, `make fuzz`) kept in `Fuzz/regressions/`, run as the fuzz target runs them:
/// the first byte picks the layout, the rest is the text; parse, dump, escape and render without crash or hang.
final class FuzzRegressionTests: XCTestCase {
    func testEveryKeptFuzzInputParsesAndRenders() throws {
        let folder = Repo.root.appendingPathComponent("Fuzz/regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        XCTAssertFalse(names.isEmpty)
        let layouts: [Layout?] = [nil] + Layout.allCases
        for name in names {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
            guard let first = bytes.first else { continue }
            let text = String(decoding: bytes.dropFirst(), as: UTF8.self)
            let metadata = DocumentMetadata(slug: "fz", title: Fact("fuzz", .attributed), issuer: Fact("fuzz", .attributed),
                                            level: Fact("fuzz", .attributed), batchNumber: nil, batchName: Fact("fuzz", .attributed),
                                            year: Fact(2024, .attributed), layout: layouts[Int(first) % layouts.count])
            let start = Date()
            let parsed = Parser.parse(SourceDocument(file: name, text: text, metadata: metadata))
            XCTAssertFalse(parsed.dump().isEmpty, name)
            for line in text.split(separator: "\n").prefix(64) {
                let html = Markdown.html(Markdown.escape(String(line)))
                guard !html.isEmpty else { continue }
                let utf8 = Array(html.utf8)
                XCTAssertTrue(utf8.starts(with: Array("<p>".utf8)) && html.utf8.suffix(5).elementsEqual("</p>\n".utf8), "\(name): \(html)")
                XCTAssertFalse(utf8.dropFirst(3).dropLast(5).contains(UInt8(ascii: "<")), "\(name): escaped text renders a tag: \(html)")
            }
            _ = Markdown.html(text)
            XCTAssertLessThan(Date().timeIntervalSince(start), 20, "\(name) takes too long")
        }
    }
}
