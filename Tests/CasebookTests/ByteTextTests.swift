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

    /// The build cache names records and pages by a 15-character digest: the first 90 bits of the SHA-256, in
    /// base64url, the same for the same bytes and different for a change of any one of them.
    func testACompactDigestKeepsNinetyBitsInFifteenCharacters() {
        let zero = [UInt8](repeating: 0, count: 32)
        XCTAssertEqual(ByteText.compactDigest(zero), "AAAAAAAAAAAAAAA")
        XCTAssertEqual(ByteText.compactDigest([UInt8](repeating: 0xFF, count: 32)), "_______________")
        // 0xFB 0xEF 0xBE… is 111110 111110 111110 …: 62, the 63rd character, 15 times.
        XCTAssertEqual(ByteText.compactDigest(Array([[UInt8]](repeating: [0xFB, 0xEF, 0xBE], count: 4).joined()) + zero), "---------------")
        var seen = Set<String>()
        for byte in 0..<12 {
            for bit in 0..<8 where byte * 8 + bit < 90 {
                var d = zero
                d[byte] ^= UInt8(0x80 >> bit)  // the bits in order, the first byte's highest first
                let s = ByteText.compactDigest(d)
                XCTAssertEqual(s.utf8.count, 15)
                XCTAssertTrue(s.utf8.allSatisfy { $0 == 0x2D || $0 == 0x5F || (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) })
                XCTAssertTrue(seen.insert(s).inserted, "bit \(byte * 8 + bit)")
            }
        }
        XCTAssertEqual(seen.count, 90)
    }
}
