import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

extension SiteBuilder.ExportFormat: ExpressibleByArgument {}

struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export the cases as JSON, CSV or Markdown files.",
        discussion: """
            Each format goes to its own folder (default export/json, export/csv, export/markdown). An export replaces \
            what an earlier export wrote there, so cases of removed batches do not stay; a folder that is not empty \
            and was not written by `casebook export` is never replaced.
            """)
    @Option(help: "json, csv or markdown.") var format: SiteBuilder.ExportFormat
    @Option(help: "The folder to write into (default export/<format>).") var output: String?
    @Option(help: "The content folder; default Content, or `content:` in site.yaml.") var content: String?
    @Option(help: "A templates folder overriding the built-in templates (for Markdown).") var templates: String?

    func run() async throws {
        let content = Folders(content: self.content, output: nil).content
        let templates = try checkTemplatesFolder(self.templates)
        let output = self.output ?? "export/\(format.rawValue)"
        let folder = Folder(path: output, format: format.rawValue)
        try sayingWhy(output) { try folder.checkReplaceable() }
        let (files, diagnostics) = SiteBuilder().export(format, .init(content: content, templates: templates, output: output))
        report(diagnostics)
        guard let files else { throw ExitCode(1) }
        try sayingWhy(output) { try folder.replace(with: files.map { ($0.path, $0.bytes) }) }
        FileHandle.standardError.write(Data(say("casebook: wrote \(files.count) \(format.rawValue) file(s) to \(output)\n",
                                                "casebook：已把 \(files.count) 个 \(format.rawValue) 文件写入 \(output)\n").utf8))
    }

    /// Runs `body`; a refusal or a file error ends the command with one sentence and exit status 1.
    func sayingWhy(_ output: String, _ body: () throws -> Void) throws {
        do {
            try body()
        } catch let refusal as Folder.Refusal {
            fail("\(refusal) [export.refused]")
            throw ExitCode(1)
        } catch {
            let problem = FileProblem(error)
            let shown = output.hasSuffix("/") ? output : output + "/"
            fail(say("cannot write \(shown): \(problem.cause)", "无法写入 \(shown)：\(problem.chineseCause)") + " [export.\(problem.kind)]")
            throw ExitCode(1)
        }
    }
}

extension Export {
    /// An export's output folder. The files are written into a fresh sibling folder, which is then swapped in with
    /// renames, so an export leaves exactly its own files (nothing of an earlier export stays) and a failed export leaves
    /// the previous one. Only a folder that is absent, empty, or marked by an earlier export of the same format
    /// (`.casebook-export`, holding the format's name) is ever replaced: a user's own folder is never deleted.
    struct Folder {
        static let marker = ".casebook-export"

        struct Refusal: Error, CustomStringConvertible {
            var description: String
        }

        var path: String
        var format: String

        var target: URL { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath() }

        func checkReplaceable() throws {
            let fm = FileManager.default
            let target = self.target
            let cwd = URL(fileURLWithPath: fm.currentDirectoryPath).standardizedFileURL.resolvingSymlinksInPath()
            guard target.path != "/", target.path != cwd.path, !cwd.path.hasPrefix(target.path + "/") else {
                throw Refusal(description: say("will not export into \(path): it is the current folder or one of its parents; choose another --output",
                                              "不会导出到 \(path)：它是当前文件夹或其上级文件夹；请另选 --output"))
            }
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: target.path, isDirectory: &isDir) else { return }
            guard isDir.boolValue else {
                throw Refusal(description: say("\(path) exists and is not a folder; choose another --output", "\(path) 已存在，但不是文件夹；请另选 --output"))
            }
            let entries = try fm.contentsOfDirectory(atPath: target.path)
            if entries.isEmpty { return }
            guard let mark = try? String(contentsOf: target.appendingPathComponent(Self.marker), encoding: .utf8) else {
                throw Refusal(description: say("\(path) holds files that casebook export did not write (no \(Self.marker) file); choose another --output or empty it",
                                              "\(path) 中有不是 casebook export 写出的文件（没有 \(Self.marker) 文件）；请另选 --output，或清空它"))
            }
            let written = mark.trimmingCharacters(in: .whitespacesAndNewlines)
            guard written == format else {
                throw Refusal(description: say("\(path) holds a \(written) export; a \(format) export would replace it: choose another --output",
                                              "\(path) 中是 \(written) 格式的导出；\(format) 格式的导出会替换它：请另选 --output"))
            }
        }

        /// Writes `files` (paths relative to the folder) and the marker into a staging folder, then swaps it in.
        func replace(with files: [(path: String, bytes: Data)]) throws {
            try checkReplaceable()
            let fm = FileManager.default
            let target = self.target
            let parent = target.deletingLastPathComponent()
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
            let token = UUID().uuidString.prefix(8)
            let staging = parent.appendingPathComponent(".\(target.lastPathComponent).export-new-\(token)")
            let old = parent.appendingPathComponent(".\(target.lastPathComponent).export-old-\(token)")
            do {
                try fm.createDirectory(at: staging, withIntermediateDirectories: false)
                var seen: Set<String> = [Self.marker]
                for f in files {
                    guard !f.path.hasPrefix("/"), !f.path.split(separator: "/").contains(".."), seen.insert(f.path).inserted else {
                        throw Refusal(description: say("refusing to write \(f.path): absolute, escaping or duplicate path", "拒绝写入 \(f.path)：绝对路径、越出输出文件夹的路径或重复的路径"))
                    }
                    let url = staging.appendingPathComponent(f.path)
                    try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                    try f.bytes.write(to: url)
                }
                try Data((format + "\n").utf8).write(to: staging.appendingPathComponent(Self.marker))
                if fm.fileExists(atPath: target.path) { try fm.moveItem(at: target, to: old) }
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
}
