import CasebookBuild
import CasebookCore
import CasebookMarkdown
import Foundation
import XCTest

/// Hostile content — `<script>`, `javascript:`/`data:` links, Mustache tags, Markdown syntax, HTML entities, `../` and
/// absolute paths — in source text, metadata values, the site settings and file names: shown literally, never
/// executed, never breaking a template, never written outside the output folder. A small site is built with the real
/// `Templates/` into a temporary folder, beside a benign twin of the same shape, and the output is inspected.
final class HostileContentTests: XCTestCase {
    static let hostileText = """
        1.<script>alert(0)</script>{{t}}标题

        （报送单位：南宁片区管委会；复制推广责任单位：自治区商务厅）
        正文<script>alert(1)</script><img src=x onerror=alert(5)>，[点我](javascript:alert(1))，![图](data:text/html;base64,PHNjcmlwdD4=)，<a href="javascript:alert(2)">链接</a>，<javascript:alert(3)>。
        {{> base}}{{{raw}}}{{#x}}y{{/x}}{{!comment}}{{=<% %>=}}，**粗体** _斜体_ `code` ~~删~~ [ref]: javascript:alert(4)
        井号 # 标题 > 引用 | 表 | 格 | - 列表 1. 有序 &lt;b&gt; &#60;i&#62; &amp;copy; &nbsp; \\ 反斜杠
        ../../../etc/passwd /etc/passwd C:\\Windows\\system32 file:///etc/passwd

        2.第二项&lt;/p&gt;../../etc/passwd

        （报送单位：钦州港片区管委会；复制推广责任单位：自治区商务厅）
        正文二 <style>body{display:none}</style> <iframe src="https://evil.example/"></iframe> "引号" '单引号' </textarea></title>。

        """

    static let benignText = """
        1.普通标题

        （报送单位：南宁片区管委会；复制推广责任单位：自治区商务厅）
        正文一。

        2.第二项标题

        （报送单位：钦州港片区管委会；复制推广责任单位：自治区商务厅）
        正文二。

        """

