import CasebookBuild
import CasebookCore
@testable import CasebookRender
import Foundation
import Synchronization
import XCTest

/// An incremental build patches the previous search index where the changed cases' keys fall, instead of counting
/// every case again: the files are byte-identical to an index counted whole, and whatever of the previous index
/// cannot be trusted sends the build back to counting.
final class SearchIndexPatchTests: XCTestCase {
    /// The previous site's files, as a build cache would find them.
    final class PreviousSite: SearchIndexMemo, @unchecked Sendable {
        let previousSearchIndex: SearchIndexState?
        var files: [String: Data]
        /// Paths whose files were touched since (not intact, though still there).
        var touched: Set<String> = []
        let recorded = Mutex<SearchIndexState?>(nil)

        init(_ built: SearchIndex.Built) {
            previousSearchIndex = built.state
            files = Dictionary(uniqueKeysWithValues: built.files.map { ($0.path, $0.bytes) })
        }

        func previousFile(_ path: String) -> Data? { files[path] }
        func isIntact(_ path: String) -> Bool { files[path] != nil && !touched.contains(path) }
        func record(_ state: SearchIndexState) { recorded.withLock { $0 = state } }
    }

    /// A sink that takes a kept file from the previous site, as the staging folder does.
    final class Sink: OutputSink, @unchecked Sendable {
        let previous: PreviousSite
        let store = Mutex<[String: Data]>([:])
        let keptCount = Mutex(0)
        init(_ previous: PreviousSite) { self.previous = previous }
        func write(_ file: OutputFile) throws { store.withLock { $0[file.path] = file.bytes } }
        func keep(_ path: String) throws -> Bool {
            guard let bytes = previous.files[path] else { return false }
            store.withLock { $0[path] = bytes }
            keptCount.withLock { $0 += 1 }
            return true
        }
    }

    static let documents: [SearchDocument] = {
        let c = SearchIndexTests.corpus
        return SearchIndexBuilder(catalog: Catalog(SearchIndexTests.input(c.cases, documents: c.documents))).documents()
    }()
    static let order = SearchIndexBuilder(catalog: Catalog(SearchIndexTests.input(SearchIndexTests.corpus.cases, documents: SearchIndexTests.corpus.documents))).order()
    static let equivalents = SearchIndexTests.corpus.reference.searchEquivalents

    func index(_ docs: [SearchDocument]) -> SearchIndex { SearchIndex(documents: docs, order: Self.order, equivalents: Self.equivalents) }

    /// The index of `edited` built from the previous index of `Self.documents`, written into a sink; and the index of
    /// `edited` counted whole.
    func patch(_ edited: [SearchDocument], touch: (PreviousSite) -> Void = { _ in }) throws
        -> (files: [String: Data], whole: [String: Data], built: SearchIndex.Built, kept: Int) {
        let previous = PreviousSite(index(Self.documents).build())
        touch(previous)
        let built = index(edited).build(memo: previous)
        let sink = Sink(previous)
        try built.write(into: sink)
        XCTAssertEqual(previous.recorded.withLock { $0 }, built.state, "the state is recorded for the next build")
        let whole = Dictionary(uniqueKeysWithValues: index(edited).build().files.map { ($0.path, $0.bytes) })
        return (sink.store.withLock { $0 }, whole, built, sink.keptCount.withLock { $0 })
    }

    func assertSame(_ files: [String: Data], _ whole: [String: Data], file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(files.keys.sorted(), whole.keys.sorted(), file: file, line: line)
        let differing = whole.keys.filter { files[$0] != whole[$0] }.sorted()
        XCTAssertEqual(differing, [], "files that differ from the index counted whole", file: file, line: line)
    }

    func edited(_ n: Int, _ change: (inout SearchDocument) -> Void) -> [SearchDocument] {
        var docs = Self.documents
        change(&docs[n])
        return docs
    }

