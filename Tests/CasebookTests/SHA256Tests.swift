import CasebookRender
import Foundation
import XCTest

/// The cache keys' digest is SHA-256 as every other tool computes it (FIPS 180-2 test vectors), however it is fed.
final class SHA256Tests: XCTestCase {
    func testTheStandardVectors() {
        XCTAssertEqual(hex(SHA256.hash(data: Data("abc".utf8))),
                       "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        XCTAssertEqual(hex(SHA256.hash(data: [UInt8]())),
                       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        XCTAssertEqual(hex(SHA256.hash(data: Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))),
                       "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testPiecesHashLikeTheWholeAndALiteralZeroIsOneByte() {
        let text = Array("第二批第3项 改革试点经验".utf8)
        var pieces = SHA256()
        pieces.update(data: Data(text.prefix(5)))
        pieces.update(data: Array(text.dropFirst(5)))
        pieces.update(data: [0])
        Data([1, 2, 3]).withUnsafeBytes { pieces.update(bufferPointer: $0) }
        XCTAssertEqual(pieces.finalize(), SHA256.hash(data: text + [0, 1, 2, 3]))
        XCTAssertNotEqual(SHA256.hash(data: text), SHA256.hash(data: text + [0]))
    }

    private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}
