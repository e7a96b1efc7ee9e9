import CasebookBuild
import CasebookCore
@testable import CasebookEnrich
import Foundation
import XCTest

/// Units: every printed 报送单位, 牵头改革部门 and 复制推广责任单位 read through `data/units.yaml`.
final class UnitTests: XCTestCase {
    static let corpus = Pipeline.loadCorpus(content: Repo.content)

    /// Printed name → the unit names it was read as, over the real fixture.
    func readings() -> [String: Set<String>] {
        var out: [String: Set<String>] = [:]
        for c in Self.corpus.cases { for u in c.units { out[u.printed, default: []].insert(u.name) } }
        return out
    }

    func testTheFourPairsOfTheIssueLandOnOneUnit() throws {
        let r = readings()
        XCTAssertGreaterThan(r.count, 80)
        XCTAssertEqual(r["商务厅"], ["自治区商务厅"])
        XCTAssertEqual(r["自治区商务厅"], ["自治区商务厅"])
        XCTAssertEqual(r["交通运输厅"], ["自治区交通运输厅"])
        XCTAssertEqual(r["南宁片区管委会"], ["自贸试验区南宁片区管委会"])
        XCTAssertEqual(r["自贸试验区南宁片区管委会"], ["自贸试验区南宁片区管委会"])
        XCTAssertEqual(r["人民银行南宁中心支行"], ["中国人民银行广西壮族自治区分行"])
        XCTAssertEqual(r["中国人民银行广西壮族自治区分行"], ["中国人民银行广西壮族自治区分行"])
        // Precise names stay apart.
        XCTAssertEqual(r["南宁海关"], ["南宁海关"])
        XCTAssertEqual(r["钦州港海关"], ["钦州港海关"])
    }

    func testEveryUnitOfTheRealTextsIsKnownAndEveryRoleIsThere() {
        let mentions = Self.corpus.cases.flatMap(\.units)
        XCTAssertGreaterThan(mentions.count, 150)
        XCTAssertEqual(mentions.filter { !$0.known }.map(\.printed), [])
        XCTAssertEqual(Set(mentions.map(\.role)), Set(UnitRole.allCases))
        XCTAssertFalse(Self.corpus.diagnostics.contains { $0.id == "units.unknown" })
        // Each case's units are its printed lists, in order.
        for c in Self.corpus.cases {
            XCTAssertEqual(c.units.map(\.printed), c.submitters + c.leadUnits + c.responsibleUnits, c.id)
        }
    }

    func testAPredecessorIsReadAsItsSuccessorWithTheSourceOfTheRenaming() throws {
        let m = try XCTUnwrap(Self.corpus.cases.flatMap(\.units).first { $0.printed == "人民银行南宁中心支行" })
        XCTAssertEqual(m.name, "中国人民银行广西壮族自治区分行")
        XCTAssertTrue(m.reading?.contains("已更名为") == true && m.reading?.contains("据") == true, m.reading ?? "")
    }

    func testAShortNameIsReadInItsDocumentsContextOnly() {
        let dir = UnitDirectory(units: [UnitEntry(code: "a", name: "自治区商务厅")], contextPrefixes: ["广西": ["自治区"]])
        let r = UnitResolver(directory: dir)
        XCTAssertEqual(r.read("商务厅", context: ["广西"]).entry?.name, "自治区商务厅")
        XCTAssertNil(r.read("商务厅", context: ["海南"]).entry)
        XCTAssertNil(r.read("商务厅", context: []).entry)
        XCTAssertNil(r.read("自治区商务", context: ["广西"]).entry)
    }

    /// An unknown name: its own page, a warning that lists it, never merged into a similar known unit.
    func testAnUnknownNameGetsAWarningAndIsNotMerged() throws {
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content")
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content.path)
        let units = content.appendingPathComponent("data/units.yaml")
        var yaml = try String(contentsOf: units, encoding: .utf8)
        // Forget 南宁海关: its cases name it, the data no longer does.
        yaml = yaml.replacingOccurrences(of: "  - name: 南宁海关\n", with: "")
        try yaml.write(to: units, atomically: true, encoding: .utf8)
        let corpus = Pipeline.loadCorpus(content: content.path)
        let warnings = corpus.diagnostics.filter { $0.id == "units.unknown" }
        XCTAssertEqual(warnings.count, 2, "\(warnings)")  // one per 广西 text naming it
        XCTAssertTrue(warnings.allSatisfy { $0.arguments["names"] == "南宁海关" })
        let m = try XCTUnwrap(corpus.cases.flatMap(\.units).first { $0.printed == "南宁海关" })
        XCTAssertFalse(m.known)
        XCTAssertEqual(m.name, "南宁海关")
        XCTAssertEqual(m.code, UnitEntry.code(for: "南宁海关"))
    }

    func testANameClaimedByTwoUnitsIsAnError() throws {
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content")
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content.path)
        let units = content.appendingPathComponent("data/units.yaml")
        try (String(contentsOf: units, encoding: .utf8) + "  - name: 南宁海关二\n    aliases: [南宁海关]\n").write(to: units, atomically: true, encoding: .utf8)
        let corpus = Pipeline.loadCorpus(content: content.path)
        let d = try XCTUnwrap(corpus.diagnostics.first { $0.id == "reference.invalid" })
        XCTAssertEqual(d.severity, .error)
        XCTAssertTrue(d.message.contains("南宁海关"), d.message)
    }
}

