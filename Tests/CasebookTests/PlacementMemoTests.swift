import CasebookCore
import CasebookEnrich
import CasebookParse
import XCTest
@testable import CasebookBuild

/// The placements kept between builds meet only the cases they were made for: the very cases the cache's parse of
/// that text gave, with the same learned terms. An edited copy of the cases, another salt or a text the cache did not
/// parse is placed again.
final class PlacementMemoTests: XCTestCase {
    func testAKeptPlacementMeetsOnlyTheCasesItWasMadeFor() throws {
        let output = temporaryFolder(self).appendingPathComponent("Site").path
        let loaded = ContentLoader().load(content: Repo.content)
        let d = try XCTUnwrap(loaded.documents.first { Parser.parse($0).cases.count > 5 })
        func cache() -> CorpusCache { CorpusCache(cache: BuildCache(output: output), tool: "test", content: Repo.content) }
        var calls = 0
        func place(_ cases: [Case]) -> () -> [Placement] {
            {
                calls += 1
                return cases.enumerated().map { i, c in
                    Placement(zones: [ZoneRef(ftz: "区\(i)")], category: nil, units: [], unknownUnits: [c.title], diagnostics: [])
                }
            }
        }
        let first = cache()
        let parsed = first.parse(d, Parser.parse)
        let made = first.placements(file: d.file, cases: parsed.cases, salt: [1], place: place(parsed.cases))
        XCTAssertEqual(calls, 1)
        first.commit()

        // The next build: the same text, read back from the cache, meets the kept placements.
        let next = cache()
        let again = next.parse(d, Parser.parse)
        XCTAssertEqual(next.placements(file: d.file, cases: again.cases, salt: [1], place: place(again.cases)), made)
        XCTAssertEqual(calls, 1, "kept, not placed again")
        // Other learned terms, an edited case, a text this cache did not parse: placed again.
        _ = next.placements(file: d.file, cases: again.cases, salt: [2], place: place(again.cases))
        XCTAssertEqual(calls, 2)
        var edited = again.cases
        edited[3].title += "（改）"
        XCTAssertEqual(next.placements(file: d.file, cases: edited, salt: [1], place: place(edited))[3].unknownUnits, [edited[3].title])
        XCTAssertEqual(calls, 3)
        _ = next.placements(file: "另一份.txt", cases: again.cases, salt: [1], place: place(again.cases))
        XCTAssertEqual(calls, 4)
    }
}
