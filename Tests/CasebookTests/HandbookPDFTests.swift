@testable import CasebookBuild
import Foundation
import XCTest

/// The parts of `casebook build --pdf` that need no WeasyPrint: what it says when WeasyPrint is missing,
/// how it links the PDFs it made, how it finds an interpreter. (Tests/e2e/test_handbook_pdf.py makes a real PDF.)
final class HandbookPDFTests: XCTestCase {
    func testWithoutWeasyPrintItSaysWhatToInstall() throws {
        let site = temporaryFolder(self)
        try FileManager.default.createDirectory(at: site.appendingPathComponent("handbooks"), withIntermediateDirectories: true)
        try Data("<p>x</p>".utf8).write(to: site.appendingPathComponent("handbooks/all.html"))
        let saved = ProcessInfo.processInfo.environment["PATH"]
        setenv("PATH", site.path, 1)  // a folder with no weasyprint in it
        defer { if let saved { setenv("PATH", saved, 1) } }
        XCTAssertThrowsError(try PDFMaker().make(site: site.path)) { error in
            XCTAssertTrue("\(error)".contains("apt-get install weasyprint fonts-noto-cjk"), "\(error)")
        }
    }

    func testLinksAppearOnlyForPDFsThatExist() throws {
        let folder = temporaryFolder(self)
        let index = "<li><a href=\"../handbooks/all.html\">全部</a><!--casebook:pdf:all--></li><li><a>x</a><!--casebook:pdf:ftz-x--></li>"
        try Data(index.utf8).write(to: folder.appendingPathComponent("index.html"))
        try Data("<nav><!--casebook:pdf--></nav>".utf8).write(to: folder.appendingPathComponent("all.html"))
        try Data(repeating: 0x25, count: 2048).write(to: folder.appendingPathComponent("all.pdf"))
        try PDFMaker().linkPDFs(folder: folder, made: ["all"])
        let newIndex = try String(contentsOf: folder.appendingPathComponent("index.html"), encoding: .utf8)
        XCTAssertTrue(newIndex.contains("<a class=\"pdf\" href=\"all.pdf\" download>PDF</a> <span class=\"count\">2 KB</span>"), newIndex)
        XCTAssertTrue(newIndex.contains("<!--casebook:pdf:ftz-x-->"), "no PDF, no link")
        let page = try String(contentsOf: folder.appendingPathComponent("all.html"), encoding: .utf8)
        XCTAssertEqual(page, "<nav><a class=\"hb-pdf\" href=\"all.pdf\" download>下载 PDF（2 KB）</a></nav>")
    }

    func testTheInterpreterComesFromTheScriptsFirstLine() throws {
        let folder = temporaryFolder(self)
        let direct = folder.appendingPathComponent("a")
        try Data("#!/usr/bin/python3 -I\nimport sys\n".utf8).write(to: direct)
        let found = try XCTUnwrap(PDFMaker.interpreter(of: direct))
        XCTAssertEqual(found.executable.path, "/usr/bin/python3")
        XCTAssertEqual(found.arguments, ["-I"])
        let viaEnv = folder.appendingPathComponent("b")
        try Data("#!/usr/bin/env sh\n".utf8).write(to: viaEnv)
        XCTAssertEqual(PDFMaker.interpreter(of: viaEnv)?.executable.lastPathComponent, "sh")
        let binary = folder.appendingPathComponent("c")
        try Data([0x7F, 0x45, 0x4C, 0x46]).write(to: binary)
        XCTAssertNil(PDFMaker.interpreter(of: binary))
    }

    func testOnlyNamesHandbooksThatExist() throws {
        let site = temporaryFolder(self)
        try FileManager.default.createDirectory(at: site.appendingPathComponent("handbooks"), withIntermediateDirectories: true)
        try Data("<p>x</p>".utf8).write(to: site.appendingPathComponent("handbooks/all.html"))
        guard PDFMaker.which("weasyprint") != nil else { throw XCTSkip("WeasyPrint is not installed") }
        XCTAssertThrowsError(try PDFMaker(only: ["nope"]).make(site: site.path)) { error in
            XCTAssertTrue("\(error)".contains("no handbook named nope"), "\(error)")
        }
    }
}