    /// An index counted in runs (the postings of a few cases at a time written to disk and merged at the end, as for a
    /// large site) is the index counted at once, file for file; and its state lets the next build patch it.
    func testAnIndexCountedInRunsIsTheIndexCountedAtOnce() throws {
        XCTAssertGreaterThan(Self.documents.count, 100)
        let whole = index(Self.documents).build()
        for (block, run) in [(8, 16), (16, 48), (32, 32)] {
            var runs = index(Self.documents)
            runs.block = block
            runs.runCases = run
            let built = runs.build()
            XCTAssertEqual(built.files.map(\.path), whole.files.map(\.path), "block \(block), runs of \(run)")
            let differing = zip(built.files, whole.files).filter { $0.bytes != $1.bytes }.map(\.0.path)
            XCTAssertEqual(differing, [], "block \(block), runs of \(run)")
            XCTAssertEqual(built.state, whole.state)
        }
        XCTAssertGreaterThan(whole.files.filter { $0.path.hasPrefix("search/k/") }.count, 16, "several shards")
        // A number's digits: B (1, more to come), then b (11, the last); the next number starts after them.
        XCTAssertTrue(SearchIndex.firstNumber(Array("Bb7".utf8)) == (1 << 5 | 11, 2))
    }

    /// The runs are files without a name (each unlinked as soon as it is made): while the shards are written from them,
    /// the temporary folder holds nothing of the index's, so a build killed then leaves nothing behind there.
    func testTheRunsLeaveNothingInTheTemporaryFolder() throws {
        final class Watching: OutputSink, @unchecked Sendable {
            let seen = Mutex<(shards: Int, names: Set<String>)>((0, []))
            func write(_ file: OutputFile) throws {
                guard file.path.hasPrefix("search/k/") else { return }
                let names = try FileManager.default.contentsOfDirectory(atPath: FileManager.default.temporaryDirectory.path)
                    .filter { $0.contains("casebook-search") }
                seen.withLock { $0.shards += 1; $0.names.formUnion(names) }
            }
            func keep(_ path: String) throws -> Bool { false }
        }
        var runs = index(Self.documents)
        runs.block = 8
        runs.runCases = 16
        let sink = Watching()
        _ = try runs.build(memo: nil, into: sink)
        let seen = sink.seen.withLock { $0 }
        XCTAssertGreaterThan(seen.shards, 16)
        XCTAssertEqual(seen.names, [])
    }

    func testOneChangedSentenceRewritesOnlyTheShardsOfItsKeys() throws {
        let n = Self.documents.count / 2
        let docs = edited(n) { $0.text = $0.text.replacingOccurrences(of: "。", with: "，并经复核（本句已修改）。", options: [], range: nil) }
        XCTAssertNotEqual(docs[n].text, Self.documents[n].text)
        let r = try patch(docs)
        assertSame(r.files, r.whole)
        let shards = r.whole.keys.filter { $0.hasPrefix("search/k/") }.count
        let rewrittenShards = r.built.files.filter { $0.path.hasPrefix("search/k/") }.count
        XCTAssertGreaterThan(rewrittenShards, 0)
        XCTAssertLessThan(rewrittenShards, shards / 4, "only the shards of the keys that changed are made again")
        XCTAssertEqual(r.built.files.filter { $0.path.hasPrefix("search/d/") }.map(\.path), ["search/d/\(n).js"], "only the changed case's text file")
        XCTAssertGreaterThan(r.kept, Self.documents.count, "the rest is kept as it was")
    }

    /// Documents that carry a key (their case's, made without reading the case): the build compares keys, and the text
    /// of a document whose key is the previous build's is never made; the files are those of the index counted whole.
    func testTheTextOfADocumentWithAnUnchangedKeyIsNeverMade() throws {
        let made = Mutex(Set<Int>())
        func keyed(_ docs: [SearchDocument], counting: Bool) -> [SearchDocument] {
            docs.enumerated().map { n, d in
                let text = d.text
                return SearchDocument(id: d.id, url: d.url, title: d.title, label: d.label,
                                      makeText: { if counting { made.withLock { _ = $0.insert(n) } }; return text },
                                      batch: d.batch, kind: d.kind, field: d.field, zones: d.zones, units: d.units, key: "key \(n) " + String(text.count))
            }
        }
        let n = Self.documents.count / 3
        let previous = PreviousSite(index(keyed(Self.documents, counting: false)).build())
        let docs = keyed(edited(n) { $0.text += "\n\n补充一句话。" }, counting: true)
        let built = index(docs).build(memo: previous)
        XCTAssertEqual(made.withLock { $0 }, [n], "only the changed document's text was made")
        XCTAssertFalse(built.kept.isEmpty, "patched, not counted whole")
        let sink = Sink(previous)
        try built.write(into: sink)
        let whole = Dictionary(uniqueKeysWithValues: index(docs).build().files.map { ($0.path, $0.bytes) })
        assertSame(sink.store.withLock { $0 }, whole)
    }

