import CasebookBuild
import CasebookCore
@testable import CasebookParse
import Foundation
import XCTest

/// The parser skips a regular expression on a line that lacks what every match needs (`RegexPrefilter`); a prefilter
/// that refused a line the expression matches would lose a title, a part or a submitter line.
final class RegexPrefilterTests: XCTestCase {
    func testWhatAPatternNeedsIsReadFromIt() {
        XCTAssertEqual(RegexPrefilter(Pattern.part), RegexPrefilter(first: ["第"], literals: ["第", "部分"]))
        XCTAssertEqual(RegexPrefilter(Pattern.submitterLine), RegexPrefilter(first: ["（", "("], literals: ["报送单位"]))
        XCTAssertEqual(RegexPrefilter(Pattern.providerEnd), RegexPrefilter(literals: ["提供"]))
        XCTAssertEqual(RegexPrefilter(#"^附\s*件\s*[0-9０-９]*$"#), RegexPrefilter(first: ["附"], literals: ["附", "件"]))
        XCTAssertEqual(RegexPrefilter(#"^#{1,6}\s+(\S.*)$"#), RegexPrefilter(first: ["#"], literals: ["#"]))
        XCTAssertEqual(RegexPrefilter(#"^[0-9]{1,3}x"#).first, Set("0123456789".unicodeScalars))
        // a group that must be there begins the match: what it begins with (a numbered title: a digit)
        XCTAssertEqual(RegexPrefilter(Pattern.numberedTitle).first, Set("0123456789".unicodeScalars))
        XCTAssertEqual(RegexPrefilter("^(?:（|\\()甲").first, nil)
        XCTAssertEqual(RegexPrefilter("^(?:第[一二])+部分").first, ["第"])
        XCTAssertEqual(RegexPrefilter("^(第)?甲").first, nil)
        XCTAssertEqual(RegexPrefilter("^(?=甲)乙").first, nil)
        XCTAssertEqual(RegexPrefilter("^(甲|乙)丙").first, nil)
        XCTAssertFalse(RegexPrefilter(Pattern.numberedTitle).admits("中国（广西）自由贸易试验区"))
        // nothing is required of a pattern with a top-level alternative, an optional first item or a negated class
        XCTAssertEqual(RegexPrefilter("^甲|乙"), RegexPrefilter())
        XCTAssertEqual(RegexPrefilter("^(?:甲)?乙?"), RegexPrefilter())
        XCTAssertEqual(RegexPrefilter("^[^甲]"), RegexPrefilter())
        XCTAssertEqual(RegexPrefilter(#"^[—－\-–]*\s*[0-9]{1,3}"#).first, nil)
        XCTAssertFalse(RegexPrefilter(Pattern.part).admits("第一章 总则"))
        XCTAssertTrue(RegexPrefilter(Pattern.part).admits("第一部分 改革试点经验"))
    }

    /// Patterns made at run time, each dropped before the next is made (so that one may take the place, and the
    /// address, of the one before), short (held inline) and long: each is its own expression.
    func testAPatternMadeAtRunTimeIsNeverTakenForAnother() {
        for i in 0..<200 {
            XCTAssertTrue("第\(i)项".matches("^第\(i)项$"), "pattern \(i)")
            XCTAssertFalse("第\(i + 1)项".matches("^第\(i)项$"), "pattern \(i)")
            XCTAssertEqual("自由贸易试验区第\(i)项".captures("^自由贸易试验区第(\(i))项$"), ["\(i)"])
            XCTAssertNil("自由贸易试验区第\(i + 1)项".captures("^自由贸易试验区第(\(i))项$"))
        }
    }

    /// Every expression the parser runs, on every line of the real texts (as printed and trimmed): where it matches,
    /// its prefilter lets the line through.
    func testNoLineAnExpressionMatchesIsRefused() throws {
        let dir = URL(fileURLWithPath: Repo.content).appendingPathComponent("sources")
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".txt") }.sorted()
        XCTAssertGreaterThanOrEqual(files.count, 5)
        var lines: [String] = []
        for f in files {
            let text = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            for l in ByteText.lines(text) {
                lines.append(l)
                lines.append(l.trimmingCharacters(in: .whitespaces))
            }
        }
        XCTAssertGreaterThan(RealSite.rendered.corpus.cases.count, 100)  // the parser has asked for its expressions
        let patterns = RegexCache.shared.patterns
        XCTAssertGreaterThanOrEqual(patterns.count, 10)
        var matched = 0, refused = 0
        for p in patterns {
            let re = try NSRegularExpression(pattern: p)
            let filter = RegexPrefilter(p)
            for l in lines {
                let hit = re.firstMatch(in: l, range: NSRange(location: 0, length: (l as NSString).length)) != nil
                if hit {
                    matched += 1
                    XCTAssertTrue(filter.admits(l), "\(p) matches \(l) but its prefilter refuses it")
                } else if !filter.admits(l) {
                    refused += 1
                }
            }
        }
        XCTAssertGreaterThan(matched, 200, "the texts hold titles, parts and submitter lines")
        XCTAssertGreaterThan(refused, lines.count, "the prefilters spare the expressions most lines")
    }

    /// `（一）…` is read over the first scalars instead of with its expression: both say the same for items, near
    /// misses and ordinary text, and a short item that is a sentence of its own is still no sub-heading.
    func testAnEnumeratedItemIsWhatItsExpressionMatches() {
        let pattern = #"^[（(][一二三四五六七八九十]{1,3}[)）]"#
        let texts = ["（一）主要做法", "(二)主要做法", "（十三）其他", "（十二三）三个", "（十二三四）四个", "（一)混排", "（）空", "（一", "（", "",
                     "一、主要做法", "第（一）项", " （一）前有空格", "（1）阿拉伯数字", "(十)", "（二十）二十"]
        for t in texts { XCTAssertEqual(SectionBuilder.startsEnumeratedItem(t), t.matches(pattern), t) }
        XCTAssertTrue(SectionBuilder.isSubheading("（一）优化审批流程。"))
        XCTAssertFalse(SectionBuilder.isSubheading("（一）优化审批流程。压缩办理时限。"), "two sentences")
        XCTAssertFalse(SectionBuilder.isSubheading("（一）" + String(repeating: "长", count: 60)), "too long")
    }
}
