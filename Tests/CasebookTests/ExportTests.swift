import CasebookCore
import CasebookMarkdown
@testable import CasebookRender
import CasebookTemplates
import Foundation
import XCTest
import Yams

/// `casebook export`: Markdown with YAML front matter that Hugo and Zola read, one folder per format, and an export
/// that replaces what the previous export of the same format wrote (and nothing else).
final class ExportTests: XCTestCase {
    func export(_ format: String, content: String = Repo.content, output: URL? = nil, in dir: URL) throws -> (code: Int32, stderr: String) {
        var args = ["export", "--format", format, "--content", content, "--templates", Repo.templates]
        if let output { args += ["--output", output.path] }
        let r = try Casebook.run(args, in: dir)
        return (r.code, r.stderr)
    }

    /// The front matter of a Markdown document (between the first two `---` lines), parsed as YAML.
    func frontMatter(_ md: String, file: StaticString = #filePath, line: UInt = #line) throws -> [String: Any] {
        XCTAssertTrue(md.hasPrefix("---\n"), "the document starts with front matter", file: file, line: line)
        let rest = md.dropFirst(4)
        let end = try XCTUnwrap(rest.range(of: "\n---\n"), "the front matter is closed", file: file, line: line)
        let yaml = String(rest[..<end.lowerBound])
        return try XCTUnwrap(try Yams.load(yaml: yaml) as? [String: Any], "front matter is a YAML mapping:\n\(yaml)", file: file, line: line)
    }