    /// Every case of an edited text file gets a new key, though one case changed: the others hold what they held, and
    /// nothing of theirs is counted or written again.
    func testADocumentWithANewKeyButTheSameTextIsNotCountedAgain() throws {
        func keyed(_ docs: [SearchDocument], version: Int) -> [SearchDocument] {
            docs.enumerated().map { n, d in
                var d = d
                d.key = "key \(n) of text file \(n < 40 ? version : 0)"
                return d
            }
        }
        let previous = PreviousSite(index(keyed(Self.documents, version: 1)).build())
        let n = 7
        let docs = keyed(edited(n) { $0.text += "\n\n补充一句话。" }, version: 2)
        let built = index(docs).build(memo: previous)
        XCTAssertFalse(built.kept.isEmpty, "patched, not counted whole")
        XCTAssertEqual(built.files.filter { $0.path.hasPrefix("search/d/") }.map(\.path), ["search/d/\(n).js"], "only the changed case's text file")
        let sink = Sink(previous)
        try built.write(into: sink)
        let whole = Dictionary(uniqueKeysWithValues: index(docs).build().files.map { ($0.path, $0.bytes) })
        assertSame(sink.store.withLock { $0 }, whole)
    }

    func testKeysThatAppearAndDisappearAndTitlesAndLabels() throws {
        // A key no case had (a new word), every posting of the case's title keys moved, and a label (not a key) changed.
        let docs = edited(3) {
            $0.title = "鑫鑫试点" + $0.title.dropFirst(2)
            $0.text += "\n\n鑫鑫鑫新办法"
            $0.label += "（更正）"
        }
        let r = try patch(docs)
        assertSame(r.files, r.whole)
        XCTAssertFalse(r.built.kept.isEmpty, "patched, not counted whole")
        // A key whose only case drops it is gone from its shard.
        let back = try patch(edited(5) { $0.text = "" })
        assertSame(back.files, back.whole)
    }

    func testSeveralChangedCasesAtOnce() throws {
        var docs = Self.documents
        for n in [0, 7, docs.count - 1] { docs[n].text = docs[n].text.replacingOccurrences(of: "企业", with: "市场主体") }
        let r = try patch(docs)
        assertSame(r.files, r.whole)
        XCTAssertFalse(r.built.kept.isEmpty)
    }

    func testWhatCannotBeTrustedIsCountedWhole() throws {
        let n = 2
        let docs = edited(n) { $0.text += "\n\n补充一句话。" }
        // A shard changed by hand since the previous build: its digest gives it away.
        let shard = try patch(docs) { site in
            let path = site.files.keys.filter { $0.hasPrefix("search/k/") }.sorted()[0]
            site.files[path]!.append(contentsOf: Array(" ".utf8))
            site.touched.insert(path)
        }
        assertSame(shard.files, shard.whole)
        XCTAssertTrue(shard.built.kept.isEmpty, "counted whole")
        // The changed case's old text file edited by hand: its old keys cannot be known.
        let text = try patch(docs) { site in
            site.files["search/d/\(n).js"] = Data(String(decoding: site.files["search/d/\(n).js"]!, as: UTF8.self).replacingOccurrences(of: "\"text\":\"", with: "\"text\":\"改").utf8)
        }
        assertSame(text.files, text.whole)
        XCTAssertTrue(text.built.kept.isEmpty, "counted whole")
        // A case more: the numbering moves.
        let added = try patch(Self.documents + [Self.documents[0]])
        assertSame(added.files, added.whole)
        XCTAssertTrue(added.built.kept.isEmpty, "counted whole")
    }

    func testAChangeThatMovesTheNumberOfShardsIsCountedWhole() throws {
        // Enough new keys to pass the size at which the shards double: distinct characters in a new order, each adding
        // a new pair and a new triple (at least 20 bytes of keys).
        let previous = index(Self.documents).build()
        let need = previous.shards * SearchIndex.targetShardBytes - previous.state.total
        var scalars = String.UnicodeScalarView()
        for i in 0..<min(20_000, need / 20 + 1) { scalars.append(Unicode.Scalar(0x4E00 + UInt32(i * 7_919 % 20_000))!) }
        let r = try patch(edited(1) { $0.text += "\n\n" + String(scalars) })
        assertSame(r.files, r.whole)
        XCTAssertEqual(r.built.shards, previous.shards * 2)
        XCTAssertTrue(r.built.kept.isEmpty, "counted whole")
    }
}
