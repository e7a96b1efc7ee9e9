import CasebookCore
import Foundation
import Mustache

/// Escapes text for Markdown templates (`{{% CONTENT_TYPE: MARKDOWN}}`).
struct MarkdownContentType: MustacheContentType {
    let escape: @Sendable (String) -> String
    func escapeText(_ text: String) -> String { escape(text) }
}

/// Escapes text for HTML templates: `<`, `>`, `&`, `"` and `'`, as swift-mustache's own HTML content type does, but
/// over UTF-8 bytes and returning the text itself when nothing needs escaping (most text): escaping per `Character`
/// with a dictionary look-up was a tenth of a build. Every template outside `markdown/` without a `CONTENT_TYPE`
/// pragma of its own starts with this one; its partials and parent inherit it.
struct FastHTMLContentType: MustacheContentType {
    static let name = "CASEBOOK_HTML"
    static let pragma = "{{% CONTENT_TYPE: \(name)}}"

    func escapeText(_ text: String) -> String { HTML.escape(text) }
}

/// HTML escaping for fragments made in code (a source page's lines), the same as the page templates'.
public enum HTML {
    public static func escape(_ text: String) -> String {
        @inline(__always) func special(_ b: UInt8) -> Bool { b == 0x3C || b == 0x3E || b == 0x26 || b == 0x22 || b == 0x27 }
        // Over the string's own bytes where it has them (a native string does): a tight loop, where stepping a
        // `UTF8View` checks its index at every byte.
        let needed = text.utf8.withContiguousStorageIfAvailable { $0.contains(where: special) } ?? text.utf8.contains(where: special)
        guard needed else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 32)
        for b in text.utf8 {
            switch b {
            case 0x3C: out.append(contentsOf: [0x26, 0x6C, 0x74, 0x3B])  // &lt;
            case 0x3E: out.append(contentsOf: [0x26, 0x67, 0x74, 0x3B])  // &gt;
            case 0x26: out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B])  // &amp;
            case 0x22: out.append(contentsOf: [0x26, 0x71, 0x75, 0x6F, 0x74, 0x3B])  // &quot;
            case 0x27: out.append(contentsOf: [0x26, 0x23, 0x33, 0x39, 0x3B])  // &#39;
            default: out.append(b)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The templates of a site: the defaults built into the binary (`DefaultTemplates`), with the site's own `Templates/`
/// files on top, file by file (a site's `html/case.mustache` replaces the default one; every other file stays the
/// default). Loaded and checked: every partial and parent a template names exists, and rendering a template that does
/// not exist is an error, not an empty string. Diagnostics name the file that is used: `Templates/html/case.mustache`
/// for a site's own file, `<built-in>/html/case.mustache` for a default.
public struct TemplateSet: Sendable {
    /// The templates, parsed once per lane of a parallel run (`Parallel.lane`): every lane renders with its own copy,
    /// so two cores do not count references to the same tokens (at 10k cases, 3 % of a cold build's perf samples went to
    /// those counts, and the build took about 1 % less time without them). All copies are parsed from the same text.
    let libraries: [MustacheLibrary]
    var library: MustacheLibrary { libraries[Parallel.lane % libraries.count] }
    public let names: Set<String>
    /// Template name → its text, for the checks.
    let texts: [String: String]
    /// Template name → the path diagnostics show for it.
    let shownPaths: [String: String]
    /// Folder-relative paths and bytes of the non-template files (stylesheets, scripts) to copy into the site.
    public let assets: [(path: String, bytes: Data)]
    public let directory: String

    /// How diagnostics name a default template that no file of the site overrides.
    public static let builtInFolder = "<built-in>"

    public struct RenderError: Error, CustomStringConvertible {
        public var diagnostic: Diagnostic
        public var description: String { diagnostic.description }
    }

