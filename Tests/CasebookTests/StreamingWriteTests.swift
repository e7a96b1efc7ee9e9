import Foundation
import XCTest
@testable import CasebookBuild
@testable import CasebookRender

/// A file written in pieces (`cases.json`) lands with the bytes of its pieces in order; when they are the previous
/// site's bytes, the previous file is kept (same inode and time) as for a file written whole, and a file that only
/// begins or ends like the previous one is written anew.
final class StreamingWriteTests: XCTestCase {
    var root: URL!

    override func setUpWithError() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-stream-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: root)
    }

    func inode(_ path: String) throws -> UInt64 {
        (try FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0
    }

    /// Builds a site of one page and `data/x.json` written from `pieces`; returns the file's inode and bytes.
    func publish(_ pieces: [String]) throws -> (inode: UInt64, bytes: String, counts: (written: Int, kept: Int)) {
        let output = root.appendingPathComponent("Site").path
        let staging = try SiteWriter().begin(output)
        try staging.write(OutputFile(path: "index.html", text: "<!doctype html>"))
        try staging.write("data/x.json") { emit in for p in pieces { try emit(Array(p.utf8)) } }
        let counts = staging.counts
        try staging.commit()
        let path = output + "/data/x.json"
        return (try inode(path), try String(contentsOfFile: path, encoding: .utf8), counts)
    }

    func testPiecesLandInOrderAndTheSameBytesKeepThePreviousFile() throws {
        let first = try publish(["{\"a\" : ", "", "1}", "\n"])
        XCTAssertEqual(first.bytes, "{\"a\" : 1}\n")
        XCTAssertEqual(first.counts.written, 2)
        // The same bytes in other pieces: the previous file stands.
        let again = try publish(["{\"a\"", " : 1}\n"])
        XCTAssertEqual(again.bytes, first.bytes)
        XCTAssertEqual(again.inode, first.inode, "same bytes: the previous file is kept")
        XCTAssertEqual(again.counts.kept, 2)
        // One byte changed in the last piece, a longer file, a shorter one: each is written anew.
        for (pieces, bytes) in [(["{\"a\" : 1}", "\r"], "{\"a\" : 1}\r"), (["{\"a\" : 1}\n", "{}"], "{\"a\" : 1}\n{}"),
                                (["{\"a\" : 1}"], "{\"a\" : 1}")] {
            let before = try inode(root.appendingPathComponent("Site/data/x.json").path)
            let next = try publish(pieces)
            XCTAssertEqual(next.bytes, bytes)
            XCTAssertNotEqual(next.inode, before, "changed bytes \(pieces): written anew")
            XCTAssertEqual(next.counts.written, 1)
        }
    }

    /// A piece that fails to be made leaves the previous site as it was.
    func testAFailingPieceKeepsThePreviousSite() throws {
        let first = try publish(["[1]\n"])
        struct Broken: Error {}
        let staging = try SiteWriter().begin(root.appendingPathComponent("Site").path)
        XCTAssertThrowsError(try staging.write("data/x.json") { emit in
            try emit(Array("[2".utf8))
            throw Broken()
        })
        staging.abandon()
        XCTAssertEqual(try String(contentsOfFile: root.appendingPathComponent("Site/data/x.json").path, encoding: .utf8), first.bytes)
    }

    /// Every path is refused that would leave the site or name no file: absolute, empty parts, `.` and `..` parts, NUL.
    func testPathsThatLeaveTheSiteAreRefused() throws {
        for good in ["a", "a/b.html", "a/.well-known/x", "...", "a/...b/..c", ".htaccess", "案例/第1批.html"] {
            XCTAssertTrue(SiteWriter.isPlainRelative(good), good)
        }
        for bad in ["", "/a", "a//b", "a/", "./a", "a/./b", "../a", "a/..", "..", ".", "a\0b", "a/b/../../../etc"] {
            XCTAssertFalse(SiteWriter.isPlainRelative(bad), bad)
        }
        let staging = try SiteWriter().begin(root.appendingPathComponent("Site").path)
        defer { staging.abandon() }
        XCTAssertThrowsError(try staging.write(OutputFile(path: "../outside.html", text: "x"))) { error in
            XCTAssertTrue("\(error)".contains("refusing the absolute, escaping or duplicate path ../outside.html"), "\(error)")
        }
        try staging.write(OutputFile(path: "a/b.html", text: "x"))
        XCTAssertThrowsError(try staging.write(OutputFile(path: "a/b.html", text: "y")), "a path written twice")
        XCTAssertFalse(FileManager.default.fileExists(atPath: root.appendingPathComponent("outside.html").path))
    }

    /// A file that cannot be kept from the previous site is written instead, under the same path; a site file whose name
    /// is the temporary one a kept file goes through is left as written.
    func testAFileNotKeptIsWrittenAndNoSiteFileIsOverwritten() throws {
        _ = try publish(["[1]\n"])
        let staging = try SiteWriter().begin(root.appendingPathComponent("Site").path)
        XCTAssertFalse(try staging.keep(regularFile: "never-written.html"), "no such file in the previous site")
        try staging.write(OutputFile(path: "never-written.html", text: "<!doctype html>"))
        try staging.write(OutputFile(path: "index.html", text: "<!doctype html>"))
        try staging.write(OutputFile(path: "data/x.json.previous", text: "mine"))
        try staging.write("data/x.json") { emit in try emit(Array("[1]\n".utf8)) }
        try staging.commit()
        let site = root.appendingPathComponent("Site")
        XCTAssertEqual(try String(contentsOf: site.appendingPathComponent("data/x.json.previous"), encoding: .utf8), "mine")
        XCTAssertEqual(try String(contentsOf: site.appendingPathComponent("data/x.json"), encoding: .utf8), "[1]\n")
        XCTAssertEqual(try String(contentsOf: site.appendingPathComponent("never-written.html"), encoding: .utf8), "<!doctype html>")
    }
}
