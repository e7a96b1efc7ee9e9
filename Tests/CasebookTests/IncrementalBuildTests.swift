import Foundation
import XCTest

/// The build cache: a rebuild after no change touches nothing; after one sentence changes, only the files that
/// depend on it are rewritten; a damaged cache or a touched site is noticed; every result equals a cold build.
final class IncrementalBuildTests: XCTestCase {
    struct Site {
        var dir: URL
        var content: URL { dir.appendingPathComponent("Content") }
        var site: URL { dir.appendingPathComponent("Site") }

        func build(_ extra: [String] = [], output: URL? = nil) throws -> (code: Int32, stderr: String) {
            let r = try Casebook.run(["build", "--content", content.path, "--templates", Repo.templates,
                                      "--output", (output ?? site).path] + extra, in: dir)
            return (r.code, r.stderr)
        }

        /// Path → (bytes, inode, modification time) of every file of a site folder.
        func files(_ root: URL? = nil) throws -> [String: (bytes: Data, inode: UInt64, mtime: Date)] {
            let root = root ?? site
            var out: [String: (Data, UInt64, Date)] = [:]
            for case let rel as String in FileManager.default.enumerator(atPath: root.path) ?? FileManager.DirectoryEnumerator() {
                let path = root.appendingPathComponent(rel).path
                let a = try FileManager.default.attributesOfItem(atPath: path)
                guard a[.type] as? FileAttributeType == .typeRegular else { continue }
                out[rel] = (try Data(contentsOf: URL(fileURLWithPath: path)), (a[.systemFileNumber] as? NSNumber)?.uint64Value ?? 0,
                            a[.modificationDate] as? Date ?? .distantPast)
            }
            return out
        }
    }

    func makeSite() throws -> Site {
        let s = Site(dir: temporaryFolder(self))
        try FileManager.default.copyItem(atPath: Repo.content, toPath: s.content.path)
        let first = try s.build()
        XCTAssertEqual(first.code, 0, first.stderr)
        return s
    }