/// Unit pages, the units index, the links from case pages and `cases.json`.
final class UnitPageTests: XCTestCase {
    func testEveryUnitOnEveryCasePageLinksToAUnitPageThatLinksBack() throws {
        let files = try RealSite.files()
        let corpus = RealSite.rendered.corpus
        var checked = 0
        for c in corpus.cases where !c.units.isEmpty {
            let page = try RealSite.page("cases/\(c.id).html")
            for u in c.units {
                let href = "../units/\(u.code).html"
                XCTAssertTrue(page.contains("href=\"\(href)\""), "\(c.id) does not link \(u.printed)")
                let unitPage = try RealSite.page("units/\(u.code).html")
                XCTAssertTrue(unitPage.contains("href=\"../cases/\(c.id).html\""), "\(u.name) does not link back to \(c.id)")
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 150)
        XCTAssertNotNil(files["units/index.html"])
    }

    func testAUnitPageListsItsCasesByRoleAndBatchWithTheFormerName() throws {
        let code = try XCTUnwrap(RealSite.rendered.corpus.cases.flatMap(\.units).first { $0.name == "中国人民银行广西壮族自治区分行" }).code
        let page = try RealSite.page("units/\(code).html")
        XCTAssertTrue(page.contains("<h1>中国人民银行广西壮族自治区分行</h1>"))
        XCTAssertTrue(page.contains("人民银行南宁中心支行 → 中国人民银行广西壮族自治区分行"))
        XCTAssertTrue(page.contains("id=\"replicates\""))
        XCTAssertTrue(page.contains("<h3>广西第二批 <span class=\"count\">"))
        XCTAssertTrue(page.contains("<h3>广西第七批 <span class=\"count\">"))
        // The 商务厅 of a 广西 text is on 自治区商务厅's page, and the index counts it once.
        let swt = try XCTUnwrap(RealSite.rendered.corpus.cases.flatMap(\.units).first { $0.printed == "商务厅" })
        let swtPage = try RealSite.page("units/\(swt.code).html")
        XCTAssertTrue(swtPage.contains("<h1>自治区商务厅</h1>") && swtPage.contains(">商务厅</span>"))
        let index = try RealSite.page("units/index.html")
        XCTAssertEqual(index.components(separatedBy: "href=\"../units/\(swt.code).html\"").count, 2)
    }

    func testCasesJSONCarriesEachUnitAsNamePrintedRole() throws {
        let data = try XCTUnwrap(try RealSite.files()["data/cases.json"])
        let root = try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try XCTUnwrap(root["cases"] as? [[String: Any]])
        let units = cases.flatMap { ($0["units"] as? [[String: String]]) ?? [] }
        XCTAssertGreaterThan(units.count, 150)
        XCTAssertTrue(units.contains { $0 == ["name": "自治区商务厅", "printed": "商务厅", "role": "replicates"] }
                      || units.contains { $0 == ["name": "自治区商务厅", "printed": "商务厅", "role": "leads"] }, "\(units.prefix(3))")
        XCTAssertTrue(units.contains { $0["name"] == "中国人民银行广西壮族自治区分行" && $0["printed"] == "人民银行南宁中心支行" })
        XCTAssertEqual(Set(units.compactMap { $0["role"] }), ["submitted", "leads", "replicates"])
        let schema = try XCTUnwrap(String(data: try XCTUnwrap(try RealSite.files()["data/cases.schema.json"]), encoding: .utf8))
        XCTAssertTrue(schema.contains("\"units\""))
    }
}

/// The comparison page's data: each case's sections with their meaning, from `data/section-meanings.yaml`.
final class CompareDataTests: XCTestCase {
    func testHeadingsMapToMeaningsNotPositions() {
        let r = RealSite.rendered.corpus.reference
        XCTAssertEqual(r.sectionMeaning("一、主要做法"), "主要做法")
        XCTAssertEqual(r.sectionMeaning("（二）实践效果"), "实践效果")
        XCTAssertEqual(r.sectionMeaning("二、主要成效"), "实践效果")
        XCTAssertEqual(r.sectionMeaning("三、风险点和防控措施"), "风险防控")
        XCTAssertEqual(r.sectionMeaning("四、下一步工作思路"), "下一步")
        XCTAssertEqual(r.sectionMeaning("创新性"), "创新点")
        XCTAssertEqual(r.sectionMeaning(nil), "概述")
        XCTAssertEqual(r.sectionMeaning("五、附件"), "附件")
    }

    func testEveryCaseHasACompareFileWithItsSections() throws {
        let files = try RealSite.files()
        let corpus = RealSite.rendered.corpus
        XCTAssertNotNil(files["compare.html"])
        var meanings = Set<String>()
        for c in corpus.cases {
            let text = String(decoding: try XCTUnwrap(files["compare/\(c.id).js"], c.id), as: UTF8.self)
            XCTAssertTrue(text.hasPrefix("casebookCase(\"\(c.id)\",{"), c.id)
            XCTAssertFalse(text.contains("<"), "compare/\(c.id).js holds a raw <")
            for s in c.sections { meanings.insert(corpus.reference.sectionMeaning(s.heading)) }
        }
        XCTAssertTrue(meanings.isSuperset(of: ["概述", "主要做法", "实践效果", "创新点", "风险防控", "下一步", "主要内容"]), "\(meanings)")
    }
}
