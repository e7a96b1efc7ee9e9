@testable import CasebookBuild
@testable import CasebookCLI
import CasebookCore
import CasebookMarkdown
@testable import CasebookRender
@testable import CasebookTemplates
import Foundation
import XCTest

/// Casebook as a tool: built-in templates overridden file by file, `casebook new`, site.yaml's footer and folders,
/// `404.html`, the preview's error overlay.
final class InstallTests: XCTestCase {
    /// The generated DefaultTemplates.swift holds exactly the files of Templates/ (run scripts/embed-templates).
    func testBuiltInTemplatesAreUpToDateWithTheTemplatesFolder() throws {
        let onDisk = TemplateSet.files(in: Repo.templates).files
        XCTAssertGreaterThan(onDisk.count, 15)
        XCTAssertEqual(DefaultTemplates.files.map(\.path), onDisk.map(\.path), "run scripts/embed-templates")
        for (a, b) in zip(DefaultTemplates.files, onDisk) {
            XCTAssertEqual(a.bytes, b.bytes, "\(a.path) differs from Templates/\(a.path): run scripts/embed-templates")
        }
    }

    func testASiteWithoutTemplatesBuildsWithTheBuiltInOnes() throws {
        let dir = temporaryFolder(self)
        let result = SiteBuilder().render(.init(content: Repo.content, templates: dir.appendingPathComponent("Templates").path, output: "unused"))
        let files = try XCTUnwrap(result.files, "\(result.diagnostics)")
        let paths = Set(files.map(\.path))
        XCTAssertTrue(paths.contains("assets/style.css") && paths.contains("index.html") && paths.contains("404.html"))
        XCTAssertGreaterThan(files.filter { $0.path.hasPrefix("cases/") }.count, 100)
    }

    func testOneOverriddenTemplateTakesEffectTheOthersStayBuiltIn() throws {
        let dir = temporaryFolder(self)
        let templates = dir.appendingPathComponent("Templates")
        try FileManager.default.createDirectory(at: templates.appendingPathComponent("html"), withIntermediateDirectories: true)
        try "{{<base}}{{$content}}<p id=\"own-stats\">自定义统计页</p>{{/content}}{{/base}}\n"
            .write(to: templates.appendingPathComponent("html/stats.mustache"), atomically: true, encoding: .utf8)
        try "/* own */\n".write(to: templates.appendingPathComponent("extra.css"), atomically: true, encoding: .utf8)
        let result = SiteBuilder().render(.init(content: Repo.content, templates: templates.path, output: "unused"))
        let files = Dictionary(uniqueKeysWithValues: try XCTUnwrap(result.files, "\(result.diagnostics)").map { ($0.path, $0.bytes) })
        XCTAssertTrue(String(decoding: try XCTUnwrap(files["stats.html"]), as: UTF8.self).contains("自定义统计页"))
        XCTAssertEqual(files["index.html"], try RealSite.files()["index.html"], "the home page stays the built-in one")
        XCTAssertNotNil(files["extra.css"])
        // The key check runs on the overriding file and names it.
        try "{{<base}}{{$content}}{{titel}}{{/content}}{{/base}}\n".write(to: templates.appendingPathComponent("html/stats.mustache"), atomically: true, encoding: .utf8)
        let bad = SiteBuilder().render(.init(content: Repo.content, templates: templates.path, output: "unused"))
        XCTAssertNil(bad.files)
        XCTAssertTrue(bad.diagnostics.contains { $0.id == "template.unknown-key" && $0.location?.file == "Templates/html/stats.mustache" }, "\(bad.diagnostics)")
    }

    func testTemplatesExportWritesTheDefaults() throws {
        let dir = temporaryFolder(self)
        let r = try Casebook.run(["templates", "--export", "exported"], in: dir)
        XCTAssertEqual(r.code, 0, r.stderr)
        let base = try String(contentsOf: dir.appendingPathComponent("exported/base.mustache"), encoding: .utf8)
        XCTAssertEqual(base, try String(contentsOfFile: Repo.templates + "/base.mustache", encoding: .utf8))
    }

