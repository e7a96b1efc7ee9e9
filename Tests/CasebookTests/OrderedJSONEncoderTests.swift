@testable import CasebookCore
@testable import CasebookRender
import Foundation
import XCTest

/// `OrderedJSONEncoder` writes what Foundation's `JSONEncoder` writes (when keys are encoded in sorted order), without
/// sorting and without a tree of values; `data/cases.json`, the CSL file and the build caches are written with it.
final class OrderedJSONEncoderTests: XCTestCase {
    static func foundation(pretty: Bool) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        return e
    }

    func assertSameAsFoundation<T: Encodable>(_ value: T, file: StaticString = #filePath, line: UInt = #line) throws {
        for pretty in [false, true] {
            let ours = try OrderedJSONEncoder(pretty: pretty).encode(value)
            let theirs = [UInt8](try Self.foundation(pretty: pretty).encode(value))
            Self.assertSameBytes(ours, theirs, "pretty: \(pretty)", file: file, line: line)
        }
    }

    /// Equal bytes; else where they first differ, with a little of each around it (not two whole files).
    static func assertSameBytes(_ ours: [UInt8], _ theirs: [UInt8], _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        guard ours != theirs else { return }
        let at = (0..<min(ours.count, theirs.count)).first { ours[$0] != theirs[$0] } ?? min(ours.count, theirs.count)
        func around(_ b: [UInt8]) -> String { String(decoding: b[max(0, at - 60)..<min(b.count, at + 60)], as: UTF8.self) }
        XCTFail("\(what): differs at byte \(at) of \(ours.count) (JSONEncoder: \(theirs.count)):\nours:   \(around(ours))\ntheirs: \(around(theirs))",
                file: file, line: line)
    }

    /// The public data file: every record of the real texts, byte for byte what `JSONEncoder` with sorted keys writes.
    /// A key added out of sorted order to a record's `encode(to:)` fails here.
    func testCaseRecordsAreWhatJSONEncoderWritesWithSortedKeys() throws {
        let corpus = RealSite.rendered.corpus
        XCTAssertGreaterThan(corpus.cases.count, 100)
        let input = SiteInput(cases: corpus.cases, documents: Dictionary(uniqueKeysWithValues: corpus.documents.map { ($0.file, $0.metadata) }),
                              documentOrder: corpus.documents.map(\.file), reference: corpus.reference, config: SiteConfig(baseURL: "https://example.org/ftz/"))
        let catalog = Catalog(input)
        let file = CasesFile(cases: corpus.cases.map(catalog.makeCaseRecord), count: corpus.cases.count)
        try assertSameAsFoundation(file)
        // The export writes its records one by one, in pieces: the same bytes again.
        let whole = try Self.foundation(pretty: true).encode(file) + Data("\n".utf8)
        var pieces: [UInt8] = []
        DataExport(catalog: catalog).json(piece: 13) { pieces += $0 }
        Self.assertSameBytes(pieces, [UInt8](whole), "cases.json in pieces of 13 bytes")
        // CSL-JSON, whose `URL` sorts first (byte order), with a base URL so that every item has one.
        let items = corpus.cases.map { catalog.makeReference($0).csl }
        XCTAssertTrue(items.allSatisfy { $0.url != nil })
        try assertSameAsFoundation(items)
    }

    /// Strings: every ASCII character (the control characters escaped as Foundation does), slashes as they are,
    /// Chinese, line and paragraph separators, astral characters.
    func testStringsAreEscapedAsJSONEncoderDoes() throws {
        let ascii = String(decoding: (0..<128).map { UInt8($0) }, as: UTF8.self)
        for s in [ascii, "", "自由贸易试验区/片区：“一口受理”", "a\u{2028}b\u{2029}c", "😀 𠀀 e\u{301}", "\\\"\\\\"] {
            try assertSameAsFoundation([s])
            try assertSameAsFoundation(["key \(s)": s])
        }
    }

    struct Inner: Codable, Equatable { var a: Int; var b: [String] }
    enum Block: Codable, Equatable { case paragraph(String), table(rows: [[String]], caption: String?), rule }
    struct Outer: Codable, Equatable {
        var blocks: [Block]
        var empty: [Int]
        var emptyObject: [String: Int]
        var flag: Bool
        var inner: Inner?
        var missing: Inner?
        var nested: [[Inner]]
        var number: Double
        var numbers: [Int64]
        var text: String?
    }

    static let outer = Outer(
        blocks: [.paragraph("段落"), .table(rows: [["甲", "乙"], []], caption: nil), .rule], empty: [], emptyObject: [:], flag: true,
        inner: Inner(a: -3, b: ["x"]), missing: nil, nested: [[], [Inner(a: 0, b: [])]], number: 2.5,
        numbers: [Int64.min, 0, Int64.max], text: nil)

    /// Synthesized `Codable` (nested structs, optionals, enums with associated values, empty lists and objects, numbers):
    /// the same bytes as Foundation's, and read back by `JSONDecoder` as the value written.
    func testSynthesizedCodableTypesAreWrittenAsJSONEncoderDoesAndReadBack() throws {
        try assertSameAsFoundation(Self.outer)
        for pretty in [false, true] {
            let bytes = try OrderedJSONEncoder(pretty: pretty).encode(Self.outer)
            XCTAssertEqual(try JSONDecoder().decode(Outer.self, from: Data(bytes)), Self.outer)
        }
        try assertSameAsFoundation([0.1, 1.0, -0.0, 1e20, 1234567.125])
        XCTAssertThrowsError(try OrderedJSONEncoder().encode([Double.nan]))
    }

    /// A value that writes into a container after a later sibling began would land in the wrong place in a stream:
    /// it is an error, not misplaced output.
    struct OutOfOrder: Encodable {
        enum Keys: String, CodingKey { case a, b }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: Keys.self)
            var list = c.nestedUnkeyedContainer(forKey: .a)
            try c.encode(1, forKey: .b)
            try list.encode(2)
        }
    }

    /// Asking one encoder twice for its container gives the same object; a super encoder left unused is `{}`: what
    /// `JSONEncoder` writes.
    struct TwoAsks: Encodable {
        enum Keys: String, CodingKey { case a, b, c, d }
        func encode(to encoder: any Encoder) throws {
            var first = encoder.container(keyedBy: Keys.self)
            try first.encode(1, forKey: .a)
            _ = first.superEncoder(forKey: .b)
            var second = encoder.container(keyedBy: Keys.self)
            try second.encode([2], forKey: .c)
            _ = second.superEncoder(forKey: .d)
        }
    }

    func testASecondContainerOfOneValueIsTheSameAndAnUnusedSuperEncoderIsAnEmptyObject() throws {
        try assertSameAsFoundation(TwoAsks())
        try assertSameAsFoundation([TwoAsks(), TwoAsks()])
    }

    func testWritingIntoAContainerAfterALaterValueIsAnError() {
        XCTAssertThrowsError(try OrderedJSONEncoder().encode(OutOfOrder())) { error in
            guard case EncodingError.invalidValue(_, let context) = error else { return XCTFail("\(error)") }
            XCTAssertEqual(context.codingPath.map(\.stringValue), ["a", "Index 0"])
        }
        // Encoding after what a buffer holds: a value is appended; a failing one leaves the buffer as it was.
        var out = Array("[".utf8)
        XCTAssertThrowsError(try OrderedJSONEncoder().encode(OutOfOrder(), appendingTo: &out))
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "[")
        try? OrderedJSONEncoder(pretty: true, indent: 1).encode(["x": [1, 2]], appendingTo: &out)
        XCTAssertEqual(String(decoding: out, as: UTF8.self), "[{\n    \"x\" : [\n      1,\n      2\n    ]\n  }")
    }
}