    /// Name → modification time of every file of a cache folder.
    func modificationTimes(in folder: URL) throws -> [String: Date] {
        var out: [String: Date] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            out[name] = try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.modificationDate] as? Date
        }
        return out
    }

    func assertEqualToACold(_ s: Site, file: StaticString = #filePath, line: UInt = #line) throws {
        let cold = s.dir.appendingPathComponent("Cold")
        let r = try s.build(["--no-cache", "-q"], output: cold)
        XCTAssertEqual(r.code, 0, r.stderr, file: file, line: line)
        let a = try s.files(), b = try s.files(cold)
        XCTAssertGreaterThan(a.count, 700, file: file, line: line)
        XCTAssertEqual(Set(a.keys), Set(b.keys), file: file, line: line)
        XCTAssertEqual(a.keys.filter { a[$0]!.bytes != b[$0]!.bytes }.sorted(), [], "differs from a cold build", file: file, line: line)
    }

    func testARebuildWithNothingChangedRewritesNoFile() throws {
        let s = try makeSite()
        let before = try s.files()
        let r = try s.build(["--strict"])
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("casebook: nothing changed since the last build"), r.stderr)
        // The diagnostics are those of the build before: a warning nobody reviewed fails --strict again.
        let source = s.content.appendingPathComponent("sources/000_c9fdf2d4b16943f6.yaml")
        let meta = try String(contentsOf: source, encoding: .utf8)
        XCTAssertTrue(meta.contains("reviewed:"), "the real content reviews its warnings")
        let after = try s.files()
        XCTAssertEqual(Set(before.keys), Set(after.keys))
        for (path, f) in after {
            XCTAssertEqual(f.inode, before[path]!.inode, path)
            XCTAssertEqual(f.mtime, before[path]!.mtime, path)
        }
    }

    func testOneChangedSentenceRewritesOnlyWhatShowsIt() throws {
        let s = try makeSite()
        let before = try s.files()
        let source = s.content.appendingPathComponent("sources/001_322868cfa422d5d4.txt")
        let text = try String(contentsOf: source, encoding: .utf8)
        let sentence = try XCTUnwrap(text.range(of: "物联网、自动控制"), "a sentence of the text to change")
        try text.replacingCharacters(in: sentence, with: "物联网和自动控制").write(to: source, atomically: true, encoding: .utf8)
        let r = try s.build()
        XCTAssertEqual(r.code, 0, r.stderr)
        let after = try s.files()
        let rewritten = after.keys.filter { after[$0]!.inode != before[$0]?.inode }.sorted()
        let changed = after.keys.filter { after[$0]!.bytes != before[$0]?.bytes }.sorted()
        XCTAssertFalse(changed.isEmpty)
        XCTAssertTrue(changed.contains { $0.hasPrefix("cases/gx-b7-") }, "the case page shows the new sentence: \(changed)")
        XCTAssertEqual(rewritten, changed, "exactly the files whose bytes changed are rewritten")
        XCTAssertLessThan(rewritten.count, after.count / 10)
        try assertEqualToACold(s)
    }

    /// A build's staging folder starts from the tree the build before it replaced (kept in the cache), whose files
    /// are links to the live site's wherever that build kept one: the live site is never written through, what the
    /// new site no longer holds is gone, an unchanged file keeps its inode, and the result is the cold build's.
    func testARecycledStagingFolderGivesTheColdSiteAndLeavesTheLiveOneAlone() throws {
        let s = try makeSite()
        // The first build (into an empty folder) set no tree aside: build A stages into an empty folder and links
        // each file it keeps from the live site.
        let previous = s.dir.appendingPathComponent(".casebook-cache/Site/previous-site")
        XCTAssertFalse(FileManager.default.fileExists(atPath: previous.path))
        let first = try s.files()
        func edit(_ file: String, _ from: String, _ to: String) throws {
            let url = s.content.appendingPathComponent("sources/" + file)
            let text = try String(contentsOf: url, encoding: .utf8)
            let r = try XCTUnwrap(text.range(of: from), "a sentence of \(file) to change")
            try text.replacingCharacters(in: r, with: to).write(to: url, atomically: true, encoding: .utf8)
        }
        // Files that are no part of any site Casebook makes, one with a name that is not UTF-8: they are in the tree
        // the build after next starts from, and must not reach its site.
        try Data("x".utf8).write(to: s.site.appendingPathComponent("user-added.txt"))
        let oddName = Array(s.site.appendingPathComponent("cases").path.utf8) + Array("/odd-".utf8) + [0xFF] + Array(".html".utf8)
        let fd = (oddName.map { CChar(bitPattern: $0) } + [0]).withUnsafeBufferPointer { open($0.baseAddress!, O_WRONLY | O_CREAT, 0o644) }
        XCTAssertGreaterThanOrEqual(fd, 0)
        close(fd)
        func rawNames(_ dir: URL) -> [[UInt8]] {
            guard let d = opendir(dir.path) else { return [] }
            defer { closedir(d) }
            var out: [[UInt8]] = []
            while let e = readdir(d) { out.append(withUnsafeBytes(of: e.pointee.d_name) { Array($0.prefix { $0 != 0 }) }) }
            return out
        }
        XCTAssertTrue(rawNames(s.site.appendingPathComponent("cases")).contains { $0.contains(0xFF) })
        // A: one text changes; the first site is set aside for the next build.
        try edit("001_322868cfa422d5d4.txt", "物联网、自动控制", "物联网和自动控制")
        XCTAssertEqual(try s.build().code, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: previous.appendingPathComponent("index.html").path), "the replaced site is kept in the cache")
        let a = try s.files()
        let sameA = a.keys.filter { first[$0]?.bytes == a[$0]!.bytes }
        XCTAssertGreaterThan(sameA.count, a.count / 2)
        XCTAssertEqual(sameA.filter { first[$0]!.inode != a[$0]!.inode }.sorted(), [], "a file kept without a tree keeps its inode")
        XCTAssertTrue(a.keys.contains { first[$0] != nil && first[$0]!.bytes != a[$0]!.bytes }, "the edit shows")
        // B, staged in the first site's tree: another text changes (its pages are links to A's files there) and the
        // news text goes (its pages are in that tree, not in the new site).
        try edit("000_c9fdf2d4b16943f6.txt", "（四）合并强化核查程序", "（四）合并并强化核查程序")
        for ext in ["txt", "yaml"] { try FileManager.default.removeItem(at: s.content.appendingPathComponent("sources/004_cb44cbb62ffadcf5.\(ext)")) }
        let r = try s.build()
        XCTAssertEqual(r.code, 0, r.stderr)
        // A's site, now the kept tree, holds exactly A's bytes: nothing was written through a link into it.
        let kept = try s.files(previous)
        XCTAssertEqual(Set(kept.keys), Set(a.keys))
        XCTAssertEqual(kept.keys.filter { kept[$0]!.bytes != a[$0]!.bytes }.sorted(), [], "the live site changed while the next was staged")
        let b = try s.files()
        XCTAssertFalse(rawNames(s.site.appendingPathComponent("cases")).contains { $0.contains(0xFF) }, "an odd name of the old tree is pruned")
        XCTAssertNil(b["user-added.txt"])
        XCTAssertTrue(a.keys.contains { $0.hasPrefix("cases/press-2022-") })
        XCTAssertFalse(b.keys.contains { $0.hasPrefix("cases/press-2022-") }, "the removed text's pages are gone")
        XCTAssertTrue(b.keys.contains { $0.hasPrefix("cases/gx-b2-") && b[$0]!.bytes != a[$0]?.bytes }, "the changed sentence shows")
        let same = b.keys.filter { a[$0]?.bytes == b[$0]!.bytes }
        XCTAssertGreaterThan(same.count, b.count / 2)
        XCTAssertEqual(same.filter { a[$0]!.inode != b[$0]!.inode }.sorted(), [], "an unchanged file keeps its inode")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: s.dir.path).filter { $0.hasPrefix(".Site.") }, [])
        try assertEqualToACold(s)
    }

    func testADamagedCacheIsNotTrusted() throws {
        let s = try makeSite()
        let manifest = s.dir.appendingPathComponent(".casebook-cache/Site/manifest.json")
        XCTAssertTrue(FileManager.default.fileExists(atPath: manifest.path))
        try Data("{\"format\": 1, \"tool\": ".utf8).write(to: manifest)
        let r = try s.build()
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("cannot be read; building without it [cache.ignored]"), r.stderr)
        try assertEqualToACold(s)
    }

    /// The list of files is read apart from the manifest: one damaged, or left by another build than the manifest's,
    /// is not trusted either.
    func testAListOfFilesThatIsNotTheManifestsIsNotTrusted() throws {
        let s = try makeSite()
        let files = s.dir.appendingPathComponent(".casebook-cache/Site/files.bin")
        let first = try Data(contentsOf: files)
        XCTAssertGreaterThan(first.count, 10_000)
        // Another build's list (the one before a change), beside this build's manifest.
        let source = s.content.appendingPathComponent("sources/001_322868cfa422d5d4.txt")
        let text = try String(contentsOf: source, encoding: .utf8)
        let sentence = try XCTUnwrap(text.range(of: "物联网、自动控制"))
        try text.replacingCharacters(in: sentence, with: "物联网和自动控制").write(to: source, atomically: true, encoding: .utf8)
        XCTAssertEqual(try s.build().code, 0)
        try first.write(to: files)
        try text.replacingCharacters(in: sentence, with: "物联网及自动控制").write(to: source, atomically: true, encoding: .utf8)
        var r = try s.build()
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("files.bin cannot be read or is not that of"), r.stderr)
        try assertEqualToACold(s)
        // Damaged.
        try Data("{\"build\":".utf8).write(to: files)
        try text.write(to: source, atomically: true, encoding: .utf8)
        r = try s.build()
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertTrue(r.stderr.contains("files.bin cannot be read or is not that of"), r.stderr)
        try assertEqualToACold(s)
    }

    /// A text kept elsewhere and linked into the content folder is an input like any other: a change to it is seen.
    func testAChangeToALinkedTextIsSeen() throws {
        let s = try makeSite()
        let linked = s.content.appendingPathComponent("sources/001_322868cfa422d5d4.txt")
        let elsewhere = s.dir.appendingPathComponent("elsewhere.txt")
        try FileManager.default.moveItem(at: linked, to: elsewhere)
        try FileManager.default.createSymbolicLink(at: linked, withDestinationURL: elsewhere)
        XCTAssertEqual(try s.build().code, 0)
        let text = try String(contentsOf: elsewhere, encoding: .utf8)
        let sentence = try XCTUnwrap(text.range(of: "物联网、自动控制"))
        try text.replacingCharacters(in: sentence, with: "物联网和自动控制").write(to: elsewhere, atomically: true, encoding: .utf8)
        let r = try s.build()
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertFalse(r.stderr.contains("nothing changed"), r.stderr)
        try assertEqualToACold(s)
    }

    /// A case page kept by its case's key (its text unchanged) still follows the cases it shows from other texts: a
    /// related case or a version whose title changes in its own text.
    func testAPageKeptByItsCasesKeyFollowsTheCasesItShowsFromOtherTexts() throws {
        let s = try makeSite()
        struct File: Decodable {
            struct Record: Decodable {
                struct Source: Decodable { var file: String }
                var id: String, title: String, related: [String], versions: [String], source: Source
            }
            var cases: [Record]
        }
        func records() throws -> [String: File.Record] {
            let file = try JSONDecoder().decode(File.self, from: Data(contentsOf: s.site.appendingPathComponent("data/cases.json")))
            return Dictionary(uniqueKeysWithValues: file.cases.map { ($0.id, $0) })
        }
        let before = try records()
        // A case showing a related case of another text (not one of its versions, whose evidence would change with
        // the title too) whose title the text prints as it is.
        var found: (shows: String, shown: File.Record, text: String)?
        for x in before.values.sorted(by: { $0.id < $1.id }) where found == nil {
            for id in x.related where !x.versions.contains(id) {
                guard let r = before[id], r.source.file != x.source.file else { continue }
                let text = try String(contentsOf: s.content.appendingPathComponent("sources/" + r.source.file), encoding: .utf8)
                if text.contains(r.title) { found = (x.id, r, text); break }
            }
        }
        let (shows, shown, text) = try XCTUnwrap(found, "the content has a case showing a case of another text")
        let page = s.site.appendingPathComponent("cases/\(shows).html")
        let old = try String(contentsOf: page, encoding: .utf8)
        let title = shown.title + "试点"
        try text.replacingOccurrences(of: shown.title, with: title).write(to: s.content.appendingPathComponent("sources/" + shown.source.file),
                                                                             atomically: true, encoding: .utf8)
        let r = try s.build()
        XCTAssertEqual(r.code, 0, r.stderr)
        let after = try records()
        XCTAssertEqual(after[shown.id]?.title, title)
        if let x = after[shows], (x.related + x.versions).contains(shown.id) {
            let new = try String(contentsOf: page, encoding: .utf8)
            XCTAssertTrue(new.contains(title), "the page shows the new title of \(shown.id)")
            XCTAssertNotEqual(new, old)
        }
        try assertEqualToACold(s)
    }

    func testAFileChangedInTheSiteIsRebuilt() throws {
        let s = try makeSite()
        let page = s.site.appendingPathComponent("cases/gx-b2-pilot-01.html")
        let good = try Data(contentsOf: page)
        try FileHandle(forWritingTo: page).write(Data("tampered".utf8))
        let r = try s.build()
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertFalse(r.stderr.contains("nothing changed"), r.stderr)
        XCTAssertEqual(try Data(contentsOf: page), good, "the page is rendered again")
        try assertEqualToACold(s)
    }

    /// The parse of each text is kept for the next build, one entry per text; a text that changed is parsed again (its
    /// old entry dropped), and an entry that was damaged is not trusted: the site is always that of a cold build.
    func testParsesAreKeptPerTextAndADamagedOneIsNotTrusted() throws {
        let s = try makeSite()
        let parsed = s.dir.appendingPathComponent(".casebook-cache/Site/parsed")
        func entries() throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: parsed.path).sorted() }
        let texts = try FileManager.default.contentsOfDirectory(atPath: s.content.appendingPathComponent("sources").path).filter { $0.hasSuffix(".txt") }
        let first = try entries()
        XCTAssertEqual(first.count, texts.count, "one parse per text")
        // Every entry damaged, and one text changed: the build parses again where it must and trusts no damaged entry.
        for name in first { try Data("{\"key\": \"".utf8).write(to: parsed.appendingPathComponent(name)) }
        let source = s.content.appendingPathComponent("sources/001_322868cfa422d5d4.txt")
        let text = try String(contentsOf: source, encoding: .utf8)
        let sentence = try XCTUnwrap(text.range(of: "物联网、自动控制"))
        try text.replacingCharacters(in: sentence, with: "物联网和自动控制").write(to: source, atomically: true, encoding: .utf8)
        let r = try s.build()
        XCTAssertEqual(r.code, 0, r.stderr)
        let second = try entries()
        XCTAssertEqual(second.count, texts.count, "the changed text's old parse is removed")
        XCTAssertEqual(Set(first).subtracting(second).count, 1, "only the changed text has a new key")
        try assertEqualToACold(s)
        // Parses read back from the cache give the same site as parsing again.
        try text.replacingCharacters(in: sentence, with: "物联网及自动控制").write(to: source, atomically: true, encoding: .utf8)
        XCTAssertEqual(try s.build().code, 0)
        try assertEqualToACold(s)
        // An entry altered inside, so that it still reads (the same layout, other text), is not trusted either: one
        // character changed inside every entry, and the site removed (so that every page is made again from the
        // cases), the build's site is still a cold build's.
        for name in try entries() {
            let file = parsed.appendingPathComponent(name)
            var bytes = [UInt8](try Data(contentsOf: file))
            // the first byte of CJK text (E4–E9, a lead byte) becomes another lead byte
            let at = try XCTUnwrap(bytes.firstIndex { (0xE4...0xE8).contains($0) })
            bytes[at] += 1
            try Data(bytes).write(to: file)
        }
        try FileManager.default.removeItem(at: s.site)
        XCTAssertEqual(try s.build().code, 0)
        try assertEqualToACold(s)
    }

    /// The similar pairs (related cases, versions) are kept while no title or summary changes; a damaged entry is not
    /// trusted. Either way the site is that of a cold build.
    func testSimilarPairsAreKeptWhileTitlesAndSummariesStayAndADamagedEntryIsNotTrusted() throws {
        let s = try makeSite()
        let pairs = s.dir.appendingPathComponent(".casebook-cache/Site/pairs")
        func entries() throws -> [String: Date] { try modificationTimes(in: pairs) }
        let first = try entries()
        XCTAssertEqual(first.count, 1, "one entry: the last build's pairs")
        let entry = pairs.appendingPathComponent(try XCTUnwrap(first.keys.first))
        XCTAssertGreaterThan(try Data(contentsOf: entry).count, 100, "the real cases have similar pairs")
        // A sentence of a body (not a summary) changes: the same pairs, not written again.
        let source = s.content.appendingPathComponent("sources/000_c9fdf2d4b16943f6.txt")
        let text = try String(contentsOf: source, encoding: .utf8)
        let sentence = try XCTUnwrap(text.range(of: "需要现场踏勘、技术审查"), "a sentence in the middle of a case's body")
        try text.replacingCharacters(in: sentence, with: "需要现场踏勘和技术审查").write(to: source, atomically: true, encoding: .utf8)
        XCTAssertEqual(try s.build().code, 0)
        XCTAssertEqual(try entries().mapValues { $0 }, first, "the pairs entry is kept as it was")
        try assertEqualToACold(s)
        // The entry damaged: found again, the site unchanged.
        try Data("{\"key\": \"".utf8).write(to: entry)
        try text.replacingCharacters(in: sentence, with: "需要现场踏勘及技术审查").write(to: source, atomically: true, encoding: .utf8)
        let r = try s.build()
        XCTAssertEqual(r.code, 0, r.stderr)
        XCTAssertEqual(Set(try entries().keys), Set(first.keys))
        XCTAssertGreaterThan(try Data(contentsOf: entry).count, 100, "the damaged entry is replaced")
        try assertEqualToACold(s)
    }

    /// Each text's placements (zones, fields, units) are kept while its text, its metadata, the reference data and the
    /// learned terms stay; a damaged entry is not trusted; changed reference data places every text again. Either way
    /// the site is that of a cold build.
    func testPlacementsAreKeptPerTextUntilTheReferenceDataChanges() throws {
        let s = try makeSite()
        let placed = s.dir.appendingPathComponent(".casebook-cache/Site/placed")
        func entries() throws -> [String: Date] { try modificationTimes(in: placed) }
        let texts = try FileManager.default.contentsOfDirectory(atPath: s.content.appendingPathComponent("sources").path).filter { $0.hasSuffix(".txt") }
        let first = try entries()
        XCTAssertEqual(first.count, texts.count, "one entry per text")
        // A sentence of one text changes: its entry is made again, every other one kept as it was.
        let source = s.content.appendingPathComponent("sources/001_322868cfa422d5d4.txt")
        let text = try String(contentsOf: source, encoding: .utf8)
        let sentence = try XCTUnwrap(text.range(of: "物联网、自动控制"))
        try text.replacingCharacters(in: sentence, with: "物联网和自动控制").write(to: source, atomically: true, encoding: .utf8)
        XCTAssertEqual(try s.build().code, 0)
        let second = try entries()
        XCTAssertEqual(second.count, texts.count, "the changed text's old entry is removed")
        XCTAssertEqual(Set(first.keys).subtracting(second.keys).count, 1, "only the changed text has a new entry")
        XCTAssertEqual(first.filter { second[$0.key] != nil }.count, texts.count - 1)
        for (name, date) in first where second[name] != nil { XCTAssertEqual(second[name], date, "\(name) kept as it was") }
        try assertEqualToACold(s)
        // Every entry damaged: none is trusted, each is made again.
        for name in second.keys { try Data("{\"key\": \"".utf8).write(to: placed.appendingPathComponent(name)) }
        try text.replacingCharacters(in: sentence, with: "物联网及自动控制").write(to: source, atomically: true, encoding: .utf8)
        let r = try s.build()
        XCTAssertEqual(r.code, 0, r.stderr)
        for name in try entries().keys { XCTAssertGreaterThan(try Data(contentsOf: placed.appendingPathComponent(name)).count, 100, name) }
        try assertEqualToACold(s)
        // The reference data changes (a line added to the units directory): every text is placed again.
        let third = try entries()
        let units = s.content.appendingPathComponent("data/units.yaml")
        try (try String(contentsOf: units, encoding: .utf8) + "\n# 注：参考数据已修改\n").write(to: units, atomically: true, encoding: .utf8)
        XCTAssertEqual(try s.build().code, 0)
        XCTAssertEqual(Set(try entries().keys).intersection(third.keys), [], "new reference data: no entry kept")
        try assertEqualToACold(s)
    }
}
