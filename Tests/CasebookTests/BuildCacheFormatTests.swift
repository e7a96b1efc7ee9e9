import Foundation
import CasebookCore
import XCTest

@testable import CasebookBuild

/// The cache's list of files is written as one string (`BuildCache.Entry.pack`): what it reads back is what was
/// written, for any path a site can hold, and a damaged list is refused rather than half read.
final class BuildCacheFormatTests: XCTestCase {
    typealias Entry = BuildCache.Entry

    func testEveryPathAndNumberComesBackAsWritten() throws {
        let entries: [String: Entry] = [
            "cases/a.html": Entry(size: 12_345, mtime: 1_764_000_000_123_456_789, inode: 42, fingerprint: String(repeating: "0f", count: 32)),
            "assets/with space|and;semicolon%25.css": Entry(size: 0, mtime: -5, inode: UInt64.max, fingerprint: nil),
            "资料/中文 名称.txt": Entry(size: Int64.max, mtime: Int64.min, inode: 0, fingerprint: "ab"),
            "a\"quote\\back\nline.js": Entry(size: 1, mtime: 2, inode: 3, fingerprint: nil),
        ]
        let packed = Entry.pack(entries)
        XCTAssertEqual(Entry.unpack(packed), entries)
        // Through the JSON of files.json, as a build reads it.
        let files = BuildCache.Files(build: "b1", entries: entries)
        let decoded = try JSONDecoder().decode(BuildCache.Files.self, from: Data(try OrderedJSONEncoder().encode(files)))
        XCTAssertEqual(decoded.entries, entries)
        XCTAssertEqual(decoded.build, "b1")
        XCTAssertEqual(Entry.unpack(""), [:])
    }

    /// `files.json` is written in pieces as it is made (`Files.write(to:)`); a build reads it back with the Codable
    /// form, which must find what was written: more files than one piece of the list holds, paths JSON must escape,
    /// the search index's state and each file's records.
    func testTheListWrittenInPiecesReadsBackAsWritten() throws {
        var entries: [String: Entry] = [:]
        for i in 0..<5_000 {
            entries["cases/案例-\(i)\(i % 7 == 0 ? "\"q\\b\t" : "").html"] = Entry(size: Int64(i), mtime: Int64(i) * 1_000_003, inode: UInt64(i) + 9,
                                                                              fingerprint: i % 3 == 0 ? nil : String(repeating: "a1", count: 32))
        }
        let records = ["data/cases.json": ["k1": [0, 10], "k2": [10, 25]], "data/cases.csv": ["k1": [3, 4]]]
        let files = BuildCache.Files(build: "b2", entries: entries, search: nil, records: records)
        let path = temporaryFolder(self).appendingPathComponent("files.json").path
        try BuildCache.replace(path) { try files.write(to: $0) }
        let data = try XCTUnwrap(FileManager.default.contents(atPath: path))
        XCTAssertGreaterThan(data.count, 1 << 17, "more than one piece")
        let decoded = try JSONDecoder().decode(BuildCache.Files.self, from: data)
        XCTAssertEqual(decoded.build, "b2")
        XCTAssertEqual(decoded.entries, entries)
        XCTAssertEqual(decoded.records, records)
        XCTAssertEqual(data, Data(try OrderedJSONEncoder().encode(files)), "the same bytes as the Codable form")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent), ["files.json"])
    }

    func testADamagedListIsRefused() {
        let packed = Entry.pack(["cases/a.html": Entry(size: 10, mtime: 20, inode: 30, fingerprint: "ff")])
        XCTAssertNotNil(Entry.unpack(packed))
        for damaged in [String(packed.dropLast()), packed + "x", "cases/a.html|10|20|30;", "p|1|2|-3|;", "p|1|x|3|;",
                        "p|99999999999999999999|2|3|;", "p|1|2|3|4|5;", "%zz|1|2|3|;"] {
            XCTAssertNil(Entry.unpack(damaged), damaged)
        }
    }
}
