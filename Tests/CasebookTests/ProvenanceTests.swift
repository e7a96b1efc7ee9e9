import CasebookBuild
import CasebookCore
@testable import CasebookParse
@testable import CasebookRender
import Foundation
import XCTest

/// Provenance a reader can check: source pages, case pages that cite their lines, citations, versions, the data contract.
final class ProvenanceTests: XCTestCase {
    var corpus: Corpus { RealSite.rendered.corpus }

    /// Every source text has a page with one anchored `<li>` per line, as the parser numbers them, and the raw text beside it.
    func testEverySourceTextHasAPageLineForLine() throws {
        let files = try RealSite.files()
        XCTAssertEqual(corpus.documents.count, 5)
        for doc in corpus.documents {
            let stem = String(doc.file.dropLast(4))
            let html = try RealSite.page("sources/\(stem).html")
            let count = SourceLine.split(doc.text).count
            XCTAssertGreaterThan(count, 100)
            XCTAssertEqual(html.components(separatedBy: "<li id=\"L").count - 1, count, doc.file)
            XCTAssertTrue(html.contains("<li id=\"L\(count)\""), "last line anchored")
            XCTAssertFalse(html.contains("<li id=\"L\(count + 1)\""))
            XCTAssertEqual(files["sources/\(doc.file)"], Data(doc.text.utf8), "raw text beside its page")
            XCTAssertTrue(html.contains("href=\"../sources/\(doc.file)\""), "links to the raw text")
            XCTAssertTrue(html.contains("未归入任何案例的行：0"), "\(doc.file): every line is in a case or furniture")
            XCTAssertFalse(html.contains("class=\"un\""))
        }
    }

    func testCaseRangesAreAnchoredShadedAndLinkToTheirCase() throws {
        let html = try RealSite.page("sources/000_c9fdf2d4b16943f6.html")
        for c in corpus.cases where c.source.file == "000_c9fdf2d4b16943f6.txt" {
            let anchor = "id=\"L\(c.source.lines.first)-L\(c.source.lines.last)\""
            XCTAssertEqual(html.components(separatedBy: anchor).count - 1, 1, "\(c.id): one run carries its range id")
            XCTAssertTrue(html.contains("href=\"../cases/\(c.id).html\""), c.id)
        }
        // The range's run starts at the case's first line (so the anchor lands on the title).
        let run = try XCTUnwrap(html.range(of: "id=\"L211-L248\""))
        let after = html[run.upperBound...]
        XCTAssertTrue(after.contains("<ol start=\"211\">\n<li id=\"L211\">"), "the range opens on line 211")
        XCTAssertTrue(html.contains("class=\"run case-run"))
    }

    func testFurnitureIsMarkedWithWhy() throws {
        let parsed = try XCTUnwrap(corpus.parsed.first { $0.file == "002_5008bc89aad0392f.txt" })
        let page = try XCTUnwrap(parsed.furniture.first { $0.reason == .pageNumber })
        let html = try RealSite.page("sources/002_5008bc89aad0392f.html")
        XCTAssertTrue(html.contains("<li id=\"L\(page.line)\" class=\"fu\" data-why=\"页码\">"), "page number \(page.line) marked")
        XCTAssertEqual(html.components(separatedBy: "class=\"fu\"").count - 1, parsed.furniture.count)
    }

    func testCasePageLinksToItsLinesAndEachHeadingToItsLine() throws {
        let html = try RealSite.page("cases/gx-b2-pilot-01.html")
        XCTAssertTrue(html.contains("href=\"../sources/000_c9fdf2d4b16943f6.html#L211-L248\""), "the range")
        XCTAssertTrue(html.contains("href=\"../sources/000_c9fdf2d4b16943f6.txt\""), "the raw text")
        let c = try XCTUnwrap(corpus.cases.first { $0.id == "gx-b2-pilot-01" })
        let headed = c.sections.filter { $0.heading != nil }
        XCTAssertFalse(headed.isEmpty)
        for s in headed {
            let n = try XCTUnwrap(s.line)
            XCTAssertTrue(html.contains("<a class=\"src-line\" href=\"../sources/000_c9fdf2d4b16943f6.html#L\(n)\" title=\"原文第 \(n) 行\">L\(n)</a></h2>"), "\(s.heading!)")
        }
        // Every case page links to its source lines.
        for c in corpus.cases {
            let page = try RealSite.page("cases/\(c.id).html")
            XCTAssertTrue(page.contains("#L\(c.source.lines.first)-L\(c.source.lines.last)\"") || page.contains("#L\(c.source.lines.first)\""), c.id)
        }
    }

