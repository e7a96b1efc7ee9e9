import CasebookCore
import CasebookRender
import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The only stage that touches the output folder. Writes every file into a sibling folder (`.Site.new-<pid>-<token>`),
/// then swaps it in with ONE atomic step (Linux: `renameat2(…, RENAME_EXCHANGE)`), then removes the old tree. A build
/// that fails or is killed at any moment leaves either the complete old site or the complete new one; what an
/// interrupted build left beside it (`.Site.new-…`, `.Site.old-…`, `.Site.stale-…`) is removed by the next build, unless the process
/// that made it is still running.
///
/// A site build recycles the old tree (`begin(_:recycling:)`): instead of being removed, it is moved into the build
/// cache, and the next build starts its staging folder from it. Its files are hard links to the site's own wherever
/// the last build kept a file, so a file unchanged again needs nothing (where a fresh folder needed a link per file,
/// and the old tree an unlink per file: tens of thousands of each at 10,000 cases). A staged file is never written
/// through (it may share its inode with the live site's): it is unlinked first, and whatever the new site does not
/// hold is pruned before the swap.
public struct SiteWriter {
    public init() {}

    /// One sentence naming the path and the cause: `cannot write Site/: no space left on device`.
    public struct WriteError: Error, CustomStringConvertible {
        /// In the catalog's words; its id is stable: `write.no-space`, `write.permission`, `write.not-a-site`, …
        public var diagnostic: Diagnostic
        public var id: String { diagnostic.id }
        public var description: String { diagnostic.message }
        init(_ id: String, template: String? = nil, _ args: [String: String]) {
            diagnostic = Diagnostic(.error, id, template: template ?? id, args: args)
        }
        /// `cannot write <path>: <cause>`, its id `write.<kind of cause>`.
        init(writing path: String, _ problem: FileProblem) {
            self.init("write.\(problem.kind)", template: "write.cannot-write", problem.arguments.merging(["path": path]) { a, _ in a })
        }
    }

    /// Writes `files` as the site at `output`. `beforeSwap` runs on the complete staging folder (for example to add
    /// PDFs); if it throws, the previous site stays.
    public func write(_ files: [OutputFile], to output: String, beforeSwap: ((String) throws -> Void)? = nil) throws {
        let staging = try begin(output)
        do {
            for f in files { try staging.write(f) }
            try staging.commit(beforeSwap: beforeSwap)
        } catch {
            staging.abandon()
            throw error
        }
    }