    func testMarkdownFrontMatterIsYAMLWithTheTaxonomies() throws {
        let dir = temporaryFolder(self)
        let r = try export("markdown", in: dir)
        XCTAssertEqual(r.code, 0, r.stderr)
        let folder = dir.appendingPathComponent("export/markdown")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".md") }
        XCTAssertEqual(names.count, 126, "one document per case of the real texts")
        var zoneTerms = Set<String>(), batchTerms = Set<String>(), categoryTerms = Set<String>(), kindTerms = Set<String>()
        for name in names {
            let md = try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)
            let fm = try frontMatter(md)
            XCTAssertEqual(fm["id"] as? String, String(name.dropLast(3)), name)
            let title = try XCTUnwrap(fm["title"] as? String, name)
            XCTAssertFalse(title.isEmpty, name)
            XCTAssertTrue(md.contains("\n# "), "the body keeps its heading: \(name)")
            let date = try XCTUnwrap(fm["date"] as? String, name)
            XCTAssertNotNil(date.range(of: #"^\d{4}-01-01$"#, options: .regularExpression), "\(name): date \(date)")
            for key in ["batches", "zones", "categories", "kinds"] {
                XCTAssertNotNil(fm[key] as? [Any], "\(name): \(key) is a list")
            }
            let batches = try XCTUnwrap(fm["batches"] as? [String]), kinds = try XCTUnwrap(fm["kinds"] as? [String])
            XCTAssertEqual(batches.count, 1, name)
            XCTAssertEqual(kinds.count, 1, name)
            batchTerms.formUnion(batches)
            kindTerms.formUnion(kinds)
            zoneTerms.formUnion(fm["zones"] as? [String] ?? [])
            categoryTerms.formUnion(fm["categories"] as? [String] ?? [])
        }
        XCTAssertEqual(batchTerms, ["广西第二批", "广西第七批", "全国第四批", "全国第五批", "新闻报道（2022）"])
        XCTAssertEqual(kindTerms, ["改革试点经验", "最佳实践案例", "新闻报道"])
        XCTAssertTrue(zoneTerms.contains("广西"), "\(zoneTerms)")
        XCTAssertTrue(zoneTerms.contains { $0.hasPrefix("广西 · ") }, "片区 are terms too: \(zoneTerms)")
        XCTAssertGreaterThan(categoryTerms.count, 5, "\(categoryTerms)")

        let one = try frontMatter(try String(contentsOf: folder.appendingPathComponent("gx-b2-best-21.md"), encoding: .utf8))
        XCTAssertEqual(one["title"] as? String, "实施社会投资低风险工程项目“量需审批”改革")
        XCTAssertEqual(one["date"] as? String, "2021-01-01")
        XCTAssertEqual(one["batches"] as? [String], ["广西第二批"])
        XCTAssertEqual(one["kinds"] as? [String], ["最佳实践案例"])
    }

    /// The site's Markdown documents are written with their cases' pages, from the body Markdown the pages' HTML is made
    /// from (each body is rendered once); the export makes them on their own. Both give the same bytes, holding the text.
    func testTheSiteMarkdownIsTheExportedMarkdown() throws {
        let dir = temporaryFolder(self)
        let r = try export("markdown", in: dir)
        XCTAssertEqual(r.code, 0, r.stderr)
        let folder = dir.appendingPathComponent("export/markdown")
        let site = try RealSite.files()
        let cases = RealSite.rendered.corpus.cases
        var withText = 0
        for c in cases {
            let exported = try Data(contentsOf: folder.appendingPathComponent(c.id + ".md"))
            XCTAssertEqual(site["markdown/\(c.id).md"], exported, c.id)
            guard let paragraph = c.sections.lazy.flatMap(\.blocks).compactMap({ b -> String? in
                if case .paragraph(let p) = b { return p } else { return nil }
            }).first else { continue }
            withText += 1
            let text = String(decoding: exported, as: UTF8.self)
            XCTAssertTrue(text.contains(Markdown.escape(paragraph)), "\(c.id): the first paragraph is in the document")
            XCTAssertTrue(text.contains(Markdown.escape(paragraph) + "\n\n"), "\(c.id): and ends its line")
            XCTAssertFalse(text.contains("\n\n\n"), "\(c.id): no blank line doubled")
        }
        XCTAssertGreaterThan(withText, 100)
    }

    /// Titles are text from the source: YAML's and Markdown's special characters stay the title, unescaped for Markdown.
    func testFrontMatterValuesAreQuotedForYAMLNotMarkdown() throws {
        let titles = ["a: b # c", #"say "yes" \ no"#, "- [x] *", "line\nbreak\ttab", "'single' & {brace}: 、“引号”", "\u{2028}\u{FEFF}\u{7}"]
        for t in titles {
            let q = CaseDocumentModel.yamlQuoted(t)
            let parsed = try Yams.load(yaml: "title: \(q)\n") as? [String: Any]
            XCTAssertEqual(parsed?["title"] as? String, t, q)
        }
    }

    /// Through the template (content type MARKDOWN): the front matter is not Markdown-escaped, the heading is.
    func testTheTemplateWritesFrontMatterWithoutMarkdownEscaping() throws {
        let (templates, diagnostics) = TemplateSet.load(directory: Repo.templates, markdownEscape: Markdown.escape)
        let set = try XCTUnwrap(templates, "\(diagnostics)")
        let title = #"a: "b" # *c* [d](e) _f_ \ <g> 1. 'h'"#
        var c = Case(id: "x-1", title: title, kind: .bestPractice, number: 1, source: SourceRef(file: "x.txt", lines: LineRange(1, 2)))
        c.sections = [Section(heading: nil, blocks: [.paragraph("正文。")])]
        let q = CaseDocumentModel.yamlQuoted
        let model = CaseDocumentModel(id: c.id, title: title, label: "label", citation: "citation", source: "原文：x.txt 第1–2行", body: CaseBodyModel(c),
                                      yamlTitle: q(title), yamlDate: q("2024-01-01"), yamlID: q(c.id), yamlBatches: [q("全国第五批")],
                                      yamlZones: [], yamlCategories: [q("贸易便利化")], yamlKinds: [q("最佳实践案例")])
        let md = try set.render(CaseDocumentModel.template, model)
        let fm = try frontMatter(md)
        XCTAssertEqual(fm["title"] as? String, title, md)
        XCTAssertEqual((fm["zones"] as? [Any])?.count, 0, "an empty taxonomy is an empty list")
        XCTAssertEqual(fm["batches"] as? [String], ["全国第五批"])
        XCTAssertTrue(md.contains("\n# a: "), md)
        XCTAssertFalse(md.contains("\n# " + title + "\n"), "the heading is Markdown-escaped")
    }

    func testReExportingReplacesTheEarlierExport() throws {
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content")
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content.path)
        XCTAssertEqual(try export("markdown", content: content.path, in: dir).code, 0)
        XCTAssertEqual(try export("json", content: content.path, in: dir).code, 0)
        XCTAssertEqual(try export("csv", content: content.path, in: dir).code, 0)
        let md = dir.appendingPathComponent("export/markdown")
        XCTAssertTrue(FileManager.default.fileExists(atPath: md.appendingPathComponent("cn-b4-best-01.md").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("export/json/cases.json").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("export/csv/cases.csv").path))

        // Remove the national fourth batch (cn-b4) and export again.
        let sources = content.appendingPathComponent("sources")
        for ext in ["txt", "yaml"] { try FileManager.default.removeItem(at: sources.appendingPathComponent("002_5008bc89aad0392f.\(ext)")) }
        let r = try export("markdown", content: content.path, in: dir)
        XCTAssertEqual(r.code, 0, r.stderr)
        let left = try FileManager.default.contentsOfDirectory(atPath: md.path)
        XCTAssertFalse(left.isEmpty)
        XCTAssertEqual(left.filter { $0.hasPrefix("cn-b4-") }, [], "files of the removed batch are gone")
        XCTAssertTrue(left.contains("gx-b2-best-21.md"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("export/json/cases.json").path), "other formats stay")
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("export").path).filter { $0.hasPrefix(".") }
        XCTAssertEqual(leftovers, [], "no staging folders left behind")
    }

    func testAFolderCasebookDidNotWriteIsNeverReplaced() throws {
        let dir = temporaryFolder(self)
        let mine = dir.appendingPathComponent("notes")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: mine.appendingPathComponent("draft.txt"))
        let r = try export("markdown", output: mine, in: dir)
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.stderr.contains("did not write"), r.stderr)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: mine.path), ["draft.txt"])

        // An empty folder is fine; a folder holding another format's export is not replaced by this one.
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        XCTAssertEqual(try export("json", output: empty, in: dir).code, 0)
        XCTAssertEqual(try export("csv", output: empty, in: dir).code, 1)
        XCTAssertEqual(Set(try FileManager.default.contentsOfDirectory(atPath: empty.path)), ["cases.json", ".casebook-export"])
    }
}

