import CasebookRender
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The only stage that touches the output folder. Writes every file into a fresh sibling folder
/// (`.Site.new-<pid>-<token>`), then swaps it in with ONE atomic step (Linux: `renameat2(…, RENAME_EXCHANGE)`),
/// then removes the old tree. A build that fails or is killed at any moment leaves either the complete old site or
/// the complete new one; what an interrupted build left beside it (`.Site.new-…`, `.Site.old-…`) is removed by the
/// next build, unless the process that made it is still running.
public struct SiteWriter {
    public init() {}

    /// One sentence naming the path and the cause: `cannot write Site/: no space left on device`.
    public struct WriteError: Error, CustomStringConvertible {
        /// Stable diagnostic id: `write.no-space`, `write.permission`, `write.not-a-site`, …
        public var id: String
        public var description: String
    }

    /// Writes `files` as the site at `output`. `beforeSwap` runs on the complete staging folder (for example to add
    /// PDFs); if it throws, the previous site stays.
    public func write(_ files: [OutputFile], to output: String, beforeSwap: ((String) throws -> Void)? = nil) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let shown = output.hasSuffix("/") ? output : output + "/"
        func failure(_ problem: FileProblem, _ verb: String = "write") -> WriteError {
            WriteError(id: "write.\(problem.kind)", description: "cannot \(verb) \(shown): \(problem.cause)")
        }
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent

        var info = stat()
        if lstat(target.path, &info) == 0 {
            let type = info.st_mode & S_IFMT
            if type != S_IFDIR && type != S_IFLNK {
                throw WriteError(id: "write.not-a-folder", description: "cannot write \(shown): it exists and is not a folder")
            }
            if type == S_IFDIR, let entries = try? fm.contentsOfDirectory(atPath: target.path), !entries.isEmpty,
               !entries.contains("index.html"), !entries.contains(".gitignore") {
                throw WriteError(id: "write.not-a-site", description: "will not replace \(shown): it holds files and is not a site Casebook built (no index.html); choose another --output")
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
        let old = parent.appendingPathComponent(".\(name).old-\(pid)-\(token)").path
        do {
            try Self.makeFolder(staging)
            var seen = Set<String>()
            var folders: Set<String> = [""]
            for f in files {
                guard !f.path.hasPrefix("/"), !f.path.isEmpty, !f.path.contains("\0"),
                      !f.path.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }),
                      seen.insert(f.path).inserted else {
                    throw WriteError(id: "write.bad-path", description: "cannot write \(shown): refusing the absolute, escaping or duplicate path \(f.path)")
                }
                var folder = ""
                for part in f.path.split(separator: "/").dropLast() {
                    folder += (folder.isEmpty ? "" : "/") + part
                    if folders.insert(folder).inserted { try Self.makeFolder(staging + "/" + folder) }
                }
                try Self.writeFile(staging + "/" + f.path, f.bytes)
            }
            try beforeSwap?(staging)
            try Self.swap(staging, into: target.path)
        } catch {
            try? fm.removeItem(atPath: staging)
            if let e = error as? WriteError { throw e }
            if error is FileProblem { throw failure(FileProblem(error)) }
            throw error
        }
        // The staging name now holds the old site: rename it so the name says so, then remove it.
        if fm.fileExists(atPath: staging) {
            if rename(staging, old) == 0 { try? fm.removeItem(atPath: old) } else { try? fm.removeItem(atPath: staging) }
        }
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
            throw WriteError(id: "write.no-atomic-swap", description: "cannot replace \(target)/ atomically: its file system does not support renameat2 with RENAME_EXCHANGE")
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

    /// Removes `.<name>.new-*` and `.<name>.old-*` folders in `parent` that no running process is writing.
    static func removeLeftovers(in parent: String, of name: String) {
        let fm = FileManager.default
        guard let entries = try? fm.contentsOfDirectory(atPath: parent) else { return }
        for entry in entries where entry.hasPrefix(".\(name).new-") || entry.hasPrefix(".\(name).old-") {
            let rest = entry.dropFirst(".\(name).new-".count)
            // `<pid>-<token>`: leave it while that process lives (another build writing beside us).
            if let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid != getpid(), kill(pid, 0) == 0 || errno == EPERM {
                continue
            }
            try? fm.removeItem(atPath: parent + "/" + entry)
        }
    }

    static func makeFolder(_ path: String) throws {
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw FileProblem(errno: errno) }
    }

    /// Writes with POSIX calls, so that a full disk or a missing permission is an `errno`, not a Foundation dump.
    static func writeFile(_ path: String, _ data: Data) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw FileProblem(errno: errno) }
        var failure: Int32?
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                offset += n
            }
        }
        if close(fd) != 0 && failure == nil { failure = errno }
        if let failure { throw FileProblem(errno: failure) }
    }
}
