import CasebookCore
import Foundation
import XCTest

/// The release archive on a machine without Swift: unpacked into an empty folder, run with no toolchain on PATH and
/// no Swift libraries on the loader path. Slow to build (a static release build), so it runs when the archive exists
/// or when CASEBOOK_DIST_TEST=1 (then it is built with `make dist`); `make test` does the latter.
final class DistTests: XCTestCase {
    static var archive: URL {
        Repo.root.appendingPathComponent("dist/casebook-\(CasebookVersion.string)-linux-x86_64.tar.gz")
    }
    /// What a machine without Swift has.
    static let bareEnvironment = ["PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": NSTemporaryDirectory()]

    func unpacked() throws -> URL {
        let fm = FileManager.default
        if !fm.fileExists(atPath: Self.archive.path) {
            guard ProcessInfo.processInfo.environment["CASEBOOK_DIST_TEST"] == "1" else {
                throw XCTSkip("no \(Self.archive.lastPathComponent): run `make dist` (or set CASEBOOK_DIST_TEST=1 to build it here) to test the release archive")
            }
            XCTAssertEqual(try sh(["make", "dist"], in: Repo.root).code, 0, "make dist failed")
        }
        let dir = temporaryFolder(self)
        XCTAssertEqual(try sh(["tar", "-xzf", Self.archive.path], in: dir).code, 0)
        let top = dir.appendingPathComponent("casebook-\(CasebookVersion.string)-linux-x86_64")
        XCTAssertTrue(fm.isExecutableFile(atPath: top.appendingPathComponent("bin/casebook").path))
        return top
    }

    func sh(_ args: [String], in dir: URL, environment: [String: String]? = nil) throws -> (code: Int32, stdout: String, stderr: String) {
        try runProcess(URL(fileURLWithPath: "/usr/bin/env"), args, in: dir, environment: environment)
    }

    func testThePackagedBinaryNeedsNoSwiftRuntimeNorCmark() throws {
        let top = try unpacked()
        let ldd = try sh(["ldd", top.appendingPathComponent("bin/casebook").path], in: top, environment: Self.bareEnvironment)
        XCTAssertEqual(ldd.code, 0, ldd.stderr)
        XCTAssertFalse(ldd.stdout.isEmpty)
        for lib in ["libswift", "libFoundation", "lib_Foundation", "libdispatch", "libBlocksRuntime", "libicu", "libcmark", "libxml2", "not found"] {
            XCTAssertFalse(ldd.stdout.contains(lib), "the packaged binary links \(lib):\n\(ldd.stdout)")
        }
        let version = try sh(["bin/casebook", "--version"], in: top, environment: Self.bareEnvironment)
        XCTAssertEqual(version.code, 0, version.stderr)
        XCTAssertTrue(version.stdout.hasPrefix("casebook \(CasebookVersion.string) ("), version.stdout)
        for f in ["share/bash-completion/completions/casebook", "share/zsh/site-functions/_casebook", "install.sh", "README.md"] {
            XCTAssertTrue(FileManager.default.fileExists(atPath: top.appendingPathComponent(f).path), f)
        }
    }

    func testANewSiteFromOneRealTextWithTheBuiltInTemplatesThenOneOverride() throws {
        let top = try unpacked()
        let casebook = top.appendingPathComponent("bin/casebook").path
        let work = temporaryFolder(self)
        let env = Self.bareEnvironment
        XCTAssertNil(try? sh(["swift", "--version"], in: work, environment: env).code.nonZeroOrNil, "swift must not be on the PATH here")
        XCTAssertEqual(try sh([casebook, "new", "office"], in: work, environment: env).code, 0)
        let site = work.appendingPathComponent("office")
        let text = site.appendingPathComponent("Content/sources/000_c9fdf2d4b16943f6.txt")
        try FileManager.default.copyItem(atPath: Repo.content + "/sources/000_c9fdf2d4b16943f6.txt", toPath: text.path)
        let skeleton = try sh([casebook, "new", "source", "Content/sources/000_c9fdf2d4b16943f6.txt"], in: site, environment: env)
        XCTAssertEqual(skeleton.code, 0, skeleton.stderr)
        try InstallTests.fill(site.appendingPathComponent("Content/sources/000_c9fdf2d4b16943f6.yaml"))
        XCTAssertFalse(FileManager.default.fileExists(atPath: site.appendingPathComponent("Templates").path))
        let built = try sh([casebook, "build"], in: site, environment: env)
        XCTAssertEqual(built.code, 0, built.stderr)
        XCTAssertTrue(built.stderr.contains("built 40 cases"), built.stderr)
        let index = try String(contentsOf: site.appendingPathComponent("Site/index.html"), encoding: .utf8)
        XCTAssertTrue(index.contains("assets/style.css"))
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("Site/assets/style.css").path))
        XCTAssertTrue(FileManager.default.fileExists(atPath: site.appendingPathComponent("Site/cases/gx-b2-exp-01.html").path) ||
                      ((try? FileManager.default.contentsOfDirectory(atPath: site.appendingPathComponent("Site/cases").path).count) ?? 0) >= 40)

        // One template overridden: its change shows; the rest stays built in.
        let templates = site.appendingPathComponent("Templates/html")
        try FileManager.default.createDirectory(at: templates, withIntermediateDirectories: true)
        try "{{<base}}{{$content}}<p id=\"office-stats\">本办统计</p>{{/content}}{{/base}}\n"
            .write(to: templates.appendingPathComponent("stats.mustache"), atomically: true, encoding: .utf8)
        let again = try sh([casebook, "build"], in: site, environment: env)
        XCTAssertEqual(again.code, 0, again.stderr)
        XCTAssertTrue(try String(contentsOf: site.appendingPathComponent("Site/stats.html"), encoding: .utf8).contains("本办统计"))
        XCTAssertEqual(try String(contentsOf: site.appendingPathComponent("Site/index.html"), encoding: .utf8), index)
    }
}

private extension Int32 {
    var nonZeroOrNil: Int32? { self == 0 ? self : nil }
}
