@testable import CasebookRender
import CasebookCore
import Foundation
import XCTest

/// `data/cases.json` in an incremental build: a record whose case key is unchanged is copied from the previous file,
/// one whose key changed is made again, and where each record lies is left for the next build.
final class RecordMemoTests: XCTestCase {
    /// The real site's input, each text with a key (as a build with the cache gives them).
    static func keyedInput() -> SiteInput {
        let corpus = RealSite.rendered.corpus
        var input = SiteInput(cases: corpus.cases, documents: Dictionary(uniqueKeysWithValues: corpus.documents.map { ($0.file, $0.metadata) }),
                              documentOrder: corpus.documents.map(\.file), reference: corpus.reference, config: SiteConfig())
        input.documentKeys = Dictionary(uniqueKeysWithValues: corpus.documents.map { ($0.file, "key of " + $0.file) })
        return input
    }

    func testRecordsAreCopiedByKeyAndMadeAgainWhenTheirKeyChanges() throws {
        let corpus = RealSite.rendered.corpus
        let input = Self.keyedInput()
        func json(_ input: SiteInput, _ memo: RecordMemo) -> [UInt8] {
            var out: [UInt8] = []
            DataExport(catalog: Catalog(input)).json(piece: 4096, records: memo) { out += $0 }
            return out
        }
        let plain = [UInt8](DataExport(catalog: Catalog(input)).json())
        let first = RecordMemo(previous: Data(), ranges: [:], salt: [1])
        XCTAssertEqual(json(input, first), plain, "with nothing to copy, the file is the one made without a memo")
        XCTAssertEqual(first.written.count, corpus.cases.count, "where every record lies")

        // The previous file with every record's first byte after its opening brace marked: a copied record shows it.
        var marked = plain
        for r in first.written.values { XCTAssertEqual(marked[r.lowerBound], UInt8(ascii: "{")); marked[r.lowerBound + 1] = UInt8(ascii: "#") }
        let changedFile = try XCTUnwrap(corpus.documents.first { d in corpus.cases.contains { $0.source.file == d.file } }).file
        var edited = input
        edited.documentKeys[changedFile] = "another key"
        let second = RecordMemo(previous: Data(marked), ranges: first.written, salt: [1])
        let out = String(decoding: json(edited, second), as: UTF8.self)
        let records = out.components(separatedBy: "\n    {").dropFirst()
        XCTAssertEqual(records.count, corpus.cases.count)
        for (c, record) in zip(corpus.cases, records) {
            XCTAssertEqual(record.hasPrefix("#"), c.source.file != changedFile, "\(c.id): copied unless its text's key changed")
        }
        XCTAssertEqual(Set(second.written.values), Set(first.written.values), "the records lie where they did")
        XCTAssertEqual(Set(second.written.keys).subtracting(first.written.keys).count,
                       corpus.cases.count { $0.source.file == changedFile }, "the records of the changed text under new keys")

        // Another salt (another tool) copies nothing.
        let other = RecordMemo(previous: Data(marked), ranges: first.written, salt: [2])
        XCTAssertEqual(json(input, other), plain)
    }

    /// The CSV, BibTeX, RIS and CSL-JSON files, piece by piece: the same bytes as made whole, and the same again when
    /// every piece is copied from them.
    func testTheTablesCopiedPieceByPieceAreTheTablesMadeWhole() throws {
        let corpus = RealSite.rendered.corpus
        let input = Self.keyedInput()
        let catalog = Catalog(input)
        let plain = Dictionary(uniqueKeysWithValues: DataExport(catalog: catalog).tables().map { ($0.path, $0.bytes) })
        XCTAssertEqual(plain["data/cases.csl.json"], CSLItem.json(corpus.cases.map { catalog.referenceForms($0).csl }))
        XCTAssertEqual(plain["data/cases.bib"], Data(corpus.cases.map { catalog.referenceForms($0).bibtex }.joined(separator: "\n").utf8))
        var memos: [String: RecordMemo] = [:]
        let first = DataExport(catalog: catalog).tables { path in
            let m = RecordMemo(previous: Data(), ranges: [:], salt: [1])
            memos[path] = m
            return m
        }
        XCTAssertEqual(Set(memos.keys), ["data/cases.csv", "data/cases.bib", "data/cases.ris", "data/cases.csl.json"])
        let second = DataExport(catalog: Catalog(input)).tables { path in
            memos[path].map { RecordMemo(previous: plain[path] ?? Data(), ranges: $0.written, salt: [1]) }
        }
        for f in first + second { XCTAssertEqual(f.bytes, plain[f.path], f.path) }
    }
}