    /// The sentence a reader pastes names the publication, the batch and the item, never the working file.
    func testTheCitationNamesThePublicationNotTheFile() throws {
        let html = try RealSite.page("cases/gx-b2-pilot-01.html")
        XCTAssertTrue(html.contains("<p class=\"cite-text\" id=\"cite-text\">广西壮族自治区人民政府：《中国（广西）自由贸易试验区第二批自治区级制度创新成果汇编》，改革试点经验第1项“‘产业+安置’综合征地安置新模式”，南宁片区管委会报送，2021年。（发布单位、年份原文未载明，据外部资料）</p>"))
        for c in corpus.cases {
            let page = try RealSite.page("cases/\(c.id).html")
            let cite = try XCTUnwrap(page.range(of: #"(?<=id="cite-text">)[^<]*"#, options: .regularExpression).map { String(page[$0]) }, c.id)
            XCTAssertFalse(cite.contains(".txt"), "\(c.id): \(cite)")
            XCTAssertTrue(cite.contains(c.kind == .news ? "第\(c.number)篇" : "第\(c.number)项"), c.id)
        }
    }

    /// GB/T 7714-2015: a case is a part (`//`) of a compilation `[G]` or a report `[R]`; a task row of a table `[Z]`;
    /// a news article `[N]`; facts from outside the text close the line.
    func testGBT7714ReferencesHaveTheRightDocumentType() throws {
        func gbt(_ id: String) throws -> String {
            let page = try RealSite.page("cases/\(id).html")
            return try XCTUnwrap(page.range(of: #"(?<=id="cite-gbt">)[^<]*"#, options: .regularExpression).map { String(page[$0]) }, id)
                .replacingOccurrences(of: "&quot;", with: "\"")
        }
        XCTAssertEqual(try gbt("gx-b2-pilot-01"), "南宁片区管委会. “产业+安置”综合征地安置新模式[G]//广西壮族自治区人民政府. 中国（广西）自由贸易试验区第二批自治区级制度创新成果汇编. 2021.（据外部资料：发布单位、年份）")
        XCTAssertEqual(try gbt("cn-b5-best-04"), "中国（广西）自由贸易试验区. 集装箱跨境物流“全生命周期”管理服务改革[R]//商务部（国务院自由贸易试验区工作部际联席会议办公室）. 自由贸易试验区第五批最佳实践案例. 2024.（据外部资料：文件名称、发布单位、层级、批次、年份）")
        XCTAssertTrue(try gbt("gx-b7-pilot-01").contains("[Z]//广西壮族自治区人民政府. "))
        let news = try XCTUnwrap(corpus.cases.first { $0.kind == .news })
        let line = try gbt(news.id)
        XCTAssertTrue(line.contains("[N]. 报纸版面（报名未载明）, 2022."), line)
    }

    /// BibTeX, RIS and CSL-JSON for every case, on its page and for the whole set.
    func testEveryCaseHasBibTeXRISAndCSLJSON() throws {
        let files = try RealSite.files()
        let bib = String(decoding: try XCTUnwrap(files["data/cases.bib"]), as: UTF8.self)
        let ris = String(decoding: try XCTUnwrap(files["data/cases.ris"]), as: UTF8.self)
        let csl = try XCTUnwrap(JSONSerialization.jsonObject(with: try XCTUnwrap(files["data/cases.csl.json"])) as? [[String: Any]])
        XCTAssertEqual(csl.count, corpus.cases.count)
        XCTAssertEqual(ris.components(separatedBy: "ER  - \r\n").count - 1, corpus.cases.count)
        XCTAssertEqual(ris.components(separatedBy: "TY  - ").count - 1, corpus.cases.count)
        for c in corpus.cases {
            XCTAssertTrue(bib.contains("{\(c.id),\n"), c.id)
            XCTAssertTrue(ris.contains("ID  - \(c.id)\r\n"), c.id)
            let item = try XCTUnwrap(csl.first { $0["id"] as? String == c.id }, c.id)
            XCTAssertEqual(item["title"] as? String, c.title)
            XCTAssertNotNil(item["container-title"] as? String)
            XCTAssertTrue((item["note"] as? String)?.contains("原文第\(c.source.lines.first)–\(c.source.lines.last)行") == true, c.id)
            let page = try RealSite.page("cases/\(c.id).html")
            for id in ["cite-bib", "cite-ris", "cite-csl"] { XCTAssertTrue(page.contains("<pre id=\"\(id)\">"), "\(c.id) \(id)") }
            XCTAssertTrue(page.contains("<details class=\"cite-formats\">"))
        }
        XCTAssertTrue(bib.contains("@incollection{gx-b2-pilot-01,\n  author = {{南宁片区管委会}},\n"))
        XCTAssertTrue(bib.contains("note = {改革试点经验第1项；原文第211–248行；据外部资料：发布单位、年份}"), "attributed facts are marked")
        XCTAssertFalse(bib.contains(".txt"), "the working file's name is no part of a reference")
        XCTAssertTrue(ris.contains("TY  - NEWS\r\n"))
        XCTAssertEqual(csl.first?["type"] as? String, "chapter")
    }

    /// `data/cases.schema.json` names exactly the keys `cases.json` has, every one required; the e2e test validates the
    /// whole file with a real JSON Schema validator.
    /// `cases.json` is written in pieces as its records are encoded: the bytes are those of encoding it at once,
    /// whatever the size of the pieces.
    func testCasesJSONInPiecesIsTheSameAsInOneGo() throws {
        let corpus = self.corpus
        let input = SiteInput(cases: corpus.cases, documents: Dictionary(uniqueKeysWithValues: corpus.documents.map { ($0.file, $0.metadata) }),
                              documentOrder: corpus.documents.map(\.file), reference: corpus.reference, config: SiteConfig())
        let catalog = Catalog(input)
        let export = DataExport(catalog: catalog)
        let whole = Data(try OrderedJSONEncoder(pretty: true).encode(CasesFile(cases: corpus.cases.map(catalog.makeCaseRecord), count: corpus.cases.count)) + [0x0A])
        XCTAssertGreaterThan(corpus.cases.count, 100)
        XCTAssertEqual(export.json(), whole)
        for piece in [1, 7, 5000] {
            var pieces: [[UInt8]] = []
            export.json(piece: piece) { pieces.append($0) }
            XCTAssertGreaterThan(pieces.count, corpus.cases.count / (piece == 5000 ? 100 : 1), "pieces of \(piece)")
            XCTAssertEqual(Data(pieces.joined()), whole, "pieces of \(piece)")
        }
        // No case: the empty list, as `JSONEncoder` writes it.
        let none = SiteInput(cases: [], documents: [:], documentOrder: [], reference: corpus.reference, config: SiteConfig())
        XCTAssertEqual(DataExport(catalog: Catalog(none)).json(),
                       Data(try OrderedJSONEncoder(pretty: true).encode(CasesFile(cases: [], count: 0)) + [0x0A]))
        let decoded = try JSONSerialization.jsonObject(with: whole) as? [String: Any]
        XCTAssertEqual((decoded?["cases"] as? [Any])?.count, corpus.cases.count)
    }

    func testTheSchemaListsEveryKeyOfCasesJSON() throws {
        let files = try RealSite.files()
        let schema = try XCTUnwrap(JSONSerialization.jsonObject(with: try XCTUnwrap(files["data/cases.schema.json"])) as? [String: Any])
        XCTAssertEqual(schema["$schema"] as? String, "https://json-schema.org/draft/2020-12/schema")
        let defs = try XCTUnwrap(schema["$defs"] as? [String: Any])
        let caseSchema = try XCTUnwrap(defs["case"] as? [String: Any])
        let properties = Set(try XCTUnwrap(caseSchema["properties"] as? [String: Any]).keys)
        let required = Set(try XCTUnwrap(caseSchema["required"] as? [String]))
        XCTAssertEqual(required, properties)
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: try XCTUnwrap(files["data/cases.json"])) as? [String: Any])
        let cases = try XCTUnwrap(doc["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.count, 126)
        for c in cases { XCTAssertEqual(Set(c.keys), properties, "\(c["id"] ?? "")") }
        let cite = try RealSite.page("cite.html")
        for key in properties { XCTAssertTrue(cite.contains(key), "cite.html explains \(key)") }
        XCTAssertTrue(cite.contains("[G]") && cite.contains("[R]") && cite.contains("[N]"))
    }

    /// A case with versions shows the recognition path in date order, with the evidence; `cases.json` lists them.
    func testVersionsAreShownAsARecognitionPath() throws {
        let national = try RealSite.page("cases/cn-b5-best-04.html")
        let path = try XCTUnwrap(national.components(separatedBy: "<ol class=\"version-path\">").dropFirst().first?.components(separatedBy: "</ol>").first)
        let gx = try XCTUnwrap(path.range(of: "自治区级第二批（广西第二批，2021年）"))
        let cn = try XCTUnwrap(path.range(of: "国家级第五批（全国第五批，2024年）"))
        XCTAssertLessThan(gx.lowerBound, cn.lowerBound, "in date order")
        XCTAssertTrue(path.contains("<li class=\"origin\"><span class=\"stage\">钦州港片区</span></li>"), path)
        XCTAssertTrue(path.contains("href=\"../cases/gx-b2-best-07.html\""))
        XCTAssertTrue(path.contains("同一试验区：广西 › 钦州港片区"), "the evidence")
        XCTAssertTrue(path.contains("（本页）"))
        let regional = try RealSite.page("cases/gx-b2-best-07.html")
        XCTAssertTrue(regional.contains("href=\"../cases/cn-b5-best-04.html\""))
        let related = regional.components(separatedBy: "id=\"related-h\"").dropFirst().first ?? ""
        XCTAssertFalse(related.contains("cn-b5-best-04"), "a version is not listed again as merely related")
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: try XCTUnwrap(try RealSite.files()["data/cases.json"])) as? [String: Any])
        let cases = try XCTUnwrap(doc["cases"] as? [[String: Any]])
        XCTAssertEqual(cases.first { $0["id"] as? String == "gx-b2-best-07" }?["versions"] as? [String], ["gx-b2-best-07", "cn-b5-best-04"])
        XCTAssertEqual(cases.filter { !(($0["versions"] as? [String]) ?? []).isEmpty }.count, 2)
    }
}
