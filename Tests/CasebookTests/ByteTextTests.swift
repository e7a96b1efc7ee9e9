import CasebookCore
import Foundation
import XCTest

final class ByteTextTests: XCTestCase {
    /// A case page's headings are linked to their source lines by cutting its HTML at `</h2>` over bytes: the parts are
    /// the ones Foundation's `components(separatedBy:)` gives, empty parts, Chinese text and line ends included, except
    /// that a tag is a tag even when a combining mark follows it (Foundation matches whole characters: `>` and the mark
    /// are one).
    func testSplitCutsAsFoundationDoes() {
        let texts = [
            "", "</h2>", "</h2></h2>", "<h2>一、背景</h2><p>正文</p><h2>二、做法</h2>", "无标题正文",
            "<h2>甲</h2>\r\n<h2>乙</h2>尾", "</h2>开头", "结尾</h2>", "<h2>半</h2", "\u{1F600}</h2>x",
        ]
        for text in texts {
            XCTAssertEqual(ByteText.split(text, at: "</h2>"), text.components(separatedBy: "</h2>"), text)
        }
        XCTAssertEqual(ByteText.split("a，b，，c", at: "，"), ["a", "b", "", "c"])
        XCTAssertEqual(ByteText.split("\u{1F600}</h2>\u{0301}", at: "</h2>"), ["\u{1F600}", "\u{0301}"])
    }
}
