@testable import CasebookBuild
import Foundation
import XCTest

/// The parts of `casebook build --pdf` that need no WeasyPrint: where it looks for WeasyPrint and what it says when
/// there is none, how it links the PDFs it made, how it finds an interpreter. (Tests/e2e/test_handbook_pdf.py makes a real PDF.)
final class HandbookPDFTests: XCTestCase {
    /// A fake `weasyprint` program at `folder/relative`.
    private func program(_ folder: URL, _ relative: String) throws -> URL {
        let url = folder.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data("#!/bin/sh\nexit 0\n".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url
    }

    func testWeasyPrintIsTheSettingThenTheProjectsVenvThenTheCurrentFoldersThenPATH() throws {
        let root = temporaryFolder(self)
        let setting = try program(root, "tools/weasyprint")
        let project = try program(root, "project/.venv/bin/weasyprint")
        let current = try program(root, "elsewhere/.venv/bin/weasyprint")
        let onPath = try program(root, "bin/weasyprint")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("project/Content"), withIntermediateDirectories: true)
        let here = root.appendingPathComponent("elsewhere").path
        var env = ["PATH": root.appendingPathComponent("bin").path, "CASEBOOK_WEASYPRINT": "../tools/weasyprint"]
        func found() throws -> String {
            try PDFMaker.findWeasyPrint(content: "../project/Content", environment: env, currentFolder: here).path
        }
        XCTAssertEqual(try found(), setting.path, "a relative setting is taken from the current folder")
        env["CASEBOOK_WEASYPRINT"] = nil
        XCTAssertEqual(try found(), project.path)
        try FileManager.default.removeItem(at: project)
        XCTAssertEqual(try found(), current.path)
        try FileManager.default.removeItem(at: current)
        XCTAssertEqual(try found(), onPath.path)
    }

    func testWithoutWeasyPrintItSaysWhatToRunAndWhereItLooked() throws {
        let root = temporaryFolder(self)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("project/Content"), withIntermediateDirectories: true)
        XCTAssertThrowsError(try PDFMaker.findWeasyPrint(content: root.appendingPathComponent("project/Content").path,
                                                          environment: ["PATH": root.path], currentFolder: root.path)) { error in
            let said = "\(error)"
            XCTAssertEqual((error as? PDFMaker.Failure)?.id, "pdf.no-weasyprint")
            XCTAssertTrue(said.hasPrefix("--pdf needs WeasyPrint, and there is none (no \(root.path)/project/.venv/bin/weasyprint, no \(root.path)/.venv/bin/weasyprint, no `weasyprint` on PATH)"), said)
            XCTAssertTrue(said.contains("in a clone of Casebook, `make pdf` installs what is missing"), said)
            XCTAssertTrue(said.contains("python3 -m venv .venv && .venv/bin/pip install weasyprint==\(PDFMaker.weasyPrintRelease)"), said)
            XCTAssertTrue(said.contains("apt-get install python3-venv fonts-noto-cjk"), said)
        }
    }

    func testASettingThatNamesNoProgramIsAnError() throws {
        let root = temporaryFolder(self)
        try program(root, ".venv/bin/weasyprint")
        for setting in ["/nonexistent/weasyprint", root.path] {
            XCTAssertThrowsError(try PDFMaker.findWeasyPrint(content: nil, environment: ["CASEBOOK_WEASYPRINT": setting], currentFolder: root.path)) { error in
                XCTAssertEqual("\(error)", "CASEBOOK_WEASYPRINT is \(setting), and there is no program there: set it to a `weasyprint` program (such as .venv/bin/weasyprint), or unset it")
            }
        }
    }

    func testTheMessagesNameTheReleaseThatRequirementsPin() throws {
        let pins = try String(contentsOf: Repo.root.appendingPathComponent("requirements-pdf.txt"), encoding: .utf8)
        XCTAssertTrue(pins.split(separator: "\n").contains("weasyprint==\(PDFMaker.weasyPrintRelease)"), pins)
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

    func testLinksToOtherPagesOfTheSiteAreLeftOut() {
        let page = ##"<link rel="stylesheet" href="../assets/handbook.css"><a href="#cn-b4-best-01">一</a> <a class="x" href="../cases/a.html">案例</a> "##
            + ##"<a href="https://example.org/">外</a><a href="../zones/x.html" class="z">区</a><abbr href="y">"##
        XCTAssertEqual(PDFMaker.withoutSiteLinks(page),
                       ##"<link rel="stylesheet" href="../assets/handbook.css"><a href="#cn-b4-best-01">一</a> <a class="x">案例</a> "##
                       + ##"<a href="https://example.org/">外</a><a class="z">区</a><abbr href="y">"##)
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
        guard (try? PDFMaker.findWeasyPrint(content: nil)) != nil else { throw XCTSkip("WeasyPrint is not installed") }
        XCTAssertThrowsError(try PDFMaker(only: ["nope"]).make(site: site.path)) { error in
            XCTAssertTrue("\(error)".contains("no handbook named nope"), "\(error)")
        }
    }
}
