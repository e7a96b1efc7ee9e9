@testable import CasebookBuild
import Foundation
import XCTest
import ZIPFoundation

/// `casebook build --archive`: one top folder, sorted entries, fixed dates, the same bytes for the same site.
final class ArchiveTests: XCTestCase {
    func makeSite(_ root: URL) throws {
        let files = [
            "index.html": "<a href=\"cases/a.html\">a</a>", "cases/a.html": "<p>案例</p>", "cases/b.html": "<p>b</p>",
            "assets/style.css": "body{}", "search/docs.js": "var d=[];", ".gitignore": "*\n", "handbooks/all.pdf": "%PDF-1.7",
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
    }

    func testTheArchiveHasOneTopFolderSortedEntriesAndTheSiteFiles() throws {
        let tmp = temporaryFolder(self)
        let site = tmp.appendingPathComponent("site")
        try makeSite(site)
        let zip = tmp.appendingPathComponent("out/casebook-site.zip")
        try Archiver().archive(site: site.path, to: zip.path)
        let archive = try Archive(url: zip, accessMode: .read)
        let paths = archive.map(\.path)
        XCTAssertEqual(paths, [
            "casebook-site/", "casebook-site/assets/", "casebook-site/assets/style.css", "casebook-site/cases/",
            "casebook-site/cases/a.html", "casebook-site/cases/b.html", "casebook-site/handbooks/", "casebook-site/handbooks/all.pdf",
            "casebook-site/index.html", "casebook-site/search/", "casebook-site/search/docs.js",
        ])
        for entry in archive where entry.type == .file {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            let original = try Data(contentsOf: site.appendingPathComponent(String(entry.path.dropFirst("casebook-site/".count))))
            XCTAssertEqual(data, original, entry.path)
        }
        XCTAssertEqual(archive.first { $0.path.hasSuffix(".pdf") }?.isCompressed, false, "PDFs are stored")
        XCTAssertEqual(archive.first { $0.path.hasSuffix("a.html") }?.isCompressed, true, "text is deflated")
    }

    func testTheSameSiteGivesTheSameBytes() throws {
        let tmp = temporaryFolder(self)
        let site = tmp.appendingPathComponent("site")
        try makeSite(site)
        let a = tmp.appendingPathComponent("a/site.zip"), b = tmp.appendingPathComponent("b/site.zip")
        try Archiver().archive(site: site.path, to: a.path)
        // Touch every file: modification times must not matter.
        for path in ["index.html", "cases/a.html"] {
            try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 3600)], ofItemAtPath: site.appendingPathComponent(path).path)
        }
        try Archiver().archive(site: site.path, to: b.path)
        XCTAssertEqual(try Data(contentsOf: a), try Data(contentsOf: b))
        // The first local header carries 2000-01-01 00:00 in MS-DOS form (time 0, date (20 << 9) | (1 << 5) | 1).
        let bytes = [UInt8](try Data(contentsOf: a))
        XCTAssertEqual(Array(bytes[0..<4]), [0x50, 0x4B, 0x03, 0x04])
        XCTAssertEqual(UInt16(bytes[10]) | UInt16(bytes[11]) << 8, 0)
        XCTAssertEqual(UInt16(bytes[12]) | UInt16(bytes[13]) << 8, (20 << 9) | (1 << 5) | 1)
    }

    func testTheTopFolderIsNamedAfterTheZip() {
        XCTAssertEqual(Archiver.topFolder(for: "/tmp/x/casebook-2025.zip"), "casebook-2025")
        XCTAssertEqual(Archiver.topFolder(for: "案例.zip"), "casebook-site")
        XCTAssertEqual(Archiver.topFolder(for: "site"), "site")
    }

    func testANonSiteIsRefusedAndAnOldZipReplaced() throws {
        let tmp = temporaryFolder(self)
        XCTAssertThrowsError(try Archiver().archive(site: tmp.path, to: tmp.appendingPathComponent("x.zip").path))
        let site = tmp.appendingPathComponent("site")
        try makeSite(site)
        let zip = tmp.appendingPathComponent("x.zip")
        try Data("old".utf8).write(to: zip)
        try Archiver().archive(site: site.path, to: zip.path)
        XCTAssertEqual(try Archive(url: zip, accessMode: .read).map(\.path).first, "x/")
        // Nothing is left behind beside it.
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted(), ["site", "x.zip"])
    }
}
