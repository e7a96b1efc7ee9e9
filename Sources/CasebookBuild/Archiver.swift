import CasebookCore
import Foundation
import ZIPFoundation

/// Zips a written site so that it works unzipped anywhere and opened from disk (every link of the site is relative,
/// search loads its index with `<script src>`, nothing comes from another host).
///
/// The archive holds one top folder, named after the zip (`casebook-2025.zip` → `casebook-2025/`), so that unzipping
/// does not scatter files. It is deterministic: entries in sorted order (folders before what they hold), a fixed
/// modification date (`SOURCE_DATE_EPOCH` when set), fixed permissions; the same site gives a byte-identical zip.
public struct Archiver {
    /// The date every entry carries: 2000-01-01 00:00 UTC, unless `SOURCE_DATE_EPOCH` says otherwise.
    public var date: Date

    public init(date: Date? = nil) {
        let epoch = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"].flatMap(TimeInterval.init)
        self.date = date ?? Date(timeIntervalSince1970: epoch ?? 946_684_800)
    }

    /// One sentence naming the path and the cause, in the catalog's words (`archive.cannot-write`, `archive.not-a-site`).
    public struct Failure: Error, CustomStringConvertible {
        public var diagnostic: Diagnostic
        public var description: String { diagnostic.message }
        init(_ id: String, _ args: [String: String]) { diagnostic = Diagnostic(.error, id, template: id, args: args) }
        init(writing zip: String, _ error: any Error) {
            self.init("archive.cannot-write", FileProblem(error).arguments.merging(["path": zip]) { a, _ in a })
        }
    }

    /// The top folder for an archive at `zip`: its file name without `.zip`, in ASCII, or `casebook-site`.
    public static func topFolder(for zip: String) -> String {
        var stem = (zip as NSString).lastPathComponent
        if stem.lowercased().hasSuffix(".zip") { stem = String(stem.dropLast(4)) }
        let safe = String(stem.unicodeScalars.filter { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) })
        return safe.isEmpty || safe.hasPrefix(".") ? "casebook-site" : safe
    }

    public func archive(site: String, to zip: String) throws {
        do {
            try write(site: site, to: zip)
        } catch let failure as Failure {
            throw failure
        } catch {
            throw Failure(writing: zip, error)
        }
    }

    func write(site: String, to zip: String) throws {
        let fm = FileManager.default
        let root = URL(fileURLWithPath: site).standardizedFileURL
        guard fm.fileExists(atPath: root.appendingPathComponent("index.html").path) else {
            throw Failure("archive.not-a-site", ["site": site])
        }
        let target = URL(fileURLWithPath: zip).standardizedFileURL
        let top = Archiver.topFolder(for: zip)
        let entries = try collect(root, skipping: target)

        try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let partial = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).partial-\(UUID().uuidString.prefix(8))")
        defer { try? fm.removeItem(at: partial) }
        do {
            let archive = try ZIPFoundation.Archive(url: partial, accessMode: .create)
            try addDirectory(top + "/", to: archive)
            for entry in entries {
                let path = top + "/" + entry.components.joined(separator: "/")
                if entry.isDirectory {
                    try addDirectory(path + "/", to: archive)
                } else {
                    let data = try Data(contentsOf: entry.url)
                    try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: date,
                                         permissions: 0o644, compressionMethod: Archiver.compresses(path) ? .deflate : .none) { (position: Int64, size: Int) in
                        data.subdata(in: Int(position)..<Int(position) + size)
                    }
                }
            }
        } catch let error as Failure {
            throw error
        } catch {
            throw Failure(writing: zip, error)
        }
        if fm.fileExists(atPath: target.path) { try fm.removeItem(at: target) }
        try fm.moveItem(at: partial, to: target)
    }

    private func addDirectory(_ path: String, to archive: ZIPFoundation.Archive) throws {
        try archive.addEntry(with: path, type: .directory, uncompressedSize: Int64(0), modificationDate: date, permissions: 0o755) { (_: Int64, _: Int) in Data() }
    }

    /// Already-compressed formats are stored as they are.
    static func compresses(_ path: String) -> Bool {
        !["pdf", "png", "jpg", "jpeg", "gif", "webp", "woff", "woff2", "zip", "gz"].contains((path as NSString).pathExtension.lowercased())
    }

    struct Entry {
        var components: [String]
        var url: URL
        var isDirectory: Bool
    }

    /// Every folder and regular file below `root`, sorted by path components; hidden files (`.gitignore`, partial
    /// PDFs) and the archive itself are left out, and so are symbolic links (an archive that works anywhere holds no link
    /// to outside).
    func collect(_ root: URL, skipping target: URL) throws -> [Entry] {
        let fm = FileManager.default
        var out: [Entry] = []
        func walk(_ dir: URL, _ prefix: [String]) throws {
            for name in try fm.contentsOfDirectory(atPath: dir.path) where !name.hasPrefix(".") {
                let url = dir.appendingPathComponent(name)
                guard url.standardizedFileURL.path != target.path else { continue }
                let attributes = try fm.attributesOfItem(atPath: url.path)
                let type = attributes[.type] as? FileAttributeType
                if type == .typeDirectory {
                    out.append(Entry(components: prefix + [name], url: url, isDirectory: true))
                    try walk(url, prefix + [name])
                } else if type == .typeRegular {
                    out.append(Entry(components: prefix + [name], url: url, isDirectory: false))
                }
            }
        }
        try walk(root, [])
        return out.sorted { a, b in a.components.lexicographicallyPrecedes(b.components) { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) } }
    }
}
