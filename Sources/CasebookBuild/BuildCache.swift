import CasebookCore
import CasebookRender
import CasebookTemplates
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What a build leaves for the next one (`.casebook-cache/<output>/manifest.json` beside the output folder): a digest
/// of everything it read, its diagnostics, a digest of the files it wrote; and in `files.bin` (read while the next
/// build loads and parses) every file's identity on disk (size, time, inode) and, for pages, a fingerprint of the
/// template and model it was rendered from, with the search index's state.
///
/// - Nothing changed (same tool, same inputs, the output exactly as that build left it): nothing is done, no file is
///   touched, the diagnostics are those of that build.
/// - Otherwise everything is parsed and enriched again, and each page whose fingerprint is that of the previous
///   build's page, still intact on disk, is taken as it is (hard-linked, so its time does not change) instead of
///   rendered; any other file whose bytes did not change is linked too. The result is byte-identical to a cold build.
/// - A cache that cannot be read, was written by another build of the tool, or whose files were touched since is not
///   trusted: the build goes on cold and says why. `--no-cache` ignores it.
struct BuildCache {
    static let format = 8

    struct Entry: Equatable {
        var size: Int64
        var mtime: Int64
        var inode: UInt64
        var fingerprint: String?

        init(size: Int64, mtime: Int64, inode: UInt64, fingerprint: String? = nil) {
            self.size = size
            self.mtime = mtime
            self.inode = inode
            self.fingerprint = fingerprint
        }
    }

    /// The small part, read first: enough to tell that nothing changed.
    struct Manifest: Codable {
        var format: Int
        var tool: String
        var inputs: String
        var diagnostics: [Diagnostic]
        var cases: Int
        var pages: Int
        /// `BuildCache.digest(of:)` of the files the build left: the output as it was left, in one comparison.
        var site: String
        /// The id its `Files` carries (written together: a pair from two builds is not trusted).
        var build: String
    }

    /// The large part (`files.bin`): every file of the site, and the search index's state, which the next build
    /// patches. In `ByteCoding`'s layout, sealed (`Sealed`): reading it as JSON (its list of files packed in one
    /// string) was 5 % of the processor time of a rebuild after one change at 10k cases.
    struct Files: Sendable {
        var build: String
        var entries: [String: Entry]
        var search: SearchIndexState?
        /// For files made of records (`data/cases.json`): where each record lies, by the digest of its key, as
        /// `[start, end]` byte offsets.
        var records: [String: [String: [Int]]]?

        init(build: String, entries: [String: Entry], search: SearchIndexState? = nil, records: [String: [String: [Int]]]? = nil) {
            self.build = build
            self.entries = entries
            self.search = search
            self.records = records
        }

        static let magic: [UInt8] = Array("casebook files 1\n".utf8)

        /// Written in pieces of about 1 MiB as it is made (a site's list of files is never held whole: at 506k files
        /// it is 40 MB), the files in the dictionary's order.
        func write(to out: ChunkWriter) throws {
            out.startDigest()
            try out.append(Self.magic)
            var w = ByteWriter(capacity: 1 << 16)
            w.string(build)
            w.number(entries.count)
            for (path, e) in entries {
                w.string(path)
                w.number(Int(e.size))
                w.number(Int(e.mtime))
                w.number(Int(bitPattern: UInt(e.inode)))
                w.optionalString(e.fingerprint)
                if w.bytes.count >= 1 << 16 {
                    try out.append(w.bytes)
                    w = ByteWriter(capacity: 1 << 16)
                }
            }
            // The search index's state as JSON (read once, a list per case): its Codable form is its tests' too.
            if let search {
                let json = try OrderedJSONEncoder().encode(search)
                w.bool(true)
                w.number(json.count)
                try out.append(w.bytes)
                try out.append(json)
                w = ByteWriter(capacity: 1 << 16)
            } else {
                w.bool(false)
            }
            w.optional(records) { w, records in
                w.number(records.count)
                for (file, offsets) in records.sorted(by: { $0.key < $1.key }) {
                    w.string(file)
                    w.number(offsets.count)
                    for (key, range) in offsets.sorted(by: { $0.key < $1.key }) {
                        w.string(key)
                        w.array(range) { $0.number($1) }
                    }
                }
            }
            try out.append(w.bytes)
            try out.appendDigest()
        }

