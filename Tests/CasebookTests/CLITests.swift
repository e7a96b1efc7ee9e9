import Foundation
import XCTest

/// The `casebook` executable as a user runs it: atomic output, the summary, exports, the outside check. Diagnostics and
/// exit codes of small sites are pinned by the fixture scenarios (`ScenarioTests`).
final class CLITests: XCTestCase {
    func run(_ args: [String], in dir: URL) throws -> (code: Int32, stdout: String, stderr: String) {
        try Casebook.run(args, in: dir)
    }

    func testAFailedBuildLeavesThePreviousSiteUntouched() throws {
        let dir = temporaryFolder(self)
        let site = dir.appendingPathComponent("Site")
        let good = try run(["build", "--content", Repo.content, "--templates", Repo.templates, "--output", site.path, "--quiet"], in: dir)
        XCTAssertEqual(good.code, 0, good.stderr)
        let before = try Data(contentsOf: site.appendingPathComponent("index.html"))
        // A template that names a partial that does not exist.
        let templates = dir.appendingPathComponent("Templates")
        try FileManager.default.copyItem(atPath: Repo.templates, toPath: templates.path)
        let casePage = templates.appendingPathComponent("html/case.mustache")
        var text = try String(contentsOf: casePage, encoding: .utf8)
        text = text.replacingOccurrences(of: "{{> partials/card}}", with: "{{> partials/no-such-card}}")
        try text.write(to: casePage, atomically: true, encoding: .utf8)
        let bad = try run(["build", "--content", Repo.content, "--templates", templates.path, "--output", site.path], in: dir)
        XCTAssertEqual(bad.code, 1)
        XCTAssertTrue(bad.stderr.contains("Templates/html/case.mustache:"), bad.stderr)
        XCTAssertTrue(bad.stderr.contains("error: partial 'partials/no-such-card' is not a template"), bad.stderr)
        XCTAssertTrue(bad.stderr.contains("was left as it was"), bad.stderr)
        XCTAssertEqual(try Data(contentsOf: site.appendingPathComponent("index.html")), before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".Site.") }
        XCTAssertEqual(leftovers, [], "no staging folders left behind")
    }

    func testBuildEndsWithAOneLineSummary() throws {
        let dir = temporaryFolder(self)
        let r = try run(["build", "--content", Repo.content, "--templates", Repo.templates, "--output", dir.appendingPathComponent("out").path], in: dir)
        XCTAssertEqual(r.code, 0)
        XCTAssertTrue(r.stderr.range(of: #"casebook: built 126 cases, \d+ pages \(\d+ files\), \d+ warnings in [0-9.]+ s"#, options: .regularExpression) != nil, r.stderr)
    }

    func testExportWritesJSONCSVAndMarkdown() throws {
        let dir = temporaryFolder(self)
        for format in ["json", "csv", "markdown"] {
            let out = dir.appendingPathComponent(format)
            let r = try run(["export", "--format", format, "--output", out.path, "--content", Repo.content, "--templates", Repo.templates], in: dir)
            XCTAssertEqual(r.code, 0, r.stderr)
        }
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("json/cases.json").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("csv/cases.csv").path))
        let md = try String(contentsOf: dir.appendingPathComponent("markdown/gx-b2-best-21.md"), encoding: .utf8)
        XCTAssertTrue(md.hasPrefix("---\ntitle: \"实施社会投资低风险工程项目“量需审批”改革\"\n"), md)
        XCTAssertTrue(md.contains("\n---\n\n# 实施社会投资低风险工程项目“量需审批”改革\n"), md)
        XCTAssertTrue(md.contains("| 序号 | 建设类型 |"), "the attachment is a Markdown table")
    }

    func testTheBuiltSitePassesTheOutsideCheck() throws {
        let dir = temporaryFolder(self)
        let site = dir.appendingPathComponent("Site")
        XCTAssertEqual(try run(["build", "--content", Repo.content, "--templates", Repo.templates, "--output", site.path, "-q"], in: dir).code, 0)
        let checker = Repo.root.deletingLastPathComponent().appendingPathComponent("shared/tools/check-site")
        guard FileManager.default.fileExists(atPath: checker.path) else {
            throw XCTSkip("shared/tools/check-site is not beside the repository")
        }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", checker.path, site.path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, text)
        XCTAssertTrue(text.contains("0 problems"), text)
    }
}

extension CLITests {
    /// Two processes (each with its own hash seed) build the same bytes, even where scores tie: a copy of a document
    /// under other slugs makes every one of its cases tie with the original in the related-case ranking.
    func testTwoProcessesBuildTheSameBytes() throws {
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content")
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content.path)
        let sources = content.appendingPathComponent("sources")
        let stem = "002_5008bc89aad0392f"
        for k in 1...4 {
            try FileManager.default.copyItem(at: sources.appendingPathComponent(stem + ".txt"), to: sources.appendingPathComponent("copy\(k).txt"))
            let meta = try String(contentsOf: sources.appendingPathComponent(stem + ".yaml"), encoding: .utf8)
                .replacingOccurrences(of: #"(?m)^slug: (\S+)"#, with: "slug: $1-copy\(k)", options: .regularExpression)
                // Another batch, or the copies would claim the original's (metadata.duplicate-batch).
                .replacingOccurrences(of: "number: 4, name: 第四批", with: "number: \(40 + k), name: 第\(40 + k)批")
            try meta.write(to: sources.appendingPathComponent("copy\(k).yaml"), atomically: true, encoding: .utf8)
        }
        var sites: [[String: Data]] = []
        for n in 1...2 {
            let out = dir.appendingPathComponent("Site\(n)")
            let r = try run(["build", "--content", content.path, "--templates", Repo.templates, "--output", out.path, "-q"], in: dir)
            XCTAssertEqual(r.code, 0, r.stderr)
            var files: [String: Data] = [:]
            for case let rel as String in FileManager.default.enumerator(atPath: out.path) ?? FileManager.DirectoryEnumerator() {
                if let data = FileManager.default.contents(atPath: out.appendingPathComponent(rel).path) { files[rel] = data }
            }
            sites.append(files)
        }
        XCTAssertGreaterThan(sites[0].count, 700)
        XCTAssertEqual(Set(sites[0].keys), Set(sites[1].keys))
        let differing = sites[0].keys.filter { sites[0][$0] != sites[1][$0] }.sorted()
        XCTAssertEqual(differing, [], "files that differ between two builds")
        let page = try XCTUnwrap(sites[0]["cases/cn-b4-best-01.html"])
        XCTAssertTrue(String(decoding: page, as: UTF8.self).contains("cn-b4-copy1-best-01"), "the copies are related to their original")
    }
}
