import CasebookCore
import CasebookEnrich
import Foundation
import XCTest
@testable import CasebookBuild

/// The parse cache and the placements are kept in `ByteCoding`'s layout: what a build reads back is what the build
/// before it made, every field of it; a file cut short or altered is not read.
final class CacheCodingTests: XCTestCase {
    static let corpus = Pipeline.loadCorpus(content: Repo.content)

    /// Every real text's parse — its cases with titles, units, notices, sections and tables, its furniture lines and
    /// diagnostics — comes back from its entry equal to what was parsed.
    func testEveryParseComesBackFromItsEntryAsItWas() throws {
        XCTAssertEqual(Self.corpus.parsed.count, 5)
        for parsed in Self.corpus.parsed {
            XCTAssertFalse(parsed.cases.isEmpty, parsed.file)
            let file = CorpusCache.Entry(key: "k", parsed: parsed).encoded()
            let entry = try XCTUnwrap(CorpusCache.Entry(file: file, key: "k"), parsed.file)
            XCTAssertEqual(entry.restored(spill: nil), parsed, parsed.file)
            XCTAssertNil(CorpusCache.Entry(file: file, key: "another"), "an entry of another key is not read")
        }
        XCTAssertTrue(Self.corpus.parsed.contains { !$0.furniture.isEmpty })
    }

    /// The enriched cases (zones with 片区, a field with its reason and keywords, units with their readings, related
    /// cases, versions with their evidence) come back equal too, and so do placements made of them.
    func testEnrichedCasesAndPlacementsComeBackAsTheyWere() throws {
        let cases = Self.corpus.cases
        XCTAssertTrue(cases.contains { $0.zones.contains { $0.area != nil } })
        XCTAssertTrue(cases.contains { $0.category?.matchedKeywords.isEmpty == false })
        XCTAssertTrue(cases.contains { $0.units.contains { $0.reading != nil } })
        XCTAssertTrue(cases.contains { !$0.versionEvidence.isEmpty })
        var w = ByteWriter()
        w.array(cases) { (w: inout ByteWriter, c: Case) in c.writeWithoutSections(to: &w) }
        var r = ByteReader(bytes: w.bytes)
        let back = try r.array { (r: inout ByteReader) in try Case(readingWithoutSections: &r) }
        XCTAssertTrue(r.atEnd)
        XCTAssertEqual(back, cases.map { var c = $0; c.sections = []; return c })

        let diagnostic = Diagnostic(.warning, "units.unknown", args: ["names": "某局", "count": "1"],
                                    at: SourceLocation(file: "a.txt", line: 7, column: 3))
        let placements = cases.map { c in
            Placement(zones: c.zones, category: c.category, units: c.units, unknownUnits: ["某局"], diagnostics: [diagnostic])
        }
        let file = CorpusCache.PlacedEntry(key: "k", placements: placements).encoded()
        XCTAssertEqual(CorpusCache.PlacedEntry(file: file, key: "k")?.placements, placements)
    }

    /// A field added to a case must be written to the cache too: the fields a case stores are those the cache writes.
    func testTheCacheWritesEveryFieldACaseHas() {
        XCTAssertEqual(Case.storedFieldNames, Case.fieldsWritten)
    }

    /// An entry cut short anywhere, grown, or with one byte changed is not read; nor is one of the earlier layout.
    func testADamagedEntryIsNotRead() throws {
        let parsed = try XCTUnwrap(Self.corpus.parsed.max { $0.cases.count < $1.cases.count })
        let file = CorpusCache.Entry(key: "k", parsed: parsed).encoded()
        XCTAssertNotNil(CorpusCache.Entry(file: file, key: "k"))
        for cut in stride(from: 0, to: file.count, by: max(1, file.count / 97)) {
            XCTAssertNil(CorpusCache.Entry(file: Array(file[..<cut]), key: "k"), "cut at \(cut) of \(file.count)")
        }
        XCTAssertNil(CorpusCache.Entry(file: file + [0], key: "k"))
        for at in stride(from: 0, to: file.count, by: max(1, file.count / 61)) {
            var changed = file
            changed[at] ^= 0x20
            XCTAssertNil(CorpusCache.Entry(file: changed, key: "k"), "byte \(at) changed")
        }
        XCTAssertNil(CorpusCache.Entry(file: Array(#"{"key":"k","parsed":{}}"#.utf8), key: "k"))
        let placed = CorpusCache.PlacedEntry(key: "k", placements: []).encoded()
        XCTAssertNotNil(CorpusCache.PlacedEntry(file: placed, key: "k"))
        XCTAssertNil(CorpusCache.PlacedEntry(file: Array(placed.dropLast()), key: "k"))
        XCTAssertNil(CorpusCache.Entry(file: placed, key: "k"), "a placements entry is not a parse")
    }

    /// The reader never reads past its bytes, whatever they claim: a length beyond the end, a number of eleven
    /// bytes, a flag that is neither 0 nor 1.
    func testTheReaderRefusesBytesThatClaimTooMuch() {
        var w = ByteWriter()
        w.string("自贸试验区")
        w.number(-5)
        w.optionalString(nil)
        var r = ByteReader(bytes: w.bytes)
        XCTAssertEqual(try r.string(), "自贸试验区")
        XCTAssertEqual(try r.number(), -5)
        XCTAssertEqual(try r.optionalString(), nil)
        XCTAssertTrue(r.atEnd)
        var long = ByteReader(bytes: [0x7F, 0x41])
        XCTAssertThrowsError(try long.string())
        var endless = ByteReader(bytes: Array(repeating: 0xFF, count: 11))
        XCTAssertThrowsError(try endless.number())
        var flag = ByteReader(bytes: [2])
        XCTAssertThrowsError(try flag.optionalString())
        var list = ByteReader(bytes: [0x05, 0x00])
        XCTAssertThrowsError(try list.strings())
    }
}