    static let hostileMetadata = #"""
        slug: evil
        title: {value: "<script>alert('m')</script>{{title}}../../x &amp; **粗** [l](javascript:alert(6))", basis: attributed}
        issuer: {value: "javascript:alert(7) <b>单位</b> {{{issuer}}}", basis: attributed}
        level: {value: "自治区级\"><svg onload=alert(8)>", basis: attributed}
        batch: {number: 1, name: "第一批</title><script>alert(9)</script>", basis: attributed}
        year: {value: 2021, basis: attributed}
        note: "来源 <script>alert(10)</script> data:text/html,<b>x</b> ../../../etc {{note}}"
        """#

    static let benignMetadata = """
        slug: evil
        title: {value: 测试文件, basis: attributed}
        issuer: {value: 测试单位, basis: attributed}
        level: {value: 自治区级, basis: attributed}
        batch: {number: 1, name: 第一批, basis: attributed}
        year: {value: 2021, basis: attributed}
        note: 来源
        """

    /// A content folder with one source named `file` and its metadata; the site settings may be hostile too.
    func makeContent(_ dir: URL, file: String, text: String, metadata: String, siteYAML: String) throws -> String {
        let content = dir.appendingPathComponent("Content")
        let fm = FileManager.default
        try fm.createDirectory(at: content.appendingPathComponent("sources"), withIntermediateDirectories: true)
        try fm.copyItem(atPath: Repo.content + "/data", toPath: content.appendingPathComponent("data").path)
        try Data(text.utf8).write(to: content.appendingPathComponent("sources").appendingPathComponent(file + ".txt"))
        try Data(metadata.utf8).write(to: content.appendingPathComponent("sources").appendingPathComponent(file + ".yaml"))
        try Data(siteYAML.utf8).write(to: content.appendingPathComponent("site.yaml"))
        return content.path
    }

    static let hostileFile = #"{{x}}<i>&"'..evil $(touch pwned) `id`"#
    static let hostileSite = #"""
        title: "案例库</title><script>alert(11)</script>{{site}}"
        description: "<meta http-equiv=refresh content=0;url=javascript:alert(12)>"
        base_url: "https://example.org/x\"onmouseover=\"alert(13)"
        """#

    struct Built {
        var dir: URL
        var site: URL
        var corpus: Corpus
        var files: [String: Data]
    }

    func build(text: String, metadata: String, file: String, siteYAML: String) throws -> Built {
        let dir = temporaryFolder(self)
        let content = try makeContent(dir, file: file, text: text, metadata: metadata, siteYAML: siteYAML)
        let site = dir.appendingPathComponent("Site")
        let result = SiteBuilder().build(.init(content: content, templates: Repo.templates, output: site.path))
        XCTAssertTrue(result.written, result.diagnostics.description)
        XCTAssertFalse(result.diagnostics.hasErrors, result.diagnostics.description)
        return Built(dir: dir, site: site, corpus: Pipeline.loadCorpus(content: content), files: FaultTests.snapshot(site))
    }

    lazy var hostile: Built = try! build(text: Self.hostileText, metadata: Self.hostileMetadata, file: Self.hostileFile, siteYAML: Self.hostileSite)
    lazy var benign: Built = try! build(text: Self.benignText, metadata: Self.benignMetadata, file: "plain",
                                        siteYAML: "title: 案例库\ndescription: 说明\nbase_url: \"https://example.org/x\"\n")

    func html(_ b: Built) -> [(String, String)] {
        b.files.filter { $0.key.hasSuffix(".html") }.map { ($0.key, String(decoding: $0.value, as: UTF8.self)) }.sorted { $0.0 < $1.0 }
    }

    func testNothingIsWrittenOutsideTheOutputFolder() throws {
        let b = hostile
        // Beside the site: only the build cache, which holds one manifest and one list of files for that output folder,
        // the parse of its one text, the placements of its cases and the similar pairs of its cases (each named by a hex
        // digest). No tree for the next build's staging folder: this build replaced no site (see
        // IncrementalBuildTests for the tree a build that replaces one sets aside).
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: b.dir.path).sorted(), [".casebook-cache", "Content", "Site"])
        let cache = b.dir.appendingPathComponent(".casebook-cache")
        let all = (FileManager.default.enumerator(atPath: cache.path)?.allObjects as? [String] ?? []).sorted()
        XCTAssertFalse(all.contains { $0.hasPrefix("Site/previous-site") }, "\(all)")
        let listed = all
        XCTAssertEqual(listed.count, 9, "\(listed)")
        XCTAssertEqual(listed.filter { !$0.hasSuffix(".json") && !$0.hasSuffix(".bin") || $0.hasPrefix("Site/") && !$0.dropFirst(5).contains("/") },
                       ["Site", "Site/files.bin", "Site/manifest.json", "Site/pairs", "Site/parsed", "Site/placed"])
        XCTAssertTrue(listed[4].wholeMatch(of: /Site\/pairs\/[0-9a-f]{64}\.json/) != nil, "\(listed)")
        XCTAssertTrue(listed[6].wholeMatch(of: /Site\/parsed\/[0-9a-f]{64}\.bin/) != nil, "\(listed)")
        XCTAssertTrue(listed[8].wholeMatch(of: /Site\/placed\/[0-9a-f]{64}\.bin/) != nil, "\(listed)")
        let root = try XCTUnwrap(PathCheck.real(b.site.path))
        for path in b.files.keys {
            let real = try XCTUnwrap(PathCheck.real(b.site.path + "/" + path), path)
            XCTAssertTrue(real.hasPrefix(root + "/"), path)
            XCTAssertFalse(path.contains(".."), path)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: b.dir.appendingPathComponent("pwned").path))
        XCTAssertFalse(FileManager.default.fileExists(atPath: "pwned"))
    }

    /// Tags of a page: (name, the tag with its quoted attribute values removed, its href/src values).
    static func tags(_ page: String) -> [(name: String, bare: String, links: [String])] {
        let tag = try! NSRegularExpression(pattern: #"<(/?[a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>"#)
        let link = try! NSRegularExpression(pattern: #"\b(?:href|src|action|formaction)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)"#, options: .caseInsensitive)
        let ns = page as NSString
        return tag.matches(in: page, range: NSRange(location: 0, length: ns.length)).map { m in
            let whole = ns.substring(with: m.range)
            let bare = whole.replacingOccurrences(of: #""[^"]*"|'[^']*'"#, with: "\"\"", options: .regularExpression)
            let links = link.matches(in: whole, range: NSRange(location: 0, length: (whole as NSString).length)).map {
                (whole as NSString).substring(with: $0.range(at: 1)).trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
            }
            return (ns.substring(with: m.range(at: 1)).lowercased(), bare, links)
        }
    }

    static func scripts(_ page: String) -> [String] {
        let ns = page as NSString
        let r = try! NSRegularExpression(pattern: #"<script\b[\s\S]*?</script>"#, options: .caseInsensitive)
        return r.matches(in: page, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range) }
    }

    func testNothingExecutesAndNoTemplateBreaks() throws {
        let h = html(hostile), g = html(benign)
        XCTAssertEqual(hostile.corpus.cases.count, benign.corpus.cases.count)
        XCTAssertEqual(hostile.corpus.parsed.map(\.layout), benign.corpus.parsed.map(\.layout))
        let knownTags = Set(g.flatMap { Self.tags($0.1).map(\.name) })
        let knownScripts = Set(g.flatMap { Self.scripts($0.1) })
        XCTAssertFalse(h.isEmpty)
        for (path, page) in h {
            for t in Self.tags(page) {
                XCTAssertTrue(knownTags.contains(t.name), "\(path): a <\(t.name)> the templates never write: \(t.bare)")
                XCTAssertNil(t.bare.range(of: #"\son[a-z]+\s*="#, options: [.regularExpression, .caseInsensitive]), "\(path): event handler in \(t.bare)")
                XCTAssertFalse(t.bare.contains("alert("), "\(path): \(t.bare)")
                for l in t.links {
                    XCTAssertNil(l.range(of: #"^\s*(javascript|data|vbscript)\s*:"#, options: [.regularExpression, .caseInsensitive]), "\(path): link \(l)")
                }
            }
            for script in Self.scripts(page) {
                XCTAssertTrue(knownScripts.contains(script), "\(path): a script the templates never write: \(script.prefix(120))")
            }
            XCTAssertEqual(page.components(separatedBy: "</html>").count, 2, "\(path): one </html>")
            XCTAssertTrue(page.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</html>"), "\(path) ends with </html>")
            XCTAssertEqual(page.components(separatedBy: "<title").count, page.components(separatedBy: "</title>").count, path)
            if let open = page.range(of: "<title>"), let close = page.range(of: "</title>") {
                XCTAssertFalse(page[open.upperBound..<close.lowerBound].contains("<"), "\(path): title holds markup")
            }
        }
    }

    func testTheTextIsShownLiterally() throws {
        let b = hostile
        let cases = b.corpus.cases
        XCTAssertEqual(cases.count, 2)
        for c in cases {
            let page = try XCTUnwrap(b.files["cases/\(c.id).html"], c.id)
            let visible = SiteBuildTests.visibleText(String(decoding: page, as: UTF8.self))
            XCTAssertTrue(visible.contains(squeeze(c.title)), "\(c.id): title «\(c.title)» not shown literally")
            for section in c.sections {
                for block in section.blocks {
                    if case .paragraph(let p) = block {
                        XCTAssertTrue(visible.contains(squeeze(p)), "\(c.id): «\(p)» not shown literally")
                    }
                }
            }
        }
        let first = String(decoding: try XCTUnwrap(b.files["cases/\(cases[0].id).html"]), as: UTF8.self)
        let visible = SiteBuildTests.visibleText(first)
        for literal in ["<script>alert(1)</script>", "{{> base}}{{{raw}}}{{#x}}y{{/x}}", "**粗体**", "&lt;b&gt;", "&amp;copy;",
                        "../../../etc/passwd", "<javascript:alert(3)>", "{{title}}"] {
            XCTAssertTrue(visible.contains(squeeze(literal)), "«\(literal)» is not shown as written")
        }
        // Metadata values and the source's file name, literally.
        for literal in ["<script>alert('m')</script>{{title}}../../x &amp; **粗**", Self.hostileFile + ".txt"] {
            XCTAssertTrue(visible.contains(squeeze(literal)), "«\(literal)» is not shown as written")
        }
    }

    func testMarkdownExportsAndDataStayInert() throws {
        let b = hostile
        for (path, data) in b.files where path.hasSuffix(".md") {
            let rendered = Markdown.html(String(decoding: data, as: UTF8.self)).lowercased()
            for d in ["<script", "href=\"javascript:", "src=\"data:", "<img src=x", "<iframe"] {
                XCTAssertFalse(rendered.contains(d), "\(path) renders \(d)")
            }
        }
        let json = try XCTUnwrap(b.files["data/cases.json"])
        let object = try XCTUnwrap(JSONSerialization.jsonObject(with: json) as? [String: Any])
        let titles = (object["cases"] as? [[String: Any]])?.compactMap { $0["title"] as? String } ?? []
        XCTAssertEqual(titles, b.corpus.cases.map(\.title), "titles round-trip through JSON exactly")
        // The search index: each shard is one call with a JSON argument that parses.
        for (path, data) in b.files where path.hasPrefix("search/") && path.hasSuffix(".js") {
            let text = String(decoding: data, as: UTF8.self)
            guard let open = text.firstIndex(of: ","), let close = text.lastIndex(of: ")") else { XCTFail(path); continue }
            XCTAssertTrue(text.hasPrefix("casebookIndex("), path)
            XCTAssertNoThrow(try JSONSerialization.jsonObject(with: Data(text[text.index(after: open)..<close].utf8), options: [.fragmentsAllowed]), path)
        }
    }

    func testAHostileSlugIsRefusedAndNothingIsWritten() throws {
        let dir = temporaryFolder(self)
        for slug in ["../../evil", "/etc/evil", "a/b", "{{slug}}", "<b>"] {
            let metadata = Self.benignMetadata.replacingOccurrences(of: "slug: evil", with: "slug: \"\(slug)\"")
            let sub = dir.appendingPathComponent(UUID().uuidString)
            let content = try makeContent(sub, file: "plain", text: Self.benignText, metadata: metadata, siteYAML: "title: t\n")
            let result = SiteBuilder().build(.init(content: content, templates: Repo.templates, output: sub.appendingPathComponent("Site").path))
            XCTAssertFalse(result.written, slug)
            XCTAssertTrue(result.diagnostics.contains { $0.id == "metadata.invalid" && $0.location?.file == "plain.yaml" }, "\(slug): \(result.diagnostics)")
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: sub.path), ["Content"], slug)
        }
    }

    func squeeze(_ s: String) -> String { String(s.unicodeScalars.filter { !CharacterSet.whitespacesAndNewlines.contains($0) }) }
}

enum PathCheck {
    static func real(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