    /// Checks the output folder, removes what dead builds left beside it, and opens a fresh staging folder that pages
    /// are written into as they are made (`Staging.write`, from any thread) until `commit` swaps it in.
    /// With `recycling`, the folder the old tree is kept in for the next build (in the build cache, beside the output
    /// folder, so on its file system) and whether this build may start from the one kept there.
    public func begin(_ output: String, recycling: (folder: String, reuse: Bool)? = nil) throws -> Staging {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let shown = output.hasSuffix("/") ? output : output + "/"
        func failure(_ problem: FileProblem) -> WriteError { WriteError(writing: shown, problem) }
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent

        var info = stat()
        if lstat(target.path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type != S_IFDIR && type != S_IFLNK {
                throw WriteError("write.not-a-folder", ["path": shown])
            }
            if type == S_IFDIR, let entries = try? fm.contentsOfDirectory(atPath: target.path), !entries.isEmpty,
               !entries.contains("index.html"), !entries.contains(".gitignore") {
                throw WriteError("write.not-a-site", ["path": shown])
            }
        }
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            // A file where a folder of the path should be (`/dev/null/Site`) says "exists": say what is wrong.
            var ancestor = parent
            while !fm.fileExists(atPath: ancestor.path) && ancestor.path != "/" { ancestor.deleteLastPathComponent() }
            var isDir: ObjCBool = false
            if fm.fileExists(atPath: ancestor.path, isDirectory: &isDir), !isDir.boolValue { throw failure(FileProblem(errno: ENOTDIR)) }
            throw failure(FileProblem(error))
        }
        Self.removeLeftovers(in: parent.path, of: name)
        let token = UUID().uuidString.prefix(8).lowercased()
        let pid = getpid()
        let staging = parent.appendingPathComponent(".\(name).new-\(pid)-\(token)").path
        // The tree the last build set aside, taken whole (one rename: no other build can take it too); a build killed
        // from here on leaves it under the staging name, removed by the next build as a leftover.
        var recycled = false
        let old = parent.appendingPathComponent(".\(name).old-\(pid)-\(token)").path
        let stale = parent.appendingPathComponent(".\(name).stale-\(pid)-\(token)").path
        if let recycling {
            // What a build of an earlier version killed while linking a tree for the next one left.
            try? fm.removeItem(atPath: recycling.folder + ".tmp")
            var info = stat()
            if recycling.reuse, lstat(recycling.folder, &info) == 0, info.st_mode & S_IFMT == S_IFDIR {
                recycled = rename(recycling.folder, staging) == 0
            }
            // One not taken (a cold build) is removed with the old tree, while the build's last steps run.
            if !recycled, lstat(recycling.folder, &info) == 0, rename(recycling.folder, stale) != 0 { try? fm.removeItem(atPath: recycling.folder) }
        }
        if !recycled {
            do {
                try Self.makeFolder(staging)
            } catch {
                throw failure(FileProblem(error))
            }
        }
        return Staging(folder: staging, target: target.path, old: old, shown: shown, recycled: recycled, keepOldIn: recycling?.folder, stale: stale)
    }

    /// A staging folder being filled. A file whose bytes equal the previous site's file at the same path is linked to
    /// it (a hard link keeps its inode and modification time, so a deploy by rsync or to a CDN uploads nothing for it).
    public final class Staging: OutputSink {
        let folder: String
        let target: String
        let old: String
        let shown: String
        /// Whether the folder began as the tree an earlier build set aside (it holds files: see `SiteWriter`).
        let recycled: Bool
        /// Where the old tree is set aside for the next build (nil: it is removed).
        let keepOldIn: String?
        /// Where a kept tree this build did not start from waits to be removed.
        let stale: String
        private let state = Mutex<(paths: Set<String>, folders: Set<String>, written: Int, kept: Int)>(([], [""], 0, 0))

        init(folder: String, target: String, old: String, shown: String, recycled: Bool = false, keepOldIn: String? = nil, stale: String = "") {
            self.folder = folder
            self.target = target
            self.old = old
            self.shown = shown
            self.recycled = recycled
            self.keepOldIn = keepOldIn
            self.stale = stale
        }

        /// Whether the staged file at `path` is the previous site's file itself (a recycled folder's link to it).
        private func isPrevious(_ path: String) -> Bool {
            guard recycled else { return false }
            var a = stat(), b = stat()
            return lstat(self.folder + "/" + path, &a) == 0 && lstat(target + "/" + path, &b) == 0
                && a.st_ino == b.st_ino && a.st_dev == b.st_dev && a.st_mode & S_IFMT == S_IFREG
        }

        /// Makes room for a new file at `path` of a recycled folder: what is staged there may be a link to the live
        /// site's file, never to be written through.
        ///
        /// A folder there is removed only when it is the old tree's (a folder this build made for its own files is a
        /// clash of a file and a folder of one name, an error as in a fresh folder); anything that cannot be removed is
        /// an error: the file is then never written (writes create with `O_EXCL`, so not through what stays either).
        private func clear(_ path: String) throws {
            guard recycled else { return }
            let staged = self.folder + "/" + path
            if unlink(staged) == 0 { return }
            let e = errno
            if e == ENOENT { return }
            guard e == EISDIR || e == EPERM else { throw FileProblem(errno: e) }
            try state.withLock { s in
                guard !s.folders.contains(path) else { throw FileProblem(errno: EISDIR) }
                try SiteWriter.removeTree(staged)
            }
        }

        /// Every path written or kept so far.
        public var paths: Set<String> { state.withLock { $0.paths } }

        /// Files written anew, and files kept from the previous site (same bytes, same inode and time).
        public var counts: (written: Int, kept: Int) { state.withLock { ($0.written, $0.kept) } }

        public func write(_ file: OutputFile) throws {
            try claim(file.path)
            let previous = target + "/" + file.path
            if SiteWriter.sameBytes(previous, file.bytes) {
                if isPrevious(file.path) {
                    state.withLock { $0.kept += 1 }
                    return
                }
                try clear(file.path)
                if link(previous, self.folder + "/" + file.path) == 0 {
                    state.withLock { $0.kept += 1 }
                    return
                }
            }
            try clear(file.path)
            try SiteWriter.writeFile(self.folder + "/" + file.path, file.bytes, exclusive: true)
            state.withLock { $0.written += 1 }
        }

        /// Writes the pieces as they come, comparing them with the previous site's file as they go: when every byte is
        /// the same, the previous file takes the place of the new one (same inode and time), as with `write(_:)`.
        public func write(_ path: String, streaming produce: (_ emit: ([UInt8]) throws -> Void) throws -> Void) throws {
            try claim(path)
            let previous = target + "/" + path, new = self.folder + "/" + path
            let old = SiteWriter.Comparison(path: previous)
            try clear(path)
            let fd = open(new, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if fd < 0 { throw FileProblem(errno: errno) }
            do {
                try produce { piece in
                    old.compare(piece)
                    if let e = SiteWriter.writeAll(fd, piece) { throw FileProblem(errno: e) }
                }
            } catch {
                close(fd)
                throw error
            }
            if close(fd) != 0 { throw FileProblem(errno: errno) }
            // Same bytes: the previous file is linked beside the new one and renamed over it (never a moment without it).
            // The temporary name is claimed while it exists, so that no other file of the site is written through it.
            if old.same(), (try? claim(path + ".previous")) != nil {
                defer { state.withLock { _ = $0.paths.remove(path + ".previous") } }
                if link(previous, new + ".previous") == 0 {
                    if rename(new + ".previous", new) == 0 {
                        state.withLock { $0.kept += 1 }
                        return
                    }
                    unlink(new + ".previous")
                }
            }
            state.withLock { $0.written += 1 }
        }

        /// Takes the previous site's file at `path` as it is (the caller knows it is current); false when there is none.
        public func keep(_ path: String) throws -> Bool {
            var info = stat()
            guard lstat(target + "/" + path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return false }
            return try keep(regularFile: path)
        }

        /// `keep` for a path the caller has just found to be a regular file of the previous site.
        func keep(regularFile path: String) throws -> Bool {
            let previous = target + "/" + path
            try claim(path)
            if isPrevious(path) {
                state.withLock { $0.kept += 1 }
                return true
            }
            try clear(path)
            guard link(previous, self.folder + "/" + path) == 0 else {
                // Not kept: the caller writes the file instead, under the same path.
                state.withLock { _ = $0.paths.remove(path) }
                return false
            }
            state.withLock { $0.kept += 1 }
            return true
        }

        /// Registers a path (refusing absolute, escaping and duplicate ones) and makes the folders it needs (under the
        /// lock, so that no other thread writes into a folder before it exists).
        private func claim(_ path: String) throws {
            guard SiteWriter.isPlainRelative(path) else {
                throw WriteError("write.bad-path", ["path": shown, "file": path])
            }
            let parent = path.utf8.lastIndex(of: UInt8(ascii: "/")).map { String(path[..<$0]) } ?? ""
            try state.withLock { s in
                guard s.paths.insert(path).inserted else {
                    throw WriteError("write.bad-path", ["path": shown, "file": path])
                }
                // Most files go into a folder an earlier one made.
                guard !s.folders.contains(parent) else { return }
                var folder = ""
                for part in path.split(separator: "/").dropLast() {
                    folder += (folder.isEmpty ? "" : "/") + part
                    if !s.folders.contains(folder) {
                        if recycled, !s.paths.contains(folder) {
                            // A file of the old tree where the new site has a folder goes (one of this build's own
                            // files there is a clash, an error below as in a fresh folder).
                            var info = stat()
                            if lstat(self.folder + "/" + folder, &info) == 0, info.st_mode & S_IFMT != S_IFDIR { unlink(self.folder + "/" + folder) }
                        }
                        try SiteWriter.makeFolder(self.folder + "/" + folder)
                        s.folders.insert(folder)
                    }
                }
            }
        }

        /// Swaps the complete staging folder in as the site (after `beforeSwap` ran on it), then removes the old tree.
        /// Swaps the staging folder in and removes the previous site (`removeOld`); with `keepingOld`, the caller
        /// removes it later (`removeOld()`), while it does other work.
        public func commit(beforeSwap: ((String) throws -> Void)? = nil, keepingOld: Bool = false) throws {
            do {
                if recycled { try prune() }
                try beforeSwap?(folder)
                try SiteWriter.swap(folder, into: target)
            } catch {
                abandon()
                if let e = error as? WriteError { throw e }
                if error is FileProblem {
                    let problem = FileProblem(error)
                    throw WriteError(writing: shown, problem)
                }
                throw error
            }
            // The staging name now holds the old site: rename it so the name says so, then remove it. (Should the
            // removal not happen, the next build removes it as a leftover.)
            // Or set it aside for the next build (one rename, into the build cache).
            let fm = FileManager.default
            if let keepOldIn, fm.fileExists(atPath: folder) {
                try? fm.createDirectory(atPath: (keepOldIn as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                if rename(folder, keepOldIn) == 0 {
                    if !keepingOld { removeOld() }
                    return
                }
            }
            if fm.fileExists(atPath: folder), rename(folder, old) != 0 { try? fm.removeItem(atPath: folder) }
            if !keepingOld { removeOld() }
        }

        /// Removes the previous site, set aside by `commit` (when it was not kept for the next build), or the tree kept
        /// by an earlier build that this one did not start from.
        public func removeOld() {
            try? FileManager.default.removeItem(atPath: old)
            if !stale.isEmpty { try? FileManager.default.removeItem(atPath: stale) }
        }

        /// Removes from a recycled folder every file and folder the new site does not hold (what the old tree had).
        /// Names are read as bytes: one that is not UTF-8 is no path of the site, and goes too.
        private func prune() throws {
            let (paths, folders) = state.withLock { ($0.paths, $0.folders) }
            func walk(_ relative: String) throws {
                let dir = relative.isEmpty ? folder : folder + "/" + relative
                for entry in try SiteWriter.rawEntries(of: dir) {
                    let path = String(validating: entry.name, as: UTF8.self).map { relative.isEmpty ? $0 : relative + "/" + $0 }
                    if entry.isFolder, let path, folders.contains(path) {
                        try walk(path)
                    } else if entry.isFolder || path.map({ !paths.contains($0) }) ?? true {
                        try SiteWriter.removeTree(bytes: Array(dir.utf8) + [0x2F] + entry.name)
                    }
                }
            }
            try walk("")
        }

        /// Removes the staging folder: the previous site stays as it was.
        public func abandon() {
            try? FileManager.default.removeItem(atPath: folder)
            if !stale.isEmpty { try? FileManager.default.removeItem(atPath: stale) }
        }
    }

    /// The entries of a folder as raw names (a name need not be UTF-8), with whether each is a folder.
    static func rawEntries(of dir: String) throws -> [(name: [UInt8], isFolder: Bool)] { try rawEntries(of: Array(dir.utf8)) }

    static func rawEntries(of dir: [UInt8]) throws -> [(name: [UInt8], isFolder: Bool)] {
        guard let d = cPath(dir).withUnsafeBufferPointer({ opendir($0.baseAddress!) }) else { throw FileProblem(errno: errno) }
        defer { closedir(d) }
        var out: [(name: [UInt8], isFolder: Bool)] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { raw in Array(raw.prefix { $0 != 0 }) }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            var isFolder = e.pointee.d_type == UInt8(DT_DIR)
            if e.pointee.d_type == UInt8(DT_UNKNOWN) {
                var info = stat()
                isFolder = cPath(dir + [0x2F] + name).withUnsafeBufferPointer { lstat($0.baseAddress!, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR }
            }
            out.append((name, isFolder))
        }
        return out
    }

    /// A path of raw bytes as a C string.
    private static func cPath(_ path: [UInt8]) -> [CChar] { path.map { CChar(bitPattern: $0) } + [0] }

    /// Removes a file, or a folder and everything below it, names read as bytes (`FileManager` cannot name an entry
    /// whose name is not UTF-8).
    static func removeTree(_ path: String) throws { try removeTree(bytes: Array(path.utf8)) }

    static func removeTree(bytes path: [UInt8]) throws {
        let c = cPath(path)
        if c.withUnsafeBufferPointer({ unlink($0.baseAddress!) }) == 0 { return }
        let e = errno
        if e == ENOENT { return }
        guard e == EISDIR || e == EPERM else { throw FileProblem(errno: e) }
        for entry in try rawEntries(of: path) { try removeTree(bytes: path + [0x2F] + entry.name) }
        if c.withUnsafeBufferPointer({ rmdir($0.baseAddress!) }) != 0 && errno != ENOENT { throw FileProblem(errno: errno) }
    }

    /// Whether the file at `path` holds exactly `bytes` (a regular file of the same size and content).
    static func sameBytes(_ path: String, _ bytes: Data) -> Bool {
        // A block at a time, stopping at the first that differs: a changed file is seldom read to its end, and a
        // large one is never copied whole into fresh memory to be compared.
        let old = Comparison(path: path)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count && old.comparing {
                let n = min(1 << 16, raw.count - offset)
                old.compare(UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + n)]))
                offset += n
            }
        }
        return old.same()
    }

    /// The single atomic step: exchange the staging folder with the target; a plain rename only when there is no target.
    static func swap(_ staging: String, into target: String) throws {
        var info = stat()
        if lstat(target, &info) != 0 {
            if renameat2(staging, target, flags: renameNoReplace) == 0 { return }
            let e = errno
            if e == EINVAL || e == ENOSYS {
                if rename(staging, target) == 0 { return }
                throw FileProblem(errno: errno)
            }
            guard e == EEXIST else { throw FileProblem(errno: e) }
        }
        if renameat2(staging, target, flags: renameExchange) == 0 { return }
        let e = errno
        if e == EINVAL || e == ENOSYS {
            throw WriteError("write.no-atomic-swap", ["path": target + "/"])
        }
        throw FileProblem(errno: e)
    }

    static let renameNoReplace: UInt32 = 1
    static let renameExchange: UInt32 = 2

    typealias RenameAt2 = @convention(c) (Int32, UnsafePointer<CChar>?, Int32, UnsafePointer<CChar>?, UInt32) -> Int32

    /// glibc's `renameat2` (2.28+): not visible to Swift's Glibc module, and `syscall` is variadic, so it is looked up.
    static let renameat2Function: RenameAt2? = {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, "renameat2") else { return nil }
        return unsafeBitCast(symbol, to: RenameAt2.self)
    }()

    static func renameat2(_ from: String, _ to: String, flags: UInt32) -> Int32 {
        guard let f = renameat2Function else {
            errno = ENOSYS
            return -1
        }
        return f(AT_FDCWD, from, AT_FDCWD, to, flags)
    }

    /// Removes `.<name>.new-*`, `.<name>.old-*` and `.<name>.stale-*` folders in `parent` that no running process is writing.
    static func removeLeftovers(in parent: String, of name: String) {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: parent) else { return }
        for entry in entries where entry.hasPrefix(".\(name).new-") || entry.hasPrefix(".\(name).old-") || entry.hasPrefix(".\(name).stale-") {
            let rest = entry.dropFirst(entry.hasPrefix(".\(name).stale-") ? ".\(name).stale-".count : ".\(name).new-".count)
            // `<pid>-<token>`: leave it while that process lives (another build writing beside us).
            if let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid != getpid(), kill(pid, 0) == 0 || errno == EPERM {
                continue
            }
            try? fm.removeItem(atPath: parent + "/" + entry)
        }
    }

    /// A path relative to the site that stays in it: not empty, not absolute, no NUL, and no empty, `.` or `..` part.
    /// Over the bytes (Foundation's `contains` on a String goes through NSString: it was most of a kept file's cost).
    static func isPlainRelative(_ path: String) -> Bool {
        var part = 0  // bytes of the current part so far
        var dots = 0  // of which dots
        for b in path.utf8 {
            if b == 0 { return false }
            if b == UInt8(ascii: "/") {
                if part == 0 || part == dots && dots <= 2 { return false }
                part = 0
                dots = 0
                continue
            }
            part += 1
            if b == UInt8(ascii: ".") { dots += 1 }
        }
        return part > 0 && !(part == dots && dots <= 2)
    }

    static func makeFolder(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw FileProblem(errno: errno) }
    }

    /// Writes every byte of `bytes` to `fd`; the `errno` of a failure.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? { bytes.withUnsafeBytes { writeAll(fd, $0) } }

    static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer) -> Int32? {
        var offset = 0
        while offset < raw.count {
            let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += n
        }
        return nil
    }

    /// A file read alongside bytes written piece by piece: whether they are all the same as its bytes.
    final class Comparison {
        private var fd: Int32
        private var size = 0, compared = 0
        private var buffer: [UInt8] = []

        init(path: String) {
            fd = open(path, O_RDONLY | O_CLOEXEC)
            var info = stat()
            if fd >= 0, fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG {
                size = Int(info.st_size)
            } else {
                stop()
            }
        }

        deinit { stop() }

        private func stop() {
            if fd >= 0 { close(fd) }
            fd = -1
        }

        /// Whether every byte so far was the same.
        var comparing: Bool { fd >= 0 }

        /// Reads as many bytes as `piece` holds and compares; stops reading at the first difference.
        func compare(_ piece: [UInt8]) { piece.withUnsafeBytes { compare($0) } }

        func compare(_ piece: UnsafeRawBufferPointer) {
            guard fd >= 0, piece.count > 0 else { return }
            guard compared + piece.count <= size else { return stop() }
            if buffer.count < piece.count { buffer = [UInt8](repeating: 0, count: piece.count) }
            var got = 0
            while got < piece.count {
                let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress! + got, piece.count - got) }
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { return stop() }
                got += n
            }
            let equal = buffer.withUnsafeBytes { memcmp(piece.baseAddress!, $0.baseAddress!, piece.count) == 0 }
            if !equal { return stop() }
            compared += piece.count
        }

        /// Every byte compared equal, and the file has no more.
        func same() -> Bool { fd >= 0 && compared == size }
    }

    /// Writes with POSIX calls, so that a full disk or a missing permission is an `errno`, not a Foundation dump.
    /// `exclusive`: the file must not exist (a staging folder's: never written through an existing link).
    static func writeFile(_ path: String, _ data: Data, exclusive: Bool = false) throws {
        let fd = open(path, O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC) | O_CLOEXEC, 0o644)
        if fd < 0 { throw FileProblem(errno: errno) }
        var failure = data.withUnsafeBytes { writeAll(fd, $0) }
        if close(fd) != 0 && failure == nil { failure = errno }
        if let failure { throw FileProblem(errno: failure) }
    }
}
