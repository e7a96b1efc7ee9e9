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
