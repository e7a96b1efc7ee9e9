@testable import CasebookBuild
import Foundation
import XCTest

/// The parts of `casebook build --pdf` that need no WeasyPrint: where it looks for WeasyPrint and what it says when
/// there is none, how it links the PDFs it made, how it cuts the fonts. (Tests/e2e/test_handbook_pdf.py makes a real PDF.)
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
        _ = try program(root, ".venv/bin/weasyprint")  // a venv that a wrong setting does not fall back to
        for setting in ["/nonexistent/weasyprint", root.path] {
            XCTAssertThrowsError(try PDFMaker.findWeasyPrint(content: nil, environment: ["CASEBOOK_WEASYPRINT": setting], currentFolder: root.path)) { error in
                XCTAssertEqual("\(error)", "CASEBOOK_WEASYPRINT is \(setting), and there is no program there: set it to a `weasyprint` program (such as .venv/bin/weasyprint), or unset it")
            }
        }
    }

    func testTheMessagesAndTheREADMENameTheReleaseThatRequirementsPin() throws {
        let pins = try String(contentsOf: Repo.root.appendingPathComponent("requirements-pdf.txt"), encoding: .utf8)
        XCTAssertTrue(pins.split(separator: "\n").contains("weasyprint==\(PDFMaker.weasyPrintRelease)"), pins)
        let readme = try String(contentsOf: Repo.root.appendingPathComponent("README.md"), encoding: .utf8)
        XCTAssertTrue(readme.contains(".venv/bin/pip install weasyprint==\(PDFMaker.weasyPrintRelease)\n"), "README.md installs another release")
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

    /// The faces are cut to the characters asked for and keep what Pango needs to shape them (fontTools reads the cut).
    func testHarfBuzzCutsANotoCJKFaceToTheCharactersOfTheHandbooks() throws {
        guard let subsetter = FontSubsetter.load() else { throw XCTSkip("libharfbuzz-subset is not installed (scripts/ensure-deps pdf)") }
        guard let face = try PDFMaker.findFaces()?.serif else { throw XCTSkip("fontconfig is not installed") }
        let text = "自贸试验区制度创新案例——“新四有”，ABC 123（第1项）。"
        let cut = try XCTUnwrap(subsetter.cut(file: face.file, index: face.index, to: Set(text.unicodeScalars)))
        let whole = try XCTUnwrap(FileManager.default.attributesOfItem(atPath: face.file)[.size] as? Int)
        XCTAssertLessThan(cut.count, whole / 100, "a cut of \(cut.count) bytes from \(whole)")
        XCTAssertEqual(Array(cut.prefix(4)), Array("OTTO".utf8), "an OpenType font with CFF outlines, as Noto CJK is")
        // Pango needs the layout features: locl gives the Simplified Chinese forms (a full-width — among them), vert the
        // vertical ones. (Their tags are in the GSUB table's feature list.)
        for feature in ["locl", "vert"] {
            XCTAssertNotNil(cut.range(of: Data(feature.utf8)), "the cut lost the \(feature) feature")
        }
        let file = temporaryFolder(self).appendingPathComponent("cut.otf")
        try cut.write(to: file)
        XCTAssertNil(subsetter.cut(file: temporaryFolder(self).appendingPathComponent("none.otf").path, index: 0, to: ["a"]))
        // The characters it maps, read back with fontconfig's own parser of the font.
        guard let fcQuery = PDFMaker.which("fc-query") else { throw XCTSkip("fc-query is not installed") }
        let (status, out) = PDFMaker.run(fcQuery, ["--format=%{charset}", file.path], environment: nil, output: true)
        XCTAssertEqual(status, 0)
        XCTAssertFalse(out.isEmpty)
        let mapped = Set(out.split(separator: " ").flatMap { range -> [UInt32] in
            let ends = range.split(separator: "-").compactMap { UInt32($0, radix: 16) }
            return ends.count == 2 ? Array(ends[0]...ends[1]) : ends
        })
        XCTAssertEqual(mapped, Set(text.unicodeScalars.map(\.value)), out)
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