/// Citations and tables written character for character: what BibTeX and CSV treat as syntax is escaped, nothing else.
final class ExportEscapingTests: XCTestCase {
    func catalog(title: String) -> Catalog {
        var cases = SearchIndexTests.corpus.cases
        cases[0].title = title
        return Catalog(SearchIndexTests.input(cases, documents: SearchIndexTests.corpus.documents))
    }

    func testBibTeXEscapesItsSpecialCharactersAndKeepsTheRest() {
        let c = catalog(title: "A{b}%&$#_~^\\ 中文，“引号”é")
        let bibtex = c.makeReference(c.input.cases[0]).bibtex
        XCTAssertTrue(bibtex.contains("title = {A\\{b\\}\\%\\&\\$\\#\\_\\textasciitilde{}\\textasciicircum{}\\textbackslash{} 中文，“引号”é}"), bibtex)
    }

    func testCSVQuotesFieldsWithCommasQuotesAndLineEnds() {
        for (title, cell) in [("甲,乙", "\"甲,乙\""), ("称\"一站式\"", "\"称\"\"一站式\"\"\""), ("一\r\n二", "\"一\r\n二\""), ("一\n二", "\"一\n二\""),
                              ("无需引号，全角逗号", "无需引号，全角逗号")] {
            let csv = String(decoding: DataExport(catalog: catalog(title: title)).csv(), as: UTF8.self)
            XCTAssertTrue(csv.contains("," + cell + ","), "\(title) → \(cell)")
        }
    }
}
