import CasebookCore
import Foundation
import Yams

/// Reads `Content/`: the source texts with their metadata, and the reference data.
public struct ContentLoader {
    public init() {}

    public struct Loaded: Sendable {
        public var documents: [SourceDocument]
        public var reference: ReferenceData
        public var diagnostics: [Diagnostic]
        /// Texts whose metadata is missing or failed: their per-case consequences (no zone…) are not reported.
        public var metadataFailed: Set<String> = []
        /// The metadata YAML of each text, for the line of a key.
        public var metadataText: [String: String] = [:]
    }

    /// Why a file of `sources/` is not read, or nil when it is (a `.txt`, or a `.yaml` beside its `.txt`).
    static func unread(_ name: String, all: Set<String>, textStems: Set<String>? = nil) -> (variant: String, severity: Diagnostic.Severity)? {
        let ext = (name as NSString).pathExtension
        let stem = (name as NSString).deletingPathExtension
        switch ext.lowercased() {
        case "txt": return ext == "txt" ? nil : ("upper-case", .error)
        case "yaml":
            if ext != "yaml" { return ("other", .warning) }
            // A `.yaml` beside an upper-case `.TXT`: the text gets the message.
            let hasOther = textStems?.contains(stem)
                ?? all.contains { ($0 as NSString).deletingPathExtension == stem && ($0 as NSString).pathExtension.lowercased() != "yaml" }
            return hasOther ? nil : ("metadata-without-text", .error)
        case "pdf": return ("pdf", .error)
        case "doc", "docx", "wps", "rtf", "odt": return ("word", .error)
        default: return ("other", .warning)
        }
    }

    public func load(content: String) -> Loaded {
        var diagnostics: [Diagnostic] = []
        let sourcesDir = content + "/sources"
        var documents: [SourceDocument] = []
        var failed: Set<String> = []
        var yamlOf: [String: String] = [:]
        let names: [String]
        do {
            let all = try FileManager.default.contentsOfDirectory(atPath: sourcesDir).sorted().filter { !$0.hasPrefix(".") }
            names = all.filter { $0.hasSuffix(".txt") }
            // Nothing is dropped silently: every file that is not read is named, with what to do.
            let set = Set(all)
            // `casebook new` leaves a README (in Chinese) on what to put here: it is no source.
            // The stems of the files that are not metadata, once (not once per file).
            let textStems = Set(all.filter { ($0 as NSString).pathExtension.lowercased() != "yaml" }.map { ($0 as NSString).deletingPathExtension })
            for other in all where other != "README.md" {
                guard let (variant, severity) = Self.unread(other, all: set, textStems: textStems) else { continue }
                let stem = (other as NSString).deletingPathExtension
                diagnostics.append(Diagnostic(severity, "content.ignored-file", variant: variant, args: ["file": other, "stem": stem],
                                              at: SourceLocation(file: other, line: 1)))
            }
        } catch {
            diagnostics.append(Diagnostic(.error, "content.no-sources", variant: "unreadable", args: FileProblem(error).arguments.merging(["dir": sourcesDir]) { a, _ in a }))
            names = []
        }
        if names.isEmpty && !diagnostics.hasErrors {
            diagnostics.append(Diagnostic(.error, "content.no-sources", args: ["dir": sourcesDir]))
        }
        // Every file is read and checked, whatever the others hold: one run reports every problem. Each text on its
        // own, in parallel; the results in file order.
        for one in Parallel.map(names, { Self.loadOne($0, sourcesDir: sourcesDir) }) {
            diagnostics += one.diagnostics
            if one.failed { failed.insert(one.name) }
            if let yaml = one.yaml { yamlOf[one.name] = yaml }
            if let d = one.document { documents.append(d) }
        }
        let reference: ReferenceData
        do {
            reference = try ReferenceLoader().load(content: content)
        } catch let d as Diagnostic {
            diagnostics.append(d)
            reference = ReferenceData(zones: [], fields: [], overrides: [:])
        } catch {
            diagnostics.append(Diagnostic(.error, "reference.invalid", args: ["problem": "\(error)"]))
            reference = ReferenceData(zones: [], fields: [], overrides: [:])
        }
        var slugs: [String: String] = [:]
        for d in documents {
            if let other = slugs[d.metadata.slug] {
                diagnostics.append(Diagnostic(.error, "metadata.duplicate-slug", args: ["slug": d.metadata.slug, "other": other],
                                              at: SourceLocation(file: String(d.file.dropLast(4)) + ".yaml", line: MetadataReader.line(of: "slug", in: yamlOf[d.file] ?? ""))))
            }
            slugs[d.metadata.slug] = d.file
        }
        diagnostics += MetadataChecks.duplicateBatches(documents.filter { !failed.contains($0.file) }, yaml: yamlOf)
        let levels = Self.levels(content: content, &diagnostics)
        return Loaded(documents: PublicationOrder.sorted(documents, levels: levels), reference: reference, diagnostics: diagnostics,
                      metadataFailed: failed, metadataText: yamlOf)
    }