        /// What `write` wrote, when the file is whole (`Sealed`) and well formed.
        init?(file bytes: [UInt8]) {
            guard var r = Sealed.open(Self.magic, bytes) else { return nil }
            do {
                build = try r.string()
                let n = try r.count()
                var entries: [String: Entry] = [:]
                entries.reserveCapacity(n)
                for _ in 0..<n {
                    let path = try r.string()
                    entries[path] = Entry(size: Int64(try r.number()), mtime: Int64(try r.number()), inode: UInt64(UInt(bitPattern: try r.number())),
                                          fingerprint: try r.optionalString())
                }
                guard entries.count == n else { return nil }
                self.entries = entries
                let search = try r.optional { Array(try $0.bytes(try $0.count())) }
                self.search = try search.map { try JSONDecoder().decode(SearchIndexState.self, from: Data($0)) }
                records = try r.optional { r in
                    var records: [String: [String: [Int]]] = [:]
                    for _ in 0..<(try r.count()) {
                        let file = try r.string()
                        var offsets: [String: [Int]] = [:]
                        for _ in 0..<(try r.count()) {
                            let key = try r.string()
                            offsets[key] = try r.array { try $0.number() }
                        }
                        records[file] = offsets
                    }
                    return records
                }
                guard r.atEnd else { return nil }
            } catch {
                return nil
            }
        }
    }

    /// A digest of the identity (size, time, inode) of every file, by path.
    static func digest(of entries: [String: Entry]) -> String {
        var hasher = SHA256()
        // The paths sorted, each entry looked up (a sorted copy of the entries was 36 MB more at the end of a 100k build).
        for var path in entries.keys.sorted() {
            guard let e = entries[path] else { continue }
            path.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            withUnsafeBytes(of: (e.size.littleEndian, e.mtime.littleEndian, e.inode.littleEndian)) { hasher.update(bufferPointer: $0) }
        }
        return ByteText.hex(hasher.finalize())
    }

    let folder: String
    let manifestPath: String
    let filesPath: String

    init(output: String) {
        let target = URL(fileURLWithPath: output).standardizedFileURL
        folder = target.deletingLastPathComponent().appendingPathComponent(".casebook-cache").appendingPathComponent(target.lastPathComponent).path
        manifestPath = folder + "/manifest.json"
        filesPath = folder + "/files.bin"
    }

    /// Where the site the last build replaced is kept for the next build's staging folder (`SiteWriter`).
    var previousSite: String { folder + "/previous-site" }

    /// The previous build's manifest, or why there is none to trust.
    func load(tool: String) -> (manifest: Manifest?, problem: Diagnostic?) {
        guard let data = FileManager.default.contents(atPath: manifestPath) else { return (nil, nil) }
        // Another format, or another build of the tool, is no problem to report: its manifest is not read further.
        struct Header: Decodable { var format: Int; var tool: String }
        if let h = try? JSONDecoder().decode(Header.self, from: data), h.format != Self.format || h.tool != tool { return (nil, nil) }
        guard let m = try? JSONDecoder().decode(Manifest.self, from: data) else {
            return (nil, Diagnostic(.note, "cache.ignored", variant: "manifest", args: ["path": manifestPath]))
        }
        guard m.format == Self.format, m.tool == tool else { return (nil, nil) }
        return (m, nil)
    }

    /// The files of the build `m` describes, or why they cannot be trusted.
    func files(of m: Manifest) -> (files: Files?, problem: Diagnostic?) {
        guard let data = FileManager.default.contents(atPath: filesPath), let f = Files(file: [UInt8](data)),
              f.build == m.build, Self.digest(of: f.entries) == m.site else {
            return (nil, Diagnostic(.note, "cache.ignored", variant: "files", args: ["path": filesPath, "manifest": manifestPath]))
        }
        return (f, nil)
    }

    /// Writes the files, then the manifest, each atomically (a temporary file renamed over the old one).
    func save(_ f: Files, manifest: (_ site: String) -> Manifest) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Written as they encode (the entries in the dictionary's order): only this tool reads them back. The digest of
        // the files, which the manifest holds, is made beside.
        let (site, _) = try Parallel.beside({ Self.digest(of: f.entries) }) { try Self.replace(filesPath) { try f.write(to: $0) } }
        unlink(folder + "/files.json")  // the list as format 7 and earlier kept it
        try Self.replace(manifestPath, with: Data(try OrderedJSONEncoder().encode(manifest(site))))
    }

    /// Bytes written to a file in pieces of about 1 MiB.
    final class ChunkWriter {
        let fd: Int32
        private var buffer: [UInt8] = []
        /// A digest of what is appended after `startDigest` (`Sealed`'s frame, written as it is made).
        private var hasher: SHA256?

        func startDigest() { hasher = SHA256() }

        /// Appends the digest of what was appended since `startDigest`.
        func appendDigest() throws {
            guard let digest = hasher?.finalize() else { return }
            hasher = nil
            try append(Array(digest))
        }

        init(fd: Int32) {
            self.fd = fd
            buffer.reserveCapacity(1 << 20)
        }