    func testNewSiteThenNewSourceFindsWhatTheRealTextStates() throws {
        let dir = temporaryFolder(self)
        XCTAssertEqual(try Casebook.run(["new", "office"], in: dir).code, 0)
        let content = dir.appendingPathComponent("office/Content")
        for f in ["sources/README.md", "site.yaml", "data/zones.json", "data/fields.json"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: content.appendingPathComponent(f).path), f)
        }
        XCTAssertNotEqual(try Casebook.run(["new", "office"], in: dir).code, 0, "an existing Content/ is never overwritten")
        let text = content.appendingPathComponent("sources/000_c9fdf2d4b16943f6.txt")
        try FileManager.default.copyItem(atPath: Repo.content + "/sources/000_c9fdf2d4b16943f6.txt", toPath: text.path)
        let r = try Casebook.run(["new", "source", text.path], in: dir)
        XCTAssertEqual(r.code, 0, r.stderr)
        let yaml = try String(contentsOf: content.appendingPathComponent("sources/000_c9fdf2d4b16943f6.yaml"), encoding: .utf8)
        XCTAssertTrue(yaml.contains("title: {value: 中国（广西）自由贸易试验区第二批自治区级制度创新成果汇编, basis: stated}"), yaml)
        XCTAssertTrue(yaml.contains("batch: {number: 2, name: 第二批, basis: stated}"), yaml)
        XCTAssertTrue(yaml.contains("level: {value: 自治区级, basis: stated}"), yaml)
        XCTAssertTrue(yaml.contains("issuer: {value: 待填写, basis: attributed}"), yaml)
        XCTAssertTrue(yaml.contains("compilation"), yaml)
        // Unfilled, the build says what is missing; filled, it builds with the built-in templates.
        XCTAssertNotEqual(try Casebook.run(["build"], in: dir.appendingPathComponent("office")).code, 0)
        try Self.fill(content.appendingPathComponent("sources/000_c9fdf2d4b16943f6.yaml"))
        let built = try Casebook.run(["build"], in: dir.appendingPathComponent("office"))
        XCTAssertEqual(built.code, 0, built.stderr)
        XCTAssertFalse(built.stderr.contains("README.md"), "the sources README is not a misplaced file")
        let caseCount = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("office/Site/cases").path).count
        XCTAssertGreaterThan(caseCount, 30)
    }

    /// Replaces what `casebook new source` leaves to fill in.
    static func fill(_ url: URL) throws {
        var yaml = try String(contentsOf: url, encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "issuer: {value: 待填写", with: "issuer: {value: 广西壮族自治区人民政府")
            .replacingOccurrences(of: "year: {value: 待填写", with: "year: {value: 2021")
            .replacingOccurrences(of: "slug: b2", with: "slug: gx-b2")
        yaml = yaml.components(separatedBy: "\n").map { $0.hasPrefix("note:") ? "note: 年份与发布单位据该汇编所附通知。" : $0 }.joined(separator: "\n")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
    }

    /// The editor's first steps speak the editor's language: `casebook new`, `casebook new source` and their refusals
    /// in Chinese under a Chinese locale, in English otherwise.
    func testNewSiteAndNewSourceSpeakChineseUnderAChineseLocale() throws {
        let dir = temporaryFolder(self)
        let zh = ["LANG": "zh_CN.UTF-8"]
        let site = try Casebook.run(["new", "office"], in: dir, environment: zh)
        XCTAssertEqual(site.code, 0, site.stderr)
        XCTAssertTrue(site.stderr.contains("casebook：已创建 office/Content（") && site.stderr.contains("下一步："), site.stderr)
        let again = try Casebook.run(["new", "office"], in: dir, environment: zh)
        XCTAssertNotEqual(again.code, 0)
        XCTAssertTrue(again.stderr.contains("casebook：错误：") && again.stderr.contains("已存在") && again.stderr.contains("[new.exists]"), again.stderr)
        let text = dir.appendingPathComponent("office/Content/sources/000_c9fdf2d4b16943f6.txt")
        try FileManager.default.copyItem(atPath: Repo.content + "/sources/000_c9fdf2d4b16943f6.txt", toPath: text.path)
        let source = try Casebook.run(["new", "source", text.path], in: dir, environment: zh)
        XCTAssertEqual(source.code, 0, source.stderr)
        XCTAssertTrue(source.stderr.contains("版式 compilation") && source.stderr.contains("取自文本：标题、批次、层级"), source.stderr)
        for english in ["created", "next:", "wrote", "from the text"] { XCTAssertFalse(site.stderr.contains(english) || source.stderr.contains(english), english) }
        let en = try Casebook.run(["new", "source", text.path], in: dir, environment: ["LANG": "C"])
        XCTAssertTrue(en.stderr.contains("casebook: error: ") && en.stderr.contains("already exists; remove it first"), en.stderr)
    }

    func testSiteYamlFooterFoldersAndUnknownKeys() throws {
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content")
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content.path)
        try """
        title: 海南自贸港制度创新案例库
        organisation: 海南省某某办公室
        contact: 0898-12345678
        sponsor: 海南省商务厅
        icp: 琼ICP备12345678号-1
        police_record: 琼公网安备 46010002000001号
        site_code: "4600000001"
        base_url: https://www.example.gov.cn/casebook/
        output: public

        """.write(to: content.appendingPathComponent("site.yaml"), atomically: true, encoding: .utf8)
        let r = try Casebook.run(["build"], in: dir)
        XCTAssertEqual(r.code, 0, r.stderr)
        let page = try String(contentsOf: dir.appendingPathComponent("public/index.html"), encoding: .utf8)
        for s in ["主办单位：海南省商务厅", "政府网站标识码：4600000001", ">琼ICP备12345678号-1</a>", "https://beian.miit.gov.cn/",
                  "code=46010002000001", "海南省某某办公室 · 联系方式：0898-12345678"] {
            XCTAssertTrue(page.contains(s), s)
        }
        let notFound = try String(contentsOf: dir.appendingPathComponent("public/404.html"), encoding: .utf8)
        XCTAssertTrue(notFound.contains("页面不存在") && notFound.contains("主办单位：海南省商务厅"))
        XCTAssertTrue(notFound.contains(#"<script src="/casebook/assets/site.js""#), "the 404 page's links start at the base URL's path")
        try "title: x\norganization: 某办\n".write(to: content.appendingPathComponent("site.yaml"), atomically: true, encoding: .utf8)
        let bad = try Casebook.run(["build", "--output", "other"], in: dir)
        XCTAssertEqual(bad.code, 1)
        XCTAssertTrue(bad.stderr.contains("site.yaml:2: error: unknown key `organization`; did you mean `organisation`?"), bad.stderr)
    }

    /// A mistake in site.yaml is said in the editor's language, at its line: a YAML syntax error where the parser
    /// stopped (not line 1), a misspelt key with the nearest known one, a list where text belongs.
    func testSiteSettingsProblemsAreSaidInChineseAtTheirLine() throws {
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content")
        XCTAssertEqual(try Casebook.run(["new", dir.path], in: dir).code, 0)
        let zh = ["LANG": "zh_CN.UTF-8"]
        try "title: 测试\ndescription: 说明\nbase_url: [https://example.org\n".write(to: content.appendingPathComponent("site.yaml"), atomically: true, encoding: .utf8)
        let syntax = try Casebook.run(["build"], in: dir, environment: zh)
        XCTAssertEqual(syntax.code, 1)
        XCTAssertTrue(syntax.stderr.contains("site.yaml:3:"), syntax.stderr)
        XCTAssertTrue(syntax.stderr.contains("错误: 不是有效的 YAML：") || syntax.stderr.contains("错误：不是有效的 YAML："), syntax.stderr)
        try "title: 测试\norganization: 某办\ntitel: x\ndescription: [a, b]\n".write(to: content.appendingPathComponent("site.yaml"), atomically: true, encoding: .utf8)
        let keys = try Casebook.run(["build"], in: dir, environment: zh)
        XCTAssertEqual(keys.code, 1)
        for s in ["site.yaml:2:", "未知的键 `organization`；是不是 `organisation`？（可用的键：", "site.yaml:4:", "`description` 必须是文本"] {
            XCTAssertTrue(keys.stderr.contains(s), "\(s)\n\(keys.stderr)")
        }
        XCTAssertFalse(keys.stderr.contains("unknown key"), keys.stderr)
    }

    func testAFailedRebuildIsReportedToTheOpenPages() async throws {
        let dir = temporaryFolder(self)
        try "<html><body><p>old</p></body></html>".write(to: dir.appendingPathComponent("index.html"), atomically: true, encoding: .utf8)
        let version = PreviewServer.Version()
        let server = try await PreviewServer.start(root: dir, version: version)
        defer { Task { await server.stop() } }
        func get(_ path: String) throws -> String {
            try String(contentsOf: URL(string: "http://127.0.0.1:\(server.port)\(path)")!, encoding: .utf8)
        }
        XCTAssertTrue(try get("/index.html").contains("casebook-error"), "the page carries the overlay script")
        XCTAssertEqual(try get("/__casebook/version"), #"{"error":null,"version":0}"#)
        let failure = PreviewServer.failureText([Diagnostic(.error, "template.unknown-key", "'titel' is not a key", at: SourceLocation(file: "Templates/html/stats.mustache", line: 3, column: 5))])
        await version.fail(failure)
        let body = try get("/__casebook/version")
        let json = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
        XCTAssertEqual(json["error"] as? String, "Templates/html/stats.mustache:3:5: error: 'titel' is not a key [template.unknown-key]")
        await version.bump()
        XCTAssertEqual(try get("/__casebook/version"), #"{"error":null,"version":1}"#)
    }

    func testABuildWithoutPDFSaysItRemovedThePreviousPDFs() throws {
        let dir = temporaryFolder(self)
        try FileManager.default.copyItem(atPath: Repo.content, toPath: dir.appendingPathComponent("Content").path)
        XCTAssertEqual(try Casebook.run(["build"], in: dir).code, 0)
        try Data("%PDF-1.7".utf8).write(to: dir.appendingPathComponent("Site/handbooks/all.pdf"))
        let r = try Casebook.run(["build"], in: dir)
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("the 1 PDF handbooks of the previous build were removed"), r.stderr)
    }

    func testServeOnAnAddressThatIsNotThisMachinesEndsInOneSentence() throws {
        let dir = temporaryFolder(self)
        try FileManager.default.copyItem(atPath: Repo.content, toPath: dir.appendingPathComponent("Content").path)
        let r = try Casebook.run(["serve", "--bind", "192.0.2.1", "--port", "8765"], in: dir)
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.stderr.hasPrefix("casebook: error: cannot serve on 192.0.2.1:8765: "), r.stderr)
        XCTAssertFalse(r.stderr.contains("serving"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Site").path), "nothing is built first")
    }

    func testVersion() throws {
        let r = try Casebook.run(["--version"], in: temporaryFolder(self))
        XCTAssertEqual(r.code, 0)
        XCTAssertTrue(r.stdout.range(of: #"^casebook 0\.3\.0 \(([0-9a-f]{7,}|unknown)\)\n$"#, options: .regularExpression) != nil, r.stdout)
    }
}
