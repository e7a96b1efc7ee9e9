import ArgumentParser
import CasebookBuild
import CasebookCore
import Foundation

struct Build: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Build the site: Content/ + Templates/ → Site/.")
    @Option(help: "The content folder (sources, metadata, reference data); default Content, or `content:` in site.yaml.") var content: String?
    @Option(help: "A templates folder whose files override the built-in templates one by one (default: ./Templates when it exists).") var templates: String?
    @Option(help: "Where to write the site (replaced atomically); default Site, or `output:` in site.yaml.") var output: String?
    @Flag(help: "Treat warnings as errors.") var strict = false
    @Flag(name: .shortAndLong, help: "Print no progress and no summary.") var quiet = false
    @Flag(help: "Also turn each handbook into Site/handbooks/<name>.pdf (needs WeasyPrint).") var pdf = false
    @Option(help: "Also write the built site as a zip archive that works unzipped anywhere (file://).") var archive: String?
    @Flag(help: "Print the wall-clock time of each stage of the build (stages on several cores may overlap).") var timings = false
    @Flag(help: "Build cold: ignore the build cache (.casebook-cache/ beside the output folder) and write a new one.") var noCache = false

    func run() async throws {
        let folders = Folders(content: content, output: output)
        let (content, output) = (folders.content, folders.output)
        let templates = try checkTemplatesFolder(self.templates)
        let showProgress = !quiet && isTerminal()
        let builder = SiteBuilder(progress: { message in
            if showProgress { FileHandle.standardError.write(Data("\u{1B}[2K\r… \(message)".utf8)) }
        })
        // The PDFs are made in the staging folder, before it replaces the site: a WeasyPrint failure leaves the old site.
        let pdfs = PDFCount()
        let makePDFs: ((String) throws -> Void)? = pdf ? { [output, content] staging in
            pdfs.value = try PDFMaker(content: content).make(site: staging, shownAs: output).count
        } : nil
        let before = DocumentRecord.previous(output: output)
        // PDFs of the previous build are not carried over (they would go stale): say so rather than drop them silently.
        let oldPDFs = pdf ? 0 : ((try? FileManager.default.contentsOfDirectory(atPath: output + "/handbooks")) ?? []).filter { $0.hasSuffix(".pdf") }.count
        let stages = Timings()
        var options = SiteBuilder.Options(content: content, templates: templates, output: output, strict: strict, useCache: !noCache)
        options.keepUntilExit = true
        let result = builder.build(options, timings: stages, beforeSwap: makePDFs)
        if showProgress { FileHandle.standardError.write(Data("\u{1B}[2K\r".utf8)) }
        let faults = result.diagnostics.filter(isFault)
        report(result.diagnostics.filter { !isFault($0) })
        let warnings = result.diagnostics.filter { $0.severity == .warning }.count
        let errors = result.diagnostics.filter { $0.severity == .error }.count
        if !faults.isEmpty {
            // A fault is one sentence that names the path and the cause.
            for f in faults {
                let sentence = DiagnosticCatalog.render("write.left-as-it-was", ["message": f.message(in: language), "output": output], in: language) ?? f.message
                fail("\(sentence) [\(f.id)]")
            }
            throw ExitCode(1)
        }
        if !quiet {
            let seconds = String(format: "%.2f", result.seconds)
            if result.written && result.unchanged {
                FileHandle.standardError.write(Data(say("casebook: nothing changed since the last build: \(result.cases) cases, \(result.pages) pages (\(result.files) files), \(warnings) warnings in \(seconds) s → \(output) (no file rewritten)\n",
                                                        "casebook：自上次构建以来没有变化：\(result.cases) 个案例、\(result.pages) 个页面（\(result.files) 个文件），\(warnings) 条警告，用时 \(seconds) s → \(output)（未改写任何文件）\n").utf8))
            } else if result.written {
                FileHandle.standardError.write(Data(say("casebook: built \(result.cases) cases, \(result.pages) pages (\(result.files) files), \(warnings) warnings in \(seconds) s → \(output) (\(result.rewritten) written, \(result.kept) unchanged)\n",
                                                        "casebook：已生成 \(result.cases) 个案例、\(result.pages) 个页面（\(result.files) 个文件），\(warnings) 条警告，用时 \(seconds) s → \(output)（改写 \(result.rewritten) 个，未变 \(result.kept) 个）\n").utf8))
            } else {
                FileHandle.standardError.write(Data(say("casebook: build failed with \(errors) errors, \(warnings) warnings; \(output) was left as it was\n",
                                                        "casebook：构建失败，\(errors) 个错误，\(warnings) 条警告；\(output) 保持原样\n").utf8))
            }
        }
        if timings { FileHandle.standardError.write(Data((say("casebook: time per stage\n", "casebook：各阶段用时\n") + "\(stages.report)\n").utf8)) }
        if !result.written { throw ExitCode(1) }
        // Which documents are new, changed or removed since the last build of this output.
        if let before, !quiet, !result.unchanged {
            // The record the build wrote (read and fingerprinted once): the same as the documents now, unless one was
            // edited while the site was built.
            let c = (result.documents ?? DocumentRecord.current(content: content)).changes(since: before)
            if !c.isEmpty { FileHandle.standardError.write(Data((Self.describe(c) + "\n").utf8)) }
        }
        if oldPDFs > 0 && !quiet && !result.unchanged {
            FileHandle.standardError.write(Data(say("casebook: the \(oldPDFs) PDF handbooks of the previous build were removed (they may no longer match); build with --pdf to make them again\n",
                                                    "casebook：上次构建的 \(oldPDFs) 个 PDF 手册已删除（可能与网站不再一致）；加 --pdf 构建可重新生成\n").utf8))
        }
        if pdf && !quiet {
            FileHandle.standardError.write(Data(say("casebook: wrote \(pdfs.value) PDF handbooks to \(output)/handbooks\n", "casebook：已把 \(pdfs.value) 个 PDF 手册写入 \(output)/handbooks\n").utf8))
        }
        if let archive {
            do {
                try Archiver().archive(site: output, to: archive)
                if !quiet { FileHandle.standardError.write(Data(say("casebook: wrote the site archive \(archive)\n", "casebook：已写出网站压缩包 \(archive)\n").utf8)) }
            } catch let failure as Archiver.Failure {
                fail("\(failure.diagnostic.message(in: language)) [\(failure.diagnostic.id)]")
                throw ExitCode(1)
            } catch {
                fail("\(error) [archive.failed]")
                throw ExitCode(1)
            }
        }
    }
}

extension Build {
    /// `casebook: since the last build: new gx-b3.txt; changed gx-b2.txt; removed old.txt`.
    static func describe(_ c: DocumentRecord.Changes) -> String {
        var parts: [String] = []
        if !c.new.isEmpty { parts.append(say("new ", "新增 ") + c.new.joined(separator: ", ")) }
        if !c.changed.isEmpty { parts.append(say("changed ", "修改 ") + c.changed.joined(separator: ", ")) }
        if !c.removed.isEmpty { parts.append(say("removed ", "删除 ") + c.removed.joined(separator: ", ")) }
        return say("casebook: since the last build: ", "casebook：与上次构建相比：") + parts.joined(separator: say("; ", "；"))
    }
}

/// How many PDFs the staging step made (set inside the build, read after it).
final class PDFCount: @unchecked Sendable {
    var value = 0
}
