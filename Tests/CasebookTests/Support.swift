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
    /// The expected parse of each real text (`casebook check --dump`, one file per document).
    static var goldens: URL { fixtures.appendingPathComponent("real/Expected/parse") }
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

/// The `casebook` executable as a user runs it. `swift test` builds it beside the test bundle.
enum Casebook {
    static var binary: URL {
        let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("casebook")
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        return Repo.root.appendingPathComponent(".build/debug/casebook")
    }

    /// Runs `casebook args` in `dir`; its exit status, standard output and standard error.
    static func run(_ args: [String], in dir: URL, environment: [String: String]? = nil) throws -> (code: Int32, stdout: String, stderr: String) {
        let binary = self.binary
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            XCTFail("no casebook executable at \(binary.path): swift build --build-tests builds it")
            return (-1, "", "")
        }
        return try runProcess(binary, args, in: dir, environment: environment)
    }
}

/// Runs a program to its end in `dir`: its exit status, standard output and standard error (both pipes read while it
/// runs, so that neither fills up and blocks it).
func runProcess(_ executable: URL, _ args: [String], in dir: URL, environment: [String: String]? = nil) throws -> (code: Int32, stdout: String, stderr: String) {
    let p = Process()
    p.executableURL = executable
    p.arguments = args
    p.currentDirectoryURL = dir
    if let environment { p.environment = environment }
    let out = Pipe(), err = Pipe()
    p.standardOutput = out
    p.standardError = err
    try p.run()
    // Read both pipes while the process runs, so that neither fills up and blocks it.
    let group = DispatchGroup()
    nonisolated(unsafe) var o = Data()
    group.enter()
    DispatchQueue.global().async { o = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
    let e = err.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
}
