import CasebookMarkdown
import XCTest

/// `Markdown.escape` works over UTF-8 bytes; these pin its rules and compare it with a reading of them over code points.
final class MarkdownEscapeTests: XCTestCase {
    /// The rules, one code point at a time (how escape worked before it read bytes).
    static func reference(_ text: String) -> String {
        let inline: Set<Unicode.Scalar> = ["\\", "`", "*", "_", "[", "]", "<", ">", "|", "~", "&"]
        let scalars = Array(text.unicodeScalars.lazy.map { $0 == "\n" || $0 == "\r" ? " " : $0 }.drop { $0 == " " || $0 == "\t" })
        var out = String.UnicodeScalarView()
        let leadingDigits = scalars.prefix { $0.isASCII && ("0"..."9").contains($0) }.count
        for (i, ch) in scalars.enumerated() {
            if inline.contains(ch) || (i == 0 && "#+-=".unicodeScalars.contains(ch)) || (i == leadingDigits && leadingDigits > 0 && (ch == "." || ch == ")")) {
                out.append("\\")
            }
            out.append(ch)
        }
        return String(out)
    }

    func testRules() {
        XCTAssertEqual(Markdown.escape("实行“一同核查”。"), "实行“一同核查”。", "plain Chinese text stays as it is")
        XCTAssertEqual(Markdown.escape("# 标题"), "\\# 标题")
        XCTAssertEqual(Markdown.escape("2019. 年"), "2019\\. 年")
        XCTAssertEqual(Markdown.escape("3) 项"), "3\\) 项")
        XCTAssertEqual(Markdown.escape("a*b_c<d>&e"), "a\\*b\\_c\\<d\\>\\&e")
        XCTAssertEqual(Markdown.escape("\r\t3. 一\n二"), "3\\. 一 二", "leading breaks and indentation go, inner breaks become spaces")
        XCTAssertEqual(Markdown.escape("一-二"), "一-二", "a block marker only counts at the start")
        XCTAssertEqual(Markdown.escape(""), "")
    }

    func testAgreesWithTheRulesOverCodePoints() {
        let pieces = ["一", "（", "#", "-", "+", "=", "1", "23", ".", ")", " ", "\t", "\n", "\r", "*", "_", "`", "\\", "[", "]", "|",
                      "~", "&", "<", ">", "é", "𠀀", "\u{2028}", "a"]
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            let text = (0..<Int.random(in: 0...8, using: &rng)).map { _ in pieces.randomElement(using: &rng)! }.joined()
            XCTAssertEqual(Markdown.escape(text), Self.reference(text), "\(text.debugDescription)")
        }
    }
}
