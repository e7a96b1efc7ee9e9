import CasebookRender
import Foundation

/// The only stage that touches the output folder. Writes every file into a fresh sibling folder, then swaps
/// it in with renames: a build that fails before the swap leaves the previous site exactly as it was.
public struct SiteWriter {
    public init() {}

    public struct WriteError: Error, CustomStringConvertible {
        public var description: String
    }

    public func write(_ files: [OutputFile], to output: String) throws {
        let fm = FileManager.default
        let target = URL(fileURLWithPath: output).standardizedFileURL
        let parent = target.deletingLastPathComponent()
        try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        let token = UUID().uuidString.prefix(8)
        let staging = parent.appendingPathComponent(".\(target.lastPathComponent).new-\(token)")
        let old = parent.appendingPathComponent(".\(target.lastPathComponent).old-\(token)")
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
            var seen = Set<String>()
            for f in files {
                guard !f.path.hasPrefix("/"), !f.path.split(separator: "/").contains(".."), seen.insert(f.path).inserted else {
                    throw WriteError(description: "refusing to write \(f.path): absolute, escaping or duplicate path")
                }
                let url = staging.appendingPathComponent(f.path)
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try f.bytes.write(to: url)
            }
            if fm.fileExists(atPath: target.path) {
                try fm.moveItem(at: target, to: old)
            }
            do {
                try fm.moveItem(at: staging, to: target)
            } catch {
                if fm.fileExists(atPath: old.path) { try? fm.moveItem(at: old, to: target) }
                throw error
            }
            try? fm.removeItem(at: old)
        } catch {
            try? fm.removeItem(at: staging)
            throw error
        }
    }
}
