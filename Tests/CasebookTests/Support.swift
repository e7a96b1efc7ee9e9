import CasebookBuild
import CasebookCore
import CasebookRender
import Foundation
import XCTest

/// Paths of the repository, found from this file. Tests never read the live `Content/`: it is the user's, and adding
/// a batch there must not break a test. They read fixtures (`Tests/Fixtures/<scenario>/Content`).
enum Repo {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The main fixture: the five real source texts with their metadata, the reference data and the site settings.
    static var content: String { fixtures.appendingPathComponent("real/Content").path }
    static var templates: String { root.appendingPathComponent("Templates").path }
    static var goldens: URL { root.appendingPathComponent("Tests/CasebookTests/Goldens") }
    static var fixtures: URL { root.appendingPathComponent("Tests/Fixtures") }
}

/// The site built once from the main fixture, shared by the tests that read it. A build that fails fails every test
/// that reads it (`files` throws), so no test passes on an empty site.
enum RealSite {
    static let rendered: (files: [OutputFile]?, corpus: Corpus, diagnostics: [Diagnostic]) =
        SiteBuilder().render(.init(content: Repo.content, templates: Repo.templates, output: "unused"))

    /// Path → bytes of every file of the site.
    static func files() throws -> [String: Data] {
        let files = try XCTUnwrap(rendered.files, "the real site does not build: \(rendered.diagnostics)")
        XCTAssertGreaterThan(files.count, 100)
        return Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.bytes) })
    }

    static func page(_ path: String) throws -> String {
        String(decoding: try XCTUnwrap(try files()[path], "no \(path) in the site"), as: UTF8.self)
    }
}

/// Compares `actual` with the golden file `name`; with RECORD_GOLDENS=1 writes it instead and fails the run.
func assertGolden(_ actual: String, named name: String, file: StaticString = #filePath, line: UInt = #line) {
    let url = Repo.goldens.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" {
        try? FileManager.default.createDirectory(at: Repo.goldens, withIntermediateDirectories: true)
        try? actual.write(to: url, atomically: true, encoding: .utf8)
        XCTFail("recorded golden \(name); run again without RECORD_GOLDENS to compare", file: file, line: line)
        return
    }
    guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
        XCTFail("no golden \(name); record it with RECORD_GOLDENS=1 swift test", file: file, line: line)
        return
    }
    guard expected != actual else { return }
    let e = expected.components(separatedBy: "\n"), a = actual.components(separatedBy: "\n")
    var diff: [String] = []
    for i in 0..<max(e.count, a.count) where diff.count < 40 {
        let x = i < e.count ? e[i] : "<end>", y = i < a.count ? a[i] : "<end>"
        if x != y { diff.append("line \(i + 1):\n  - \(x)\n  + \(y)") }
    }
    XCTFail("\(name) differs from its golden:\n" + diff.joined(separator: "\n"), file: file, line: line)
}

/// A fresh temporary folder, removed at the end of the test.
func temporaryFolder(_ test: XCTestCase) -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("casebook-test-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}
