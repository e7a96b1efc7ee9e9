@testable import CasebookBuild
@testable import CasebookEnrich
import Foundation
import XCTest

/// Two speed-ups of the loading and placing of every text, each checked against the slow form it replaces on random
/// text made of the characters that matter.
final class MetadataFoldTests: XCTestCase {
    /// ASCII, ideographs, the CJK punctuation kept as is, and characters NFKC changes or composes: full-width forms,
    /// the ellipsis, circled and parenthesized numbers, ligatures, combining marks, Hangul jamo, the ideographic space.
    static let alphabet: [Unicode.Scalar] = Array("aZ09 .,(\t\n自由贸易试验区片区、。“”‘’《》【】—·（）：，１２Ａ…①㈠ﬁ\u{301}\u{308}\u{327}\u{1100}\u{1161}\u{11A8}\u{3000}\u{00A0}e\u{2028}ｶﾞ".unicodeScalars)

    static func random(_ n: Int, using g: inout some RandomNumberGenerator) -> String {
        var v = String.UnicodeScalarView()
        for _ in 0..<n { v.append(alphabet.randomElement(using: &g)!) }
        return String(v)
    }

    func testCompatibilityMappingOnlyWhereItCanChangeSomethingIsNFKC() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let s = Self.random(Int.random(in: 0...40, using: &g), using: &g)
            XCTAssertEqual(Array(MetadataChecks.compatibilityMapped(s).unicodeScalars), Array(s.precomposedStringWithCompatibilityMapping.unicodeScalars),
                           "\(s.unicodeScalars.map { String($0.value, radix: 16) })")
            // Folded: NFKC, then no White_Space.
            let reference = String(String.UnicodeScalarView(s.precomposedStringWithCompatibilityMapping.unicodeScalars.filter { !$0.properties.isWhitespace }))
            XCTAssertEqual(Array(MetadataChecks.folded(s).unicodeScalars), Array(reference.unicodeScalars))
        }
        XCTAssertEqual(MetadataChecks.folded("中国（广西）自由贸易试验区 第 二 批…"), "中国(广西)自由贸易试验区第二批...")
    }

    /// A stated fact is looked for in the folded first lines before the whole folded text: those are the start of the
    /// whole text's folding, whatever the lines hold, so a fact found there is in the whole text too.
    func testTheFirstLinesFoldToTheStartOfTheWholeText() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let s = Self.random(Int.random(in: 0...60, using: &g), using: &g)
            let cut = Int.random(in: 0...max(0, s.utf8.count), using: &g)
            let head = MetadataChecks.firstLines(of: s, bytes: cut)
            XCTAssertTrue(s.utf8.starts(with: head.utf8) && (head.utf8.count == s.utf8.count || Array(s.utf8)[head.utf8.count] == 10))
            // Compared as bytes, as the check compares (a combining mark after the line end may join the line's last
            // character in the whole text's characters, not in its bytes).
            XCTAssertTrue(MetadataChecks.folded(s).utf8.starts(with: MetadataChecks.folded(String(head)).utf8),
                          "\(s.unicodeScalars.map { String($0.value, radix: 16) }) cut at \(cut)")
        }
        XCTAssertEqual(MetadataChecks.firstLines(of: "一二\n三四\n五", bytes: 4), "一二")
        XCTAssertEqual(MetadataChecks.firstLines(of: "一二", bytes: 100), "一二")
    }

    /// The enumeration regex (`金桥、保税区、世博等片区`) is run only on texts that can hold one: never skipped on one that does.
    func testTheEnumerationPrecheckNeverSkipsAMatch() throws {
        let re = try XCTUnwrap(ZoneResolver.enumerationRegex)
        var g = SystemRandomNumberGenerator()
        let parts = ["片区", "、", "金桥", "保税区", "世博等", "南宁", "𠀀𠀁", "a", "，", "。", "\n"]
        var matched = 0
        for _ in 0..<5_000 {
            let s = (0..<Int.random(in: 0...12, using: &g)).map { _ in parts.randomElement(using: &g)! }.joined()
            let hit = re.firstMatch(in: s, range: NSRange(location: 0, length: (s as NSString).length)) != nil
            if hit { matched += 1; XCTAssertTrue(ZoneResolver.mayEnumerate(s), s) }
        }
        XCTAssertGreaterThan(matched, 20, "the random texts hold enumerations")
        XCTAssertFalse(ZoneResolver.mayEnumerate("南宁片区和钦州港片区，见附件、附表。"))
        XCTAssertTrue(ZoneResolver.mayEnumerate("金桥、保税区、世博等片区"))
    }
}
