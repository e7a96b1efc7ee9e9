import Foundation
import CasebookCore
import CasebookRender
import XCTest

@testable import CasebookBuild

/// The cache's list of files (`files.bin`) is written in pieces as it is made: what a build reads back is what was
/// written, for any path a site can hold, and a damaged list is refused rather than half read.
final class BuildCacheFormatTests: XCTestCase {
    typealias Entry = BuildCache.Entry

    func written(_ files: BuildCache.Files) throws -> [UInt8] {
        let path = temporaryFolder(self).appendingPathComponent("files.bin").path
        try BuildCache.replace(path) { try files.write(to: $0) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: (path as NSString).deletingLastPathComponent), ["files.bin"],
                       "no temporary file left")
        return [UInt8](try XCTUnwrap(FileManager.default.contents(atPath: path)))
    }

    func testEveryPathAndNumberComesBackAsWritten() throws {
        let entries: [String: Entry] = [
            "cases/a.html": Entry(size: 12_345, mtime: 1_764_000_000_123_456_789, inode: 42, fingerprint: String(repeating: "0f", count: 32)),
            "assets/with space|and;semicolon%25.css": Entry(size: 0, mtime: -5, inode: UInt64.max, fingerprint: nil),
            "资料/中文 名称.txt": Entry(size: Int64.max, mtime: Int64.min, inode: 0, fingerprint: "ab"),
            "a\"quote\\back\nline.js": Entry(size: 1, mtime: 2, inode: 3, fingerprint: ""),
        ]
        let bytes = try written(BuildCache.Files(build: "b1", entries: entries))
        let back = try XCTUnwrap(BuildCache.Files(file: bytes))
        XCTAssertEqual(back.entries, entries)
        XCTAssertEqual(back.build, "b1")
        XCTAssertNil(back.search)
        XCTAssertNil(back.records)
        XCTAssertEqual(BuildCache.Files(file: try written(BuildCache.Files(build: "", entries: [:])))?.entries, [:])
    }

    /// More files than one piece of the list holds, the search index's state and each file's records.
    func testTheListWrittenInPiecesReadsBackAsWritten() throws {
        var entries: [String: Entry] = [:]
        for i in 0..<5_000 {
            entries["cases/案例-\(i)\(i % 7 == 0 ? "\"q\\b\t" : "").html"] = Entry(size: Int64(i), mtime: Int64(i) * 1_000_003, inode: UInt64(i) + 9,
                                                                              fingerprint: i % 3 == 0 ? nil : String(repeating: "a1", count: 32))
        }
        let records = ["data/cases.json": ["k1": [0, 10], "k2": [10, 25]], "data/cases.csv": ["k1": [3, 4]]]
        let built = try XCTUnwrap(RealSiteSearchState.state, "the real site has a search index state")
        let bytes = try written(BuildCache.Files(build: "b2", entries: entries, search: built, records: records))
        XCTAssertGreaterThan(bytes.count, 1 << 17, "more than one piece")
        let back = try XCTUnwrap(BuildCache.Files(file: bytes))
        XCTAssertEqual(back.build, "b2")
        XCTAssertEqual(back.entries, entries)
        XCTAssertEqual(back.records, records)
        XCTAssertEqual(back.search, built)
    }

    /// The scan finds every file below the site folder, however deep, with its size, time and inode as `lstat` gives
    /// them (a link as a link, not what it points to), under its path relative to the folder.
    func testTheScanFindsEveryFileWithItsIdentity() throws {
        let root = temporaryFolder(self).appendingPathComponent("Site").path
        let fm = FileManager.default
        var expected: [String: Entry] = [:]
        for (i, path) in ["index.html", "cases/a.html", "cases/中文 名称.html", "search/d/1.js", "search/k/0/00.js", "assets/x/y/z/deep.css"].enumerated() {
            try fm.createDirectory(atPath: (root + "/" + path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(repeating: UInt8(i), count: i * 100).write(to: URL(fileURLWithPath: root + "/" + path))
            var info = stat()
            XCTAssertEqual(lstat(root + "/" + path, &info), 0)
            expected[path] = BuildCache.entry(info)
        }
        try fm.createDirectory(atPath: root + "/empty/inner", withIntermediateDirectories: true)
        XCTAssertEqual(symlink("../index.html", root + "/cases/link.html"), 0)
        expected["cases/link.html"] = Entry(size: -1, mtime: 0, inode: 0)
        XCTAssertEqual(BuildCache.scan(root, workers: 1), expected)
        XCTAssertEqual(BuildCache.scan(root, workers: 2), expected)
        XCTAssertNil(BuildCache.scan(root + "/missing"))
    }

    /// A list cut short anywhere, grown, or with a byte changed is refused; so is the JSON list of format 7.
    func testADamagedListIsRefused() throws {
        var entries: [String: Entry] = [:]
        for i in 0..<300 { entries["p/\(i).html"] = Entry(size: Int64(i), mtime: 7, inode: UInt64(i), fingerprint: "ff") }
        let bytes = try written(BuildCache.Files(build: "b", entries: entries, records: ["r": ["k": [1, 2]]]))
        XCTAssertNotNil(BuildCache.Files(file: bytes))
        for cut in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 89)) {
            XCTAssertNil(BuildCache.Files(file: Array(bytes[..<cut])), "cut at \(cut) of \(bytes.count)")
        }
        XCTAssertNil(BuildCache.Files(file: bytes + [0]))
        for at in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 53)) {
            var changed = bytes
            changed[at] ^= 0x01
            XCTAssertNil(BuildCache.Files(file: changed), "byte \(at) changed")
        }
        XCTAssertNil(BuildCache.Files(file: Array(#"{"build":"b","entries":"p|1|2|3|;"}"#.utf8)))
    }
}

/// The search index's state of the real site, as a build keeps it for the next.
enum RealSiteSearchState {
    static let state: SearchIndexState? = {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-search-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let output = dir.appendingPathComponent("Site").path
        _ = SiteBuilder().build(.init(content: Repo.content, templates: Repo.templates, output: output))
        let cache = BuildCache(output: output)
        guard let m = cache.load(tool: BuildCache.tool).manifest else { return nil }
        return cache.files(of: m).files?.search
    }()
}