    /// The files of one layer: folder-relative path → bytes. A folder that does not exist is an empty layer; one that
    /// cannot be read is an error.
    static func files(in directory: String) -> (files: [(path: String, bytes: Data?)], problem: Diagnostic?) {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: directory, isDirectory: &isDir) else { return ([], nil) }
        guard isDir.boolValue, let paths = fm.enumerator(atPath: directory)?.compactMap({ $0 as? String }) else {
            return ([], Diagnostic(.error, "template.no-folder", args: ["dir": directory]))
        }
        var out: [(String, Data?)] = []
        for path in paths.sorted() where !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: directory + "/" + path, isDirectory: &isDir), !isDir.boolValue else { continue }
            out.append((path, fm.contents(atPath: directory + "/" + path)))
        }
        return (out, nil)
    }

    /// Loads the default templates (`defaults`), then every file below `directory` over them. Templates are the
    /// `*.mustache` files, named by their path without the extension (`html/case`); the other files are assets.
    public static func load(directory: String, markdownEscape: @escaping @Sendable (String) -> String,
                            required: [String] = [],
                            defaults: [(path: String, bytes: Data)] = DefaultTemplates.files) -> (TemplateSet?, [Diagnostic]) {
        MustacheContentTypes.register(MarkdownContentType(escape: markdownEscape), named: "MARKDOWN")
        MustacheContentTypes.register(FastHTMLContentType(), named: FastHTMLContentType.name)
        var diagnostics: [Diagnostic] = []
        // path → (bytes, the path diagnostics show)
        var layered: [String: (bytes: Data?, shown: String)] = [:]
        for f in defaults { layered[f.path] = (f.bytes, builtInFolder + "/" + f.path) }
        let own = files(in: directory)
        if let problem = own.problem { return (nil, [problem]) }
        let folderName = (directory as NSString).lastPathComponent
        for f in own.files { layered[f.path] = (f.bytes, folderName + "/" + f.path) }

        var library = MustacheLibrary()
        var parsed: [(name: String, text: String)] = []
        var texts: [String: String] = [:]
        var shownPaths: [String: String] = [:]
        var assets: [(path: String, bytes: Data)] = []
        for (path, file) in layered.sorted(by: { $0.key < $1.key }) {
            guard path.hasSuffix(".mustache") else {
                if let bytes = file.bytes {
                    assets.append((path, bytes))
                } else {
                    diagnostics.append(Diagnostic(.error, "template.unreadable", variant: "asset", at: SourceLocation(file: file.shown, line: 1)))
                }
                continue
            }
            let name = String(path.dropLast(".mustache".count))
            shownPaths[name] = file.shown
            guard let bytes = file.bytes, let text = String(data: bytes, encoding: .utf8) else {
                diagnostics.append(Diagnostic(.error, "template.unreadable", at: SourceLocation(file: file.shown, line: 1)))
                continue
            }
            // Every template but the Markdown ones is HTML and gets the fast HTML escaping (unless it names a content
            // type itself); the pragma stands before its first line, so positions on line 1 are shifted back by its length.
            let prefix = !name.hasPrefix("markdown/") && !text.contains("CONTENT_TYPE") ? FastHTMLContentType.pragma : ""
            do {
                library.register(try MustacheTemplate(string: prefix + text), named: name)
                parsed.append((name, prefix + text))
                texts[name] = text
            } catch let e as MustacheTemplate.ParserError {
                let column = e.context.lineNumber == 1 ? max(1, e.context.columnNumber - prefix.count) : e.context.columnNumber
                diagnostics.append(Diagnostic(.error, "template.syntax", args: ["problem": "\(e.error)"], at: SourceLocation(file: file.shown, line: e.context.lineNumber, column: column)))
            } catch {
                diagnostics.append(Diagnostic(.error, "template.syntax", args: ["problem": "\(error)"], at: SourceLocation(file: file.shown, line: 1)))
            }
        }
        let names = Set(texts.keys)
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            for ref in references(in: text) where !names.contains(ref.name) {
                diagnostics.append(Diagnostic(.error, "template.missing-partial", args: ["kind": "\(ref.kind)", "name": ref.name, "dir": directory],
                                              at: SourceLocation(file: shownPaths[name] ?? name, line: ref.line, column: ref.column)))
            }
        }
        for r in required where !names.contains(r) {
            diagnostics.append(Diagnostic(.error, "template.missing", args: ["name": r],
                                          at: SourceLocation(file: folderName + "/" + r + ".mustache", line: 1)))
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }
        // lane 0 (threads no parallel run made) and one per worker
        var libraries = [library]
        for _ in 0..<Parallel.defaultWorkers {
            var copy = MustacheLibrary()
            for p in parsed { if let t = try? MustacheTemplate(string: p.text) { copy.register(t, named: p.name) } }
            libraries.append(copy)
        }
        return (TemplateSet(libraries: libraries, names: names, texts: texts, shownPaths: shownPaths, assets: assets, directory: directory), diagnostics)
    }

    /// Writes the default templates and assets into `directory` (for `casebook templates --export`), creating folders;
    /// returns the paths written, in order.
    public static func exportDefaults(to directory: String, overwrite: Bool = false) throws -> [String] {
        let fm = FileManager.default
        var written: [String] = []
        for f in DefaultTemplates.files {
            let target = URL(fileURLWithPath: directory).appendingPathComponent(f.path)
            if !overwrite && fm.fileExists(atPath: target.path) { continue }
            try fm.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try f.bytes.write(to: target)
            written.append(f.path)
        }
        return written
    }

    /// `{{> name}}` partials and `{{< name}}` parents, with where they stand.
    static func references(in text: String) -> [(kind: String, name: String, line: Int, column: Int)] {
        guard let re = try? NSRegularExpression(pattern: #"\{\{\s*([<>])\s*([^\s}]+)\s*\}\}"#) else { return [] }
        let ns = text as NSString
        return re.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { m in
            let before = ns.substring(to: m.range.location)
            let line = before.filter { $0 == "\n" }.count + 1
            let column = (before.components(separatedBy: "\n").last?.count ?? 0) + 1
            return (ns.substring(with: m.range(at: 1)) == ">" ? "partial" : "parent", ns.substring(with: m.range(at: 2)), line, column)
        }
    }

    /// Every variable a template reads (`{{name}}`, `{{{name}}}`, `{{#name}}`, `{{^name}}`, `{{&name}}`,
    /// the argument of a transform such as `empty(name)`), with where it stands.
    static func variables(in text: String) -> [(name: String, line: Int, column: Int)] {
        var out: [(String, Int, Int)] = []
        guard let re = try? NSRegularExpression(pattern: #"\{\{\{?\s*([#^&]?)\s*([A-Za-z0-9_.()\-]+)\s*\}?\}\}"#) else { return [] }
        let ns = text as NSString
        // The line and column of each match, counted from the one before (matches come in order): counting from the
        // start of the template for each was quadratic, 20 ms of every build.
        var line = 1, lineStart = 0, counted = 0
        for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            var v = ns.substring(with: m.range(at: 2))
            if let open = v.lastIndex(of: "("), let close = v.firstIndex(of: ")"), open < close { v = String(v[v.index(after: open)..<close]) }
            guard v != "." else { continue }
            while counted < m.range.location {
                if ns.character(at: counted) == 0x0A {
                    line += 1
                    lineStart = counted + 1
                }
                counted += 1
            }
            let column = ns.substring(with: NSRange(location: lineStart, length: m.range.location - lineStart)).count + 1
            for part in v.split(separator: ".") { out.append((String(part), line, column)) }
        }
        return out
    }

    /// Template variables that the models a template is rendered with do not provide (a typo renders as nothing, so
    /// it is an error), checked template by template. `pages` names each page kind's template and model type; a
    /// partial or parent layout is checked against the models of every template that includes it.
    public func checkKeys(_ pages: [(template: String, model: any TemplateModel.Type)]) -> [Diagnostic] {
        var includes: [String: [String]] = [:]
        for (name, text) in texts { includes[name] = Self.references(in: text).map(\.name) }
        var roots: [String: [any TemplateModel.Type]] = [:]
        for page in pages {
            var stack = [page.template]
            var seen = Set<String>()
            while let name = stack.popLast() {
                guard seen.insert(name).inserted else { continue }
                roots[name, default: []].append(page.model)
                stack += includes[name] ?? []
            }
        }
        var diagnostics: [Diagnostic] = []
        for name in names.sorted() {
            guard let models = roots[name], let text = texts[name] else { continue }
            let allowed = TemplateKeys.closure(of: models)
            let shown = shownPaths[name] ?? name + ".mustache"
            for v in Self.variables(in: text) where !allowed.contains(v.name) {
                let modelNames = Set(models.map { "\($0)" }).sorted().joined(separator: ", ")
                diagnostics.append(Diagnostic(.error, "template.unknown-key", args: ["key": v.name, "models": modelNames],
                                              at: SourceLocation(file: shown, line: v.line, column: v.column)))
            }
        }
        return diagnostics
    }

    public func render(_ name: String, _ context: Any) throws -> String {
        guard names.contains(name), let out = library.render(context, withTemplate: name) else {
            throw RenderError(diagnostic: Diagnostic(.error, "template.missing", variant: "render", args: ["name": name],
                                                     at: SourceLocation(file: shownPaths[name] ?? (directory as NSString).lastPathComponent + "/" + name + ".mustache", line: 1)))
        }
        return out
    }
}
