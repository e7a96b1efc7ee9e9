import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

struct New: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Start a site (casebook new DIR) or the metadata of a new text (casebook new source FILE.txt).",
        subcommands: [NewSite.self, NewSource.self], defaultSubcommand: NewSite.self)
}

struct NewSite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "site", abstract: "Create DIR/Content/ (sources/, data/, site.yaml) for a new site.")
    @Argument(help: "The folder of the new site (created if missing; must not hold a Content/ folder).") var directory: String

    func run() async throws {
        let written: [String]
        do {
            written = try SiteStarter.createSite(at: directory)
        } catch let e as SiteStarter.Failure {
            fail("\(e.diagnostic.message(in: language)) [\(e.diagnostic.id)]")
            throw ExitCode(1)
        }
        FileHandle.standardError.write(Data(say("""
        casebook: created \(directory)/Content (\(written.count) files): sources/ (put the texts here; see its README.md), data/, site.yaml
        next: put a text into \(directory)/Content/sources/, run `casebook new source \(directory)/Content/sources/<name>.txt`,
              fill in its metadata, then `cd \(directory) && casebook build`

        """, """
        casebook：已创建 \(directory)/Content（\(written.count) 个文件）：sources/（放来源文本，见其中的 README.md）、data/、site.yaml
        下一步：把一份文本放进 \(directory)/Content/sources/，运行 `casebook new source \(directory)/Content/sources/<文件名>.txt`，
              填好它的元数据，然后 `cd \(directory) && casebook build`

        """).utf8))
    }
}

struct NewSource: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "source", abstract: "Detect the layout of a text and write its metadata skeleton beside it (FILE.yaml).")
    @Argument(help: "The text (.txt) in Content/sources/.") var file: String

    func run() async throws {
        let result: (metadata: String, findings: SiteStarter.Findings)
        do {
            result = try SiteStarter.writeSkeleton(forText: file)
        } catch let e as SiteStarter.Failure {
            fail("\(e.diagnostic.message(in: language)) [\(e.diagnostic.id)]")
            throw ExitCode(1)
        }
        let f = result.findings
        let layout = f.layout.map { say("layout \($0.rawValue), \(f.cases) cases", "版式 \($0.rawValue)，\(f.cases) 个案例") }
            ?? say("layout not recognised (set `layout:`)", "未能识别版式（请设置 `layout:`）")
        let found = [f.title.map { _ in say("title", "标题") }, f.batchName.map { _ in say("batch", "批次") }, f.level.map { _ in say("level", "层级") }]
            .compactMap { $0 }
        FileHandle.standardError.write(Data(say("""
        casebook: wrote \(result.metadata): \(layout); from the text: \(found.isEmpty ? "nothing" : found.joined(separator: ", "))
        next: replace every \(SiteStarter.toFill) in it (issuer, year, …; mark facts from outside the text `attributed` and say where in `note`), then `casebook check`

        """, """
        casebook：已写出 \(result.metadata)：\(layout)；取自文本：\(found.isEmpty ? "无" : found.joined(separator: "、"))
        下一步：替换其中每一处 \(SiteStarter.toFill)（发布单位、年份……；文本之外的信息标为 `attributed` 并在 `note` 中说明出处），然后运行 `casebook check`

        """).utf8))
    }
}

struct Templates: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the built-in templates, or write them out for editing (--export DIR).",
        discussion: "A site's own Templates/ folder overrides the built-in templates file by file: export them, keep the files you change, delete the rest.")
    @Option(help: "Write the built-in templates and assets into this folder (existing files are kept unless --force).") var export: String?
    @Flag(help: "With --export: overwrite files that exist.") var force = false

    func run() async throws {
        guard let export else {
            for path in builtInTemplatePaths() { print(path) }
            return
        }
        let written = try writeBuiltInTemplates(to: export, overwrite: force)
        let kept = builtInTemplatePaths().count - written.count
        FileHandle.standardError.write(Data(say("casebook: wrote \(written.count) built-in template files to \(export)\(kept > 0 ? "; kept \(kept) existing files (--force overwrites)" : "")\n",
                                                "casebook：已把 \(written.count) 个内置模板文件写入 \(export)\(kept > 0 ? "；保留了 \(kept) 个已有文件（--force 覆盖）" : "")\n").utf8))
    }
}
