import Foundation
import XCTest

/// Faults while writing the site: `kill -9` at any moment, a full disk, a read-only or impossible output path, a
/// missing permission, a template error, a failing WeasyPrint. Each leaves the previous site byte-identical (or the
/// new one complete) and ends in one sentence naming the path and the cause, exit status 1.
final class FaultTests: XCTestCase {
    static var binary: URL { Repo.root.appendingPathComponent(".build/debug/casebook") }

    @discardableResult
    static func run(_ args: [String], in dir: URL, environment: [String: String]? = nil, prefix: [String] = [],
                    killAfter: Double? = nil, killWhen: (() -> Bool)? = nil) throws -> (code: Int32, stderr: String) {
        // Faults are in the writing: every build here writes (a rebuild with nothing changed would write nothing).
        let args = args.first == "build" && !args.contains("--no-cache") ? args + ["--no-cache"] : args
        let p = Process()
        if prefix.isEmpty {
            p.executableURL = binary
            p.arguments = args
        } else {
            p.executableURL = URL(fileURLWithPath: prefix[0])
            p.arguments = Array(prefix.dropFirst()) + [binary.path] + args
        }
        p.currentDirectoryURL = dir
        if let environment { p.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        let err = Pipe()
        p.standardOutput = FileHandle.nullDevice
        p.standardError = err
        try p.run()
        if let killAfter {
            Thread.sleep(forTimeInterval: killAfter)
            kill(p.processIdentifier, SIGKILL)
        }
        if let killWhen {
            let deadline = Date().addingTimeInterval(120)
            while p.isRunning && Date() < deadline && !killWhen() { usleep(1000) }
            kill(p.processIdentifier, SIGKILL)
        }
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: e, as: UTF8.self))
    }

    /// Every file below `dir` (hidden ones too) with its bytes.
    static func snapshot(_ dir: URL) -> [String: Data] {
        var files: [String: Data] = [:]
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: dir.path) else { return [:] }
        for case let rel as String in walker {
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: dir.path + "/" + rel, isDirectory: &isDir), !isDir.boolValue {
                files[rel] = fm.contents(atPath: dir.path + "/" + rel) ?? Data()
            }
        }
        return files
    }

    static func leftovers(_ dir: URL, of name: String = "Site") -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.hasPrefix(".\(name).") }.sorted()
    }

    /// A copy of the real content whose site title is `title` (so that every page differs between two copies).
    static func content(at dir: URL, title: String) throws -> String {
        let content = dir.appendingPathComponent("Content-\(title)")
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content.path)
        try "title: \(title)\ndescription: 测试\n".write(to: content.appendingPathComponent("site.yaml"), atomically: true, encoding: .utf8)
        return content.path
    }

    /// A one-case content folder: a site small enough for a 2 MB disk.
    static func smallContent(at dir: URL) throws -> String {
        let holder = dir.appendingPathComponent("small")
        try FixtureSite.make(at: holder, sources: ["a.txt": "1.标题\n\n（报送单位：南宁片区管委会；复制推广责任单位：自治区商务厅）\n正文。\n"])
        return holder.appendingPathComponent("Content").path
    }

    func assertOneSentence(_ r: (code: Int32, stderr: String), _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(r.code, 1, r.stderr, file: file, line: line)
        let lines = r.stderr.split(separator: "\n").filter { !$0.contains(": warning: ") }
        XCTAssertEqual(lines.count, 1, "one sentence: \(r.stderr)", file: file, line: line)
        XCTAssertTrue(r.stderr.contains(expected), "expected «\(expected)» in: \(r.stderr)", file: file, line: line)
        XCTAssertFalse(r.stderr.contains("Error Domain="), r.stderr, file: file, line: line)
        XCTAssertFalse(r.stderr.contains("NSCocoaErrorDomain"), r.stderr, file: file, line: line)
    }

    // MARK: - kill -9

    func testKillingABuildAtAnyMomentLeavesTheOldOrTheNewSite() throws {
        let dir = temporaryFolder(self)
        let site = dir.appendingPathComponent("Site")
        let contents = [try Self.content(at: dir, title: "甲"), try Self.content(at: dir, title: "乙")]
        func build(_ i: Int, killAfter: Double? = nil, killWhen: (() -> Bool)? = nil) throws -> (code: Int32, stderr: String) {
            try Self.run(["build", "--content", contents[i], "--templates", Repo.templates, "--output", site.path, "--quiet"], in: dir,
                         killAfter: killAfter, killWhen: killWhen)
        }
        XCTAssertEqual(try build(1).code, 0)
        let siteB = Self.snapshot(site)
        let start = Date()
        XCTAssertEqual(try build(0).code, 0)
        let seconds = Date().timeIntervalSince(start)
        let siteA = Self.snapshot(site)
        XCTAssertNotEqual(siteA, siteB)
        let sites = [siteA, siteB]
        let fm = FileManager.default
        func beside(_ prefix: String) -> URL? {
            Self.leftovers(dir).first { $0.hasPrefix(prefix) }.map { dir.appendingPathComponent($0) }
        }
        func stagedFiles() -> Int {
            guard let staging = beside(".Site.new-") else { return 0 }
            return fm.enumerator(atPath: staging.path)?.allObjects.count ?? 0
        }
        let total = siteA.count
        // The moments that matter, watched from outside: staging begun, half written, fully written (the swap is
        // next), the old tree being removed (the swap is done); and a few moments by the clock.
        let moments: [(String, () -> Bool)] = [
            ("staging begun", { beside(".Site.new-") != nil }),
            ("half written", { stagedFiles() > total / 2 }),
            ("fully written", { stagedFiles() >= total }),
            ("removing the old tree", { beside(".Site.old-") != nil }),
            ("30% of the time", { false }),
            ("90% of the time", { false }),
        ]
        var current = 0
        var outcomes: [String] = []
        for (k, (name, predicate)) in moments.enumerated() {
            let next = 1 - current
            let r: (code: Int32, stderr: String)
            switch k {
            case 4: r = try build(next, killAfter: seconds * 0.3)
            case 5: r = try build(next, killAfter: seconds * 0.9)
            default: r = try build(next, killWhen: predicate)
            }
            let now = Self.snapshot(site)
            if now == sites[current] {
                outcomes.append("\(name): old")
            } else if now == sites[next] {
                outcomes.append("\(name): new")
                current = next
            } else {
                XCTFail("killed at «\(name)» (status \(r.code)): Site/ is neither the old nor the new site (\(now.count) files, old \(sites[current].count), new \(sites[next].count))")
                return
            }
        }
        if let removing = outcomes.first(where: { $0.hasPrefix("removing") }) {
            XCTAssertEqual(removing, "removing the old tree: new", "once the old tree is being removed, the new site is in place")
        }
        // A build beside a leftover of a dead build and one of a live process: the dead one's is removed.
        try fm.createDirectory(at: dir.appendingPathComponent(".Site.new-2147483646-deadbeef"), withIntermediateDirectories: true)
        try fm.createDirectory(at: dir.appendingPathComponent(".Site.old-abcdef12/x"), withIntermediateDirectories: true)
        let live = ".Site.new-\(getpid())-livebuild"
        try fm.createDirectory(at: dir.appendingPathComponent(live), withIntermediateDirectories: true)
        XCTAssertEqual(try build(0).code, 0)
        XCTAssertEqual(Self.snapshot(site), siteA)
        XCTAssertEqual(Self.leftovers(dir), [live], "interrupted builds' folders are removed by the next build (\(outcomes))")
        print("kill -9 outcomes (build takes \(String(format: "%.2f", seconds)) s): \(outcomes.joined(separator: ", "))")
    }

    // MARK: - Disk and permissions

    /// Mounts a tmpfs at `dir` (root only); skips the test with a clear message when that is impossible.
    func mountTmpfs(_ dir: URL, options: String) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let r = try Self.shell(["/bin/mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.path])
        guard r == 0 else { throw XCTSkip("cannot mount a tmpfs at \(dir.path) (needs root and CAP_SYS_ADMIN): the full-disk and read-only tests are skipped") }
        addTeardownBlock { _ = try? Self.shell(["/bin/umount", "-l", dir.path]) }
    }

    @discardableResult
    static func shell(_ args: [String]) throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: args[0])
        p.arguments = Array(args.dropFirst())
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus
    }

    func testAFullDiskEndsInOneSentenceAndKeepsThePreviousSite() throws {
        let dir = temporaryFolder(self)
        let disk = dir.appendingPathComponent("disk")
        try mountTmpfs(disk, options: "size=2m")
        let site = disk.appendingPathComponent("Site")
        let small = try Self.smallContent(at: dir)
        let first = try Self.run(["build", "--content", small, "--templates", Repo.templates, "--output", site.path, "--quiet"], in: dir)
        XCTAssertEqual(first.code, 0, first.stderr)
        let before = Self.snapshot(site)
        XCTAssertFalse(before.isEmpty)
        // The real content's site (about 9 MB) does not fit.
        let r = try Self.run(["build", "--content", Repo.content, "--templates", Repo.templates, "--output", site.path], in: dir)
        assertOneSentence(r, "casebook: error: cannot write \(site.path)/: no space left on device; \(site.path) was left as it was [write.no-space]")
        XCTAssertEqual(Self.snapshot(site), before)
        XCTAssertEqual(Self.leftovers(disk), [], "the staging folder is removed")
    }

    func testAReadOnlyOutputEndsInOneSentenceAndKeepsThePreviousSite() throws {
        let dir = temporaryFolder(self)
        let disk = dir.appendingPathComponent("disk")
        try mountTmpfs(disk, options: "size=4m")
        let site = disk.appendingPathComponent("Site")
        let small = try Self.smallContent(at: dir)
        XCTAssertEqual(try Self.run(["build", "--content", small, "--templates", Repo.templates, "--output", site.path, "--quiet"], in: dir).code, 0)
        let before = Self.snapshot(site)
        XCTAssertEqual(try Self.shell(["/bin/mount", "-o", "remount,ro", disk.path]), 0)
        let r = try Self.run(["build", "--content", small, "--templates", Repo.templates, "--output", site.path], in: dir)
        assertOneSentence(r, "casebook: error: cannot write \(site.path)/: read-only file system; \(site.path) was left as it was [write.read-only]")
        XCTAssertEqual(Self.snapshot(site), before)
    }

    func testAnImpossibleOutputPathEndsInOneSentence() throws {
        let dir = temporaryFolder(self)
        let small = try Self.smallContent(at: dir)
        let r = try Self.run(["build", "--content", small, "--templates", Repo.templates, "--output", "/dev/null/Site"], in: dir)
        assertOneSentence(r, "casebook: error: cannot write /dev/null/Site/: part of the path is a file, not a folder; /dev/null/Site was left as it was [write.not-a-folder]")
        // An output that is a file, and a folder that is not a site: refused, untouched.
        let file = dir.appendingPathComponent("notes.txt")
        try Data("keep me".utf8).write(to: file)
        let f = try Self.run(["build", "--content", small, "--templates", Repo.templates, "--output", file.path], in: dir)
        assertOneSentence(f, "cannot write \(file.path)/: it exists and is not a folder")
        XCTAssertEqual(try Data(contentsOf: file), Data("keep me".utf8))
        let home = dir.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Data("thesis".utf8).write(to: home.appendingPathComponent("thesis.doc"))
        let h = try Self.run(["build", "--content", small, "--templates", Repo.templates, "--output", home.path], in: dir)
        assertOneSentence(h, "will not replace \(home.path)/: it holds files and is not a site Casebook built (no index.html); choose another --output")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: home.path), ["thesis.doc"])
    }

    /// Under a Chinese locale a fault is one Chinese sentence, its id in brackets as in English: the output refused,
    /// the cause of a file error, WeasyPrint not found, an archive that cannot be written.
    func testFaultsAreSaidInChineseUnderAChineseLocale() throws {
        let dir = temporaryFolder(self)
        let small = try Self.smallContent(at: dir)
        let zh = ["LANG": "zh_CN.UTF-8"]
        func assertChinese(_ r: (code: Int32, stderr: String), _ expected: String, file: StaticString = #filePath, line: UInt = #line) {
            // the small content's own warning (警告) aside
            let said = r.stderr.split(separator: "\n").filter { !$0.contains(": 警告: ") }.joined(separator: "\n")
            assertOneSentence((r.code, said), expected, file: file, line: line)
            let words = said.split(separator: " [").dropLast().joined(separator: " [")  // the id in brackets is the same in both
            for english in ["cannot", "was left", "error:", "will not", "there is no"] {
                XCTAssertFalse(words.contains(english), "English «\(english)» in: \(said)", file: file, line: line)
            }
        }
        let impossible = try Self.run(["build", "--content", small, "--templates", Repo.templates, "--output", "/dev/null/Site"], in: dir, environment: zh)
        assertChinese(impossible, "casebook：错误：无法写入 /dev/null/Site/：路径中有一部分是文件而不是文件夹；/dev/null/Site 保持原样 [write.not-a-folder]")
        let file = dir.appendingPathComponent("notes.txt")
        try Data("keep me".utf8).write(to: file)
        let f = try Self.run(["build", "--content", small, "--templates", Repo.templates, "--output", file.path], in: dir, environment: zh)
        assertChinese(f, "无法写入 \(file.path)/：它已存在，但不是文件夹；\(file.path) 保持原样 [write.not-a-folder]")
        let home = dir.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
        try Data("thesis".utf8).write(to: home.appendingPathComponent("thesis.doc"))
        let h = try Self.run(["build", "--content", small, "--templates", Repo.templates, "--output", home.path], in: dir, environment: zh)
        assertChinese(h, "不会替换 \(home.path)/：其中已有文件，且不是 Casebook 生成的网站（没有 index.html）；请另选 --output")
        let site = dir.appendingPathComponent("Site")
        let pdf = try Self.run(["build", "--content", small, "--templates", Repo.templates, "--output", site.path, "--pdf"], in: dir,
                               environment: zh.merging(["CASEBOOK_WEASYPRINT": "/nonexistent/weasyprint"]) { a, _ in a })
        assertChinese(pdf, "CASEBOOK_WEASYPRINT 为 /nonexistent/weasyprint，但那里没有程序：请把它设为一个 `weasyprint` 程序（如 .venv/bin/weasyprint），或取消该设置；\(site.path) 保持原样 [pdf.no-weasyprint]")
        let zip = try Self.run(["build", "--content", small, "--templates", Repo.templates, "--output", site.path, "--quiet",
                                "--archive", file.path + "/site.zip"], in: dir, environment: zh)
        assertChinese(zip, "casebook：错误：无法写入网站压缩包 \(file.path)/site.zip：它已经存在 [archive.cannot-write]")
        // The same archive in English, as before.
        let en = try Self.run(["build", "--content", small, "--templates", Repo.templates, "--output", site.path, "--quiet",
                               "--archive", file.path + "/site.zip"], in: dir, environment: ["LANG": "C"])
        assertOneSentence(en, "casebook: error: cannot write the archive \(file.path)/site.zip: it already exists [archive.cannot-write]")
    }

    func testAMissingPermissionEndsInOneSentenceAndKeepsThePreviousSite() throws {
        guard getuid() == 0, FileManager.default.isExecutableFile(atPath: "/usr/bin/setpriv") else {
            throw XCTSkip("needs root and setpriv to run the build as another user")
        }
        let dir = temporaryFolder(self)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
        let small = try Self.smallContent(at: dir)
        let site = dir.appendingPathComponent("Site")
        // The templates beside the content: user nobody may not be able to read the checkout's (a clone in a 0700 folder).
        let templates = dir.appendingPathComponent("Templates").path
        try FileManager.default.copyItem(atPath: Repo.templates, toPath: templates)
        XCTAssertEqual(try Self.run(["build", "--content", small, "--templates", templates, "--output", site.path, "--quiet"], in: dir).code, 0)
        let before = Self.snapshot(site)
        // The folder holding Site/ belongs to root (0755): user nobody cannot create the staging folder beside it.
        let asNobody = ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
        let probe = try Self.run(["--help"], in: dir, prefix: asNobody)
        guard probe.code == 0 else { throw XCTSkip("user nobody cannot run \(Self.binary.path): \(probe.stderr)") }
        let r = try Self.run(["build", "--content", small, "--templates", templates, "--output", site.path], in: dir, prefix: asNobody)
        assertOneSentence(r, "casebook: error: cannot write \(site.path)/: permission denied; \(site.path) was left as it was [write.permission]")
        XCTAssertEqual(Self.snapshot(site), before)
    }

    // MARK: - Templates and WeasyPrint

    func testATemplateSyntaxErrorNamesTheTemplateAndKeepsThePreviousSite() throws {
        let dir = temporaryFolder(self)
        let small = try Self.smallContent(at: dir)
        let site = dir.appendingPathComponent("Site")
        XCTAssertEqual(try Self.run(["build", "--content", small, "--templates", Repo.templates, "--output", site.path, "--quiet"], in: dir).code, 0)
        let before = Self.snapshot(site)
        let templates = dir.appendingPathComponent("Templates")
        try FileManager.default.copyItem(atPath: Repo.templates, toPath: templates.path)
        let page = templates.appendingPathComponent("html/case.mustache")
        try (String(contentsOf: page, encoding: .utf8) + "\n{{#unclosed}}\n").write(to: page, atomically: true, encoding: .utf8)
        let r = try Self.run(["build", "--content", small, "--templates", templates.path, "--output", site.path], in: dir)
        XCTAssertEqual(r.code, 1)
        let errors = r.stderr.split(separator: "\n").filter { $0.contains(": error: ") }
        XCTAssertFalse(errors.isEmpty, r.stderr)
        XCTAssertTrue(errors.allSatisfy { $0.contains("Templates/html/case.mustache:") }, r.stderr)
        XCTAssertTrue(errors.contains { $0.contains("[template.syntax]") }, r.stderr)
        XCTAssertTrue(r.stderr.contains("was left as it was"), r.stderr)
        XCTAssertFalse(r.stderr.contains("Error Domain="), r.stderr)
        XCTAssertEqual(Self.snapshot(site), before)
    }

    /// The handbooks of a `--pdf` build link their PDFs; a later build without `--pdf` writes no PDFs, so it keeps none
    /// of those pages, even the handbooks whose cases did not change: its site is that of a cold build.
    func testABuildWithoutPDFsKeepsNoPageAPDFBuildLinkedToItsPDFs() throws {
        // Through the cache (`Self.run` builds without it).
        let dir = temporaryFolder(self)
        let content = dir.appendingPathComponent("Content")
        try FileManager.default.copyItem(atPath: Repo.content, toPath: content.path)
        let site = dir.appendingPathComponent("Site")
        let fake = dir.appendingPathComponent("weasyprint")
        // Writes a PDF where it is asked to (the last argument).
        try "#!/bin/sh\nfor a in \"$@\"; do last=\"$a\"; done\necho '%PDF-1.4' > \"$last\"\n".write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let build = ["build", "--quiet", "--content", content.path, "--templates", Repo.templates]
        let withPDF = try Casebook.run(build + ["--pdf", "--output", site.path], in: dir, environment: ["CASEBOOK_WEASYPRINT": fake.path])
        XCTAssertEqual(withPDF.code, 0, withPDF.stderr)
        let linked = Self.snapshot(site).filter { $0.key.hasPrefix("handbooks/") && String(decoding: $0.value, as: UTF8.self).contains("下载 PDF") }
        XCTAssertGreaterThan(linked.count, 1, "the handbooks link their PDFs")

        // One sentence of one text: the handbooks that do not hold it are unchanged, but their pages are not those of the
        // PDF build.
        let source = content.appendingPathComponent("sources/001_322868cfa422d5d4.txt")
        let text = try String(contentsOf: source, encoding: .utf8)
        try text.replacingOccurrences(of: "物联网、自动控制", with: "物联网和自动控制").write(to: source, atomically: true, encoding: .utf8)
        let without = try Casebook.run(build + ["--output", site.path], in: dir)
        XCTAssertEqual(without.code, 0, without.stderr)
        let cold = dir.appendingPathComponent("Cold")
        XCTAssertEqual(try Casebook.run(build + ["--no-cache", "--output", cold.path], in: dir).code, 0)
        let (a, c) = (Self.snapshot(site), Self.snapshot(cold))
        XCTAssertEqual(Set(a.keys), Set(c.keys))
        XCTAssertEqual(a.keys.filter { a[$0] != c[$0] }.sorted(), [], "differs from a cold build")
    }

    func testAFailingWeasyPrintEndsInOneSentenceAndKeepsThePreviousSite() throws {
        let dir = temporaryFolder(self)
        let small = try Self.smallContent(at: dir)
        let site = dir.appendingPathComponent("Site")
        XCTAssertEqual(try Self.run(["build", "--content", small, "--templates", Repo.templates, "--output", site.path, "--quiet"], in: dir).code, 0)
        let before = Self.snapshot(site)
        let bin = dir.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let fake = bin.appendingPathComponent("weasyprint")
        try "#!/bin/sh\necho 'Traceback (most recent call last):' >&2\necho '  File \"x.py\", line 1' >&2\necho 'OSError: cannot load library pango' >&2\nexit 3\n"
            .write(to: fake, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: fake.path)
        let r = try Self.run(["build", "--pdf", "--quiet", "--content", small, "--templates", Repo.templates, "--output", site.path], in: dir,
                             environment: ["CASEBOOK_WEASYPRINT": fake.path])
        assertOneSentence(r, "WeasyPrint exited with status 3: OSError: cannot load library pango; \(site.path) was left as it was [pdf.weasyprint]")
        XCTAssertTrue(r.stderr.contains("\ncasebook: error: cannot make \(site.path)/handbooks/"), r.stderr)
        XCTAssertEqual(Self.snapshot(site), before)
        XCTAssertEqual(Self.leftovers(dir), [])
    }

    // MARK: - Other commands

    func testExportToAnImpossiblePathEndsInOneSentence() throws {
        let dir = temporaryFolder(self)
        let small = try Self.smallContent(at: dir)
        let r = try Self.run(["export", "--format", "json", "--content", small, "--templates", Repo.templates, "--output", "/dev/null/export"], in: dir)
        XCTAssertEqual(r.code, 1)
        XCTAssertTrue(r.stderr.contains("casebook: error: cannot write /dev/null/export/: "), r.stderr)
        XCTAssertFalse(r.stderr.contains("Error Domain="), r.stderr)
    }

    func testServeOnABusyPortEndsInOneSentenceBeforeBuilding() throws {
        let dir = temporaryFolder(self)
        // Hold a port on 127.0.0.1.
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        XCTAssertEqual(listen(fd, 1), 0)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        let port = UInt16(bigEndian: address.sin_port)
        let r = try Self.run(["serve", "--port", "\(port)", "--output", dir.appendingPathComponent("Site").path], in: dir)
        XCTAssertEqual(r.code, 1)
        XCTAssertEqual(r.stderr, "casebook: error: cannot serve on 127.0.0.1:\(port): another program uses that port; choose another --port [serve.port-in-use]\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: dir.appendingPathComponent("Site").path), "nothing built")
    }

    func testUsageErrorsAndHelpAreStillArgumentParsers() throws {
        let dir = temporaryFolder(self)
        XCTAssertEqual(try Self.run(["--help"], in: dir).code, 0)
        let bad = try Self.run(["build", "--no-such-flag"], in: dir)
        XCTAssertEqual(bad.code, 64, bad.stderr)
        XCTAssertTrue(bad.stderr.contains("Unknown option '--no-such-flag'"), bad.stderr)
    }
}