    /// What reading one text and its metadata gave.
    struct One: Sendable {
        var name: String
        var document: SourceDocument?
        var diagnostics: [Diagnostic]
        var failed: Bool
        var yaml: String?
    }

    /// Reads the text `name` of `sourcesDir` and the metadata beside it, and checks the metadata against the text.
    static func loadOne(_ name: String, sourcesDir: String) -> One {
        var diagnostics: [Diagnostic] = []
        var yamlText: String?
        let path = sourcesDir + "/" + name
        let stem = String(name.dropLast(4))
        let metaName = stem + ".yaml"
        let metaPath = sourcesDir + "/" + metaName
        var metadata = MetadataReader.placeholder(stem: stem)
        var declared: SourceEncoding?
        var metadataRead = false
        if FileManager.default.fileExists(atPath: metaPath) {
            switch Self.readFile(metaPath, name: metaName) {
            case .failure(let d): diagnostics.append(d)
            case .success(let metaData):
                let decoded = SourceDecoder.decode(metaData, file: metaName, checkShape: false)
                diagnostics += decoded.diagnostics
                if let yaml = decoded.text {
                    yamlText = yaml
                    do {
                        declared = try MetadataReader.declaredEncoding(yaml, file: metaName)
                        metadata = try MetadataReader.read(yaml, file: metaName)
                        metadataRead = true
                    } catch let d as Diagnostic {
                        diagnostics.append(d)
                    } catch {
                        diagnostics.append(Diagnostic(.error, "metadata.invalid", variant: "yaml", args: ["problem": "\(error)"], at: SourceLocation(file: metaName, line: 1)))
                    }
                }
            }
        } else {
            diagnostics.append(Diagnostic(.error, "metadata.missing", args: ["meta": metaName], at: SourceLocation(file: name, line: 1)))
        }
        let data: Data
        switch Self.readFile(path, name: name) {
        case .failure(let d):
            diagnostics.append(d)
            return One(name: name, document: nil, diagnostics: diagnostics, failed: !metadataRead, yaml: yamlText)
        case .success(let d): data = d
        }
        let decoded = SourceDecoder.decode(data, file: name, declared: declared)
        diagnostics += decoded.diagnostics
        // A text that cannot be read is not parsed (its garbage would only bury the real diagnostic) and fails the build.
        guard let text = decoded.text else { return One(name: name, document: nil, diagnostics: diagnostics, failed: !metadataRead, yaml: yamlText) }
        if metadataRead, let yaml = yamlText {
            diagnostics += MetadataChecks.check(metadata, text: text, metaFile: metaName, yaml: yaml)
        }
        return One(name: name, document: SourceDocument(file: name, text: text, metadata: metadata), diagnostics: diagnostics,
                   failed: !metadataRead, yaml: yamlText)
    }

    /// The text `name` of `sourcesDir` read and decoded as `loadOne` reads it (in the encoding its metadata declares),
    /// without the checks; nil when it cannot be read.
    static func readText(_ name: String, sourcesDir: String) -> String? {
        let metaName = String(name.dropLast(4)) + ".yaml"
        var declared: SourceEncoding?
        if case .success(let metaData) = readFile(sourcesDir + "/" + metaName, name: metaName),
           let yaml = SourceDecoder.decode(metaData, file: metaName, checkShape: false).text {
            declared = try? MetadataReader.declaredEncoding(yaml, file: metaName)
        }
        guard case .success(let data) = readFile(sourcesDir + "/" + name, name: name) else { return nil }
        return SourceDecoder.decode(data, file: name, declared: declared).text
    }

    /// The order of levels from `site.yaml` (`levels: [国家级, 自治区级]`), or the default.
    static func levels(content: String, _ diagnostics: inout [Diagnostic]) -> [String] {
        guard let data = FileManager.default.contents(atPath: content + "/site.yaml"), let text = String(data: data, encoding: .utf8),
              let map = (try? Yams.load(yaml: text)) as? [String: Any], let value = map["levels"] else { return PublicationOrder.defaultLevels }
        guard let list = value as? [Any], let levels = list as? [String] else {
            diagnostics.append(Diagnostic(.error, "config.invalid", variant: "levels", at: SourceLocation(file: "site.yaml", line: MetadataReader.line(of: "levels", in: text))))
            return PublicationOrder.defaultLevels
        }
        return levels
    }

    /// The bytes of a file, or a diagnostic saying in one sentence why they cannot be read.
    static func readFile(_ path: String, name: String) -> Result<Data, Diagnostic> {
        do {
            return .success(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let problem = FileProblem(error)
            return .failure(Diagnostic(.error, "content.unreadable", args: problem.arguments, at: SourceLocation(file: name, line: 1)))
        }
    }
}
