import Foundation
import XCTest

/// Fixture scenarios, as mdBook and swift-argument-parser test their command lines: each folder of `Tests/Fixtures`
/// that has an `Expected/` folder is a site (`Content/`, and `Templates/` files that replace the default templates of
/// the same name) with the runs of `casebook` to make in it: `Expected/N.args` (the arguments), `N.stderr` (what it
/// must print, with the scenario's folder as `$DIR` and timings as `N`) and `N.status` (its exit status); an optional
/// `N.env` sets environment variables (`LANG=zh_CN.UTF-8`: the run in Chinese).
/// A scenario's `Content/` without `data/` gets the real reference data. `RECORD_GOLDENS=1` writes the expected files.
final class ScenarioTests: XCTestCase {
    static var scenarios: [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: Repo.fixtures.path)) ?? []
        return names.sorted().map { Repo.fixtures.appendingPathComponent($0) }
            .filter { FileManager.default.fileExists(atPath: $0.appendingPathComponent("Expected").path) }
    }

    /// Copies a scenario into a fresh folder: its content, and the default templates with the scenario's on top.
    static func prepare(_ scenario: URL, in dir: URL) throws {
        let fm = FileManager.default
        let content = dir.appendingPathComponent("Content")
        try fm.copyItem(at: scenario.appendingPathComponent("Content"), to: content)
        if !fm.fileExists(atPath: content.appendingPathComponent("data").path) {
            try fm.copyItem(atPath: Repo.content + "/data", toPath: content.appendingPathComponent("data").path)
        }
        let templates = dir.appendingPathComponent("Templates")
        try fm.copyItem(atPath: Repo.templates, toPath: templates.path)
        let own = scenario.appendingPathComponent("Templates")
        for case let rel as String in fm.enumerator(atPath: own.path) ?? FileManager.DirectoryEnumerator() {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: own.appendingPathComponent(rel).path, isDirectory: &isDir), !isDir.boolValue else { continue }
            let target = templates.appendingPathComponent(rel)
            try? fm.removeItem(at: target)
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fm.copyItem(at: own.appendingPathComponent(rel), to: target)
        }
    }

    static func normalize(_ text: String, dir: URL) -> String {
        text.replacingOccurrences(of: dir.path, with: "$DIR")
            .replacingOccurrences(of: #"in [0-9]+\.[0-9]+ s"#, with: "in N s", options: .regularExpression)
    }

    func testEveryScenarioPrintsWhatItsExpectedFilesSay() throws {
        let scenarios = Self.scenarios
        XCTAssertGreaterThanOrEqual(scenarios.count, 5, "the scenarios are missing")
        let record = ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1"
        for scenario in scenarios {
            let name = scenario.lastPathComponent
            let expected = scenario.appendingPathComponent("Expected")
            let runs = try FileManager.default.contentsOfDirectory(atPath: expected.path).filter { $0.hasSuffix(".args") }.sorted()
            XCTAssertFalse(runs.isEmpty, "\(name): no Expected/N.args")
            let dir = temporaryFolder(self)
            try Self.prepare(scenario, in: dir)
            for run in runs {
                let stem = String(run.dropLast(".args".count))
                let args = try String(contentsOf: expected.appendingPathComponent(run), encoding: .utf8)
                    .split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
                // The locale is the scenario's (`N.env`: `LANG=zh_CN.UTF-8` lines), never the machine's.
                var environment = ProcessInfo.processInfo.environment.filter { !["LANG", "LC_ALL", "LC_MESSAGES"].contains($0.key) }
                if let env = try? String(contentsOf: expected.appendingPathComponent(stem + ".env"), encoding: .utf8) {
                    for line in env.split(separator: "\n") {
                        let kv = line.split(separator: "=", maxSplits: 1).map(String.init)
                        if kv.count == 2 { environment[kv[0]] = kv[1] }
                    }
                }
                let r = try Casebook.run(args, in: dir, environment: environment)
                let stderr = Self.normalize(r.stderr, dir: dir)
                let stderrFile = expected.appendingPathComponent(stem + ".stderr"), statusFile = expected.appendingPathComponent(stem + ".status")
                if record {
                    try stderr.write(to: stderrFile, atomically: true, encoding: .utf8)
                    try "\(r.code)\n".write(to: statusFile, atomically: true, encoding: .utf8)
                    XCTFail("recorded \(name)/Expected/\(stem).*; run again without RECORD_GOLDENS to compare")
                    continue
                }
                let want = try String(contentsOf: stderrFile, encoding: .utf8)
                let status = try String(contentsOf: statusFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                XCTAssertEqual("\(r.code)", status, "\(name) `casebook \(args.joined(separator: " "))`: exit status\n\(r.stderr)")
                XCTAssertEqual(stderr, want, "\(name) `casebook \(args.joined(separator: " "))`: standard error")
            }
        }
    }
}