        func append(_ s: StaticString) throws { try append(UnsafeRawBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount)) }
        func append(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try append($0) } }
        func append(_ raw: UnsafeRawBufferPointer) throws {
            hasher?.update(bufferPointer: raw)
            buffer.append(contentsOf: raw)
            if buffer.count >= 1 << 20 { try flush() }
        }

        func flush() throws {
            if let failure = SiteWriter.writeAll(fd, buffer) { throw FileProblem(errno: failure) }
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// Writes a file atomically as `write` makes it: a temporary file beside it, renamed over it (removed if anything
    /// fails).
    static func replace(_ path: String, writing write: (ChunkWriter) throws -> Void) throws {
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw FileProblem(errno: errno) }
        var open = true
        do {
            let out = ChunkWriter(fd: fd)
            try write(out)
            try out.flush()
            open = false
            if close(fd) != 0 { throw FileProblem(errno: errno) }
        } catch {
            if open { close(fd) }
            unlink(tmp)
            throw error
        }
        guard rename(tmp, path) == 0 else {
            let problem = FileProblem(errno: errno)
            unlink(tmp)
            throw problem
        }
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: manifestPath)
        try? FileManager.default.removeItem(atPath: filesPath)
    }

    /// Writes `data` to `path` atomically: a temporary file beside it, renamed over it (removed if that fails).
    static func replace(_ path: String, with data: Data) throws {
        let tmp = path + ".tmp-\(getpid())"
        try SiteWriter.writeFile(tmp, data)
        guard rename(tmp, path) == 0 else {
            let problem = FileProblem(errno: errno)
            unlink(tmp)
            throw problem
        }
    }

    /// Identity on disk of every regular file below `root`, by relative path; nil when `root` cannot be read. The
    /// folders at the top are walked in parallel, the largest (by links) first: one thread walking 52k files was a
    /// third of a second at the end of every build.
    static func scan(_ root: String, workers: Int = Parallel.defaultWorkers) -> [String: Entry]? {
        // Each folder is read with `readdir` and its entries looked up relative to it (`fstatat`): a path from the root
        // for every file (`lstat`) was half of the scan's time, walking the same folders again for each.
        @Sendable func walk(_ dir: Int32, _ prefix: String, into out: inout [String: Entry]) -> Bool {
            guard let d = fdopendir(dir) else {
                close(dir)
                return false
            }
            defer { closedir(d) }
            let fd = dirfd(d)
            while let e = readdir(d) {
                let name = withUnsafeBytes(of: e.pointee.d_name) { raw in
                    String(decoding: UnsafeRawBufferPointer(rebasing: raw[..<(raw.firstIndex(of: 0) ?? raw.count)]), as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                var info = stat()
                guard fstatat(fd, name, &info, AT_SYMLINK_NOFOLLOW) == 0 else { return false }
                let rel = prefix.isEmpty ? name : prefix + "/" + name
                switch info.st_mode & S_IFMT {
                case S_IFDIR:
                    let sub = openat(fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                    if sub < 0 || !walk(sub, rel, into: &out) { return false }
                case S_IFREG: out[rel] = entry(info)
                default: out[rel] = Entry(size: -1, mtime: 0, inode: 0)
                }
            }
            return true
        }
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return nil }
        var out: [String: Entry] = [:]
        var folders: [(name: String, size: Int)] = []
        for name in names {
            var info = stat()
            guard lstat(root + "/" + name, &info) == 0 else { return nil }
            switch info.st_mode & S_IFMT {
            case S_IFDIR: folders.append((name, Int(info.st_size)))
            case S_IFREG: out[name] = entry(info)
            default: out[name] = Entry(size: -1, mtime: 0, inode: 0)
            }
        }
        // A folder's own size grows with the entries it holds: the largest first, so that no thread is left with one at
        // the end.
        folders.sort { $0.size != $1.size ? $0.size > $1.size : $0.name < $1.name }
        let parts = Parallel.map(folders, workers: workers) { f -> [String: Entry]? in
            var part: [String: Entry] = [:]
            let dir = open(root + "/" + f.name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            return dir >= 0 && walk(dir, f.name, into: &part) ? part : nil
        }
        out.reserveCapacity(out.count + parts.reduce(0) { $0 + ($1?.count ?? 0) })
        for part in parts {
            guard let part else { return nil }
            out.merge(part) { a, _ in a }
        }
        return out
    }

    static func entry(_ info: stat) -> Entry {
        Entry(size: Int64(info.st_size), mtime: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec), inode: UInt64(info.st_ino))
    }

    /// Whether the file at `path` is still the one an entry describes.
    static func intact(_ path: String, _ e: Entry) -> Bool {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
        let now = entry(info)
        return now.size == e.size && now.mtime == e.mtime && now.inode == e.inode
    }

    /// The tool's identity: its version and the executable's size and time (a rebuilt binary does not trust the cache).
    static var tool: String {
        var info = stat()
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        guard stat(exe, &info) == 0 else { return "casebook \(CasebookVersion.string)" }
        return "casebook \(CasebookVersion.string) \(info.st_size) \(info.st_mtim.tv_sec).\(info.st_mtim.tv_nsec)"
    }

    /// SHA-256 of every file below the folders (relative path and bytes, in sorted order) and of `extra`.
    static func digest(folders: [String], extra: String = "") -> String {
        var hasher = SHA256()
        hasher.update(data: Data(extra.utf8))
        for folder in folders {
            var files: [String] = []
            if let e = FileManager.default.enumerator(atPath: folder) { for case let rel as String in e { files.append(rel) } }
            for rel in files.sorted() {
                // A link to a file counts as the file it names (the loader reads through it): its text is the input.
                var info = stat()
                guard stat(folder + "/" + rel, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { continue }
                let name: String = (folder as NSString).lastPathComponent + "/" + rel + "\u{0}"
                hasher.update(data: Data(name.utf8))
                hasher.update(data: FileManager.default.contents(atPath: folder + "/" + rel) ?? Data())
                hasher.update(data: Data([0]))
            }
        }
        return ByteText.hex(hasher.finalize())
    }
}

/// Fingerprints pages (template, templates digest and model) and takes the previous build's page where it matches.
final class PageFingerprints: PageMemo {
    let previous: [String: BuildCache.Entry]
    let salt: [UInt8]
    let staging: SiteWriter.Staging
    let oldSite: String
    private let recorded = Mutex<[String: String]>([:])

    let previousRecords: [String: [String: [Int]]]
    private let recordMemos = Mutex<[String: RecordMemo]>([:])

    init(previous: [String: BuildCache.Entry], salt: String, staging: SiteWriter.Staging, oldSite: String,
         previousRecords: [String: [String: [Int]]] = [:]) {
        self.previous = previous
        self.salt = Array(salt.utf8) + [0]
        self.staging = staging
        self.oldSite = oldSite
        self.previousRecords = previousRecords
    }

    var fingerprints: [String: String] { recorded.withLock { $0 } }

    /// The previous build's records of `path` when its file is still the one they were recorded in (mapped, not read).
    func records(path: String) -> RecordMemo? {
        var file: FileHandle?
        var ranges: [String: Range<Int>] = [:]
        if let e = previous[path], let recorded = previousRecords[path], BuildCache.intact(oldSite + "/" + path, e),
           let handle = FileHandle(forReadingAtPath: oldSite + "/" + path) {
            // The file opened is the one checked: the same inode, size and time.
            var info = stat()
            if fstat(handle.fileDescriptor, &info) == 0, BuildCache.entry(info) == BuildCache.Entry(size: e.size, mtime: e.mtime, inode: e.inode) {
                file = handle
                for (digest, r) in recorded where r.count == 2 && 0 <= r[0] && r[0] <= r[1] && Int64(r[1]) <= e.size { ranges[digest] = r[0] ..< r[1] }
            } else {
                try? handle.close()
            }
        }
        let memo = RecordMemo(previous: file, ranges: ranges, salt: salt)
        recordMemos.withLock { $0[path] = memo }
        return memo
    }

    /// Where this build's records lie in the files it wrote, for the next build.
    var records: [String: [String: [Int]]] {
        recordMemos.withLock { $0.mapValues { $0.written.mapValues { [$0.lowerBound, $0.upperBound] } } }
    }

    func reuse(path: String, template: String, model: any TemplateModel) throws -> Bool {
        try reuse(path: path, kind: template, CanonicalBytes.of(model))
    }

    func reuse(path: String, key: [UInt8]) throws -> Bool {
        try reuse(path: path, kind: "", key)
    }

    /// `kind`: the template, or none (the empty name, which no template has) for a key made by hand.
    private func reuse(path: String, kind: String, _ bytes: [UInt8]) throws -> Bool {
        var hasher = SHA256()
        hasher.update(data: salt)
        hasher.update(data: Data(kind.utf8))
        hasher.update(data: Data([0]))
        bytes.withUnsafeBytes { hasher.update(bufferPointer: $0) }
        let fingerprint = ByteText.compactDigest(hasher.finalize())
        recorded.withLock { $0[path] = fingerprint }
        guard let e = previous[path], e.fingerprint == fingerprint, BuildCache.intact(oldSite + "/" + path, e) else { return false }
        return try staging.keep(regularFile: path)
    }
}
