import CasebookCore
import Foundation
import XCTest

/// The editor's workflow: explanations in both languages, every id documented, the build naming new/changed/removed documents.
final class EditorTests: XCTestCase {
    func testExplainPrintsTheExplanationInTheLocalesLanguage() throws {
        let dir = temporaryFolder(self)
        let en = try Casebook.run(["explain", "parse.number-typo"], in: dir, environment: ["LANG": "C"])
        XCTAssertEqual(en.code, 0)
        XCTAssertTrue(en.stdout.hasPrefix("parse.number-typo\n\nA case number breaks the sequence"), en.stdout)
        XCTAssertTrue(en.stdout.contains("Fix: Correct the number"), en.stdout)
        let zh = try Casebook.run(["explain", "[parse.number-typo]"], in: dir, environment: ["LANG": "C", "LC_MESSAGES": "zh_CN.UTF-8"])
        XCTAssertTrue(zh.stdout.contains("处理：在文本中把该行的编号改为提示中的编号。"), zh.stdout)
        let family = try Casebook.run(["explain", "write.no-space"], in: dir, environment: ["LANG": "zh_CN.UTF-8"])
        XCTAssertTrue(family.stdout.contains("无法写入输出文件夹"), family.stdout)
    }

    func testLocaleIsReadAsPOSIXDoes() {
        XCTAssertEqual(Language.from(environment: ["LANG": "zh_CN.UTF-8"]), .chinese)
        XCTAssertEqual(Language.from(environment: ["LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"]), .english)
        XCTAssertEqual(Language.from(environment: ["LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_TW.UTF-8"]), .chinese)
        XCTAssertEqual(Language.from(environment: [:]), .english)
    }

    /// Every id the sources raise has an explanation, and every template key an English and a Chinese sentence.
    func testEveryDiagnosticIdIsExplained() throws {
        let sources = Repo.root.appendingPathComponent("Sources")
        let pattern = try NSRegularExpression(pattern: #"(?:Diagnostic\(\.(?:note|warning|error), |context\.(?:warn|error)\()"([a-z]+\.[a-z-]+)""#)
        var ids: Set<String> = []
        for case let rel as String in FileManager.default.enumerator(atPath: sources.path)! where rel.hasSuffix(".swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(rel), encoding: .utf8)
            for m in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                ids.insert(String(text[Range(m.range(at: 1), in: text)!]))
            }
        }
        XCTAssertGreaterThan(ids.count, 40)
        for id in ids.sorted() { XCTAssertNotNil(DiagnosticCatalog.lookUp(id), "\(id) has no explanation (casebook explain)") }
        for (key, t) in DiagnosticCatalog.templates {
            XCTAssertFalse(t.en.isEmpty || t.zh.isEmpty, key)
            XCTAssertNotNil(DiagnosticCatalog.lookUp(String(key.prefix { $0 != "/" })), "\(key) has no explanation")
        }
    }

    func testTheBuildNamesNewChangedAndRemovedDocuments() throws {
        let dir = temporaryFolder(self)
        try ScenarioTests.prepare(Repo.fixtures.appendingPathComponent("publication-order"), in: dir)
        let sources = dir.appendingPathComponent("Content/sources")
        let first = try Casebook.run(["build", "--output", "Site"], in: dir, environment: ["LANG": "C"])
        XCTAssertEqual(first.code, 0, first.stderr)
        XCTAssertFalse(first.stderr.contains("since the last build"), first.stderr)
        XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Site/.casebook-documents.json").path))
        try FileManager.default.removeItem(at: sources.appendingPathComponent("gx-b7.txt"))
        try FileManager.default.removeItem(at: sources.appendingPathComponent("gx-b7.yaml"))
        try (String(contentsOf: sources.appendingPathComponent("gx-b2.txt"), encoding: .utf8) + "补充一句。\n")
            .write(to: sources.appendingPathComponent("gx-b2.txt"), atomically: true, encoding: .utf8)
        for ext in ["txt", "yaml"] {
            try FileManager.default.copyItem(at: sources.appendingPathComponent("new-batch.\(ext)"), to: sources.appendingPathComponent("gx-b9.\(ext)"))
        }
        var yaml = try String(contentsOf: sources.appendingPathComponent("gx-b9.yaml"), encoding: .utf8)
        yaml = yaml.replacingOccurrences(of: "slug: gx-b3", with: "slug: gx-b9").replacingOccurrences(of: "number: 3, name: 第三批", with: "number: 9, name: 第九批")
        try yaml.write(to: sources.appendingPathComponent("gx-b9.yaml"), atomically: true, encoding: .utf8)
        let second = try Casebook.run(["build", "--output", "Site"], in: dir, environment: ["LANG": "C"])
        XCTAssertEqual(second.code, 0, second.stderr)
        XCTAssertTrue(second.stderr.contains("casebook: since the last build: new gx-b9.txt; changed gx-b2.txt; removed gx-b7.txt"), second.stderr)
    }
}
