import CasebookCore
import Foundation
import Mustache

/// Escapes text for Markdown templates (`{{% CONTENT_TYPE: MARKDOWN}}`).
struct MarkdownContentType: MustacheContentType {
    let escape: @Sendable (String) -> String
    func escapeText(_ text: String) -> String { escape(text) }
}

/// The templates of `Templates/`, loaded and checked: every partial and parent a template names exists,
/// and rendering a template that does not exist is an error, not an empty string.
public struct TemplateSet: Sendable {
    let library: MustacheLibrary
    public let names: Set<String>
    /// Template name → its text, for the checks.
    let texts: [String: String]
    /// Folder-relative paths of non-template files (stylesheets, scripts) to copy into the site.
    public let assets: [String]
    public let directory: String

    public struct RenderError: Error, CustomStringConvertible {
        public var diagnostic: Diagnostic
        public var description: String { diagnostic.description }
    }

    /// Loads every `*.mustache` below `directory`, named by its path without the extension (`html/case`).
    public static func load(directory: String, markdownEscape: @escaping @Sendable (String) -> String,
                            required: [String] = []) -> (TemplateSet?, [Diagnostic]) {
        MustacheContentTypes.register(MarkdownContentType(escape: markdownEscape), named: "MARKDOWN")
        var diagnostics: [Diagnostic] = []
        let fm = FileManager.default
        guard let files = fm.enumerator(atPath: directory)?.compactMap({ $0 as? String }) else {
            return (nil, [Diagnostic(.error, "template.no-folder", args: ["dir": directory])])
        }
        var library = MustacheLibrary()
        var texts: [String: String] = [:]
        var assets: [String] = []
        for path in files.sorted() {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: directory + "/" + path, isDirectory: &isDir), !isDir.boolValue else { continue }
            guard path.hasSuffix(".mustache") else {
                if !path.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { assets.append(path) }
                continue
            }
            let name = String(path.dropLast(".mustache".count))
            let shown = (directory as NSString).lastPathComponent + "/" + path
            guard let text = try? String(contentsOfFile: directory + "/" + path, encoding: .utf8) else {
                diagnostics.append(Diagnostic(.error, "template.unreadable", at: SourceLocation(file: shown, line: 1)))
                continue
            }
            do {
                library.register(try MustacheTemplate(string: text), named: name)
                texts[name] = text
            } catch let e as MustacheTemplate.ParserError {
                diagnostics.append(Diagnostic(.error, "template.syntax", args: ["problem": "\(e.error)"], at: SourceLocation(file: shown, line: e.context.lineNumber, column: e.context.columnNumber)))
            } catch {
                diagnostics.append(Diagnostic(.error, "template.syntax", args: ["problem": "\(error)"], at: SourceLocation(file: shown, line: 1)))
            }
        }
        let names = Set(texts.keys)
        for (name, text) in texts.sorted(by: { $0.key < $1.key }) {
            for ref in references(in: text) where !names.contains(ref.name) {
                let shown = (directory as NSString).lastPathComponent + "/" + name + ".mustache"
                diagnostics.append(Diagnostic(.error, "template.missing-partial", args: ["kind": "\(ref.kind)", "name": ref.name, "dir": directory],
                                              at: SourceLocation(file: shown, line: ref.line, column: ref.column)))
            }
        }
        for r in required where !names.contains(r) {
            diagnostics.append(Diagnostic(.error, "template.missing", args: ["name": r],
                                          at: SourceLocation(file: (directory as NSString).lastPathComponent + "/" + r + ".mustache", line: 1)))
        }
        if diagnostics.contains(where: { $0.severity == .error }) { return (nil, diagnostics) }
        return (TemplateSet(library: library, names: names, texts: texts, assets: assets, directory: directory), diagnostics)
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
        for m in re.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            var v = ns.substring(with: m.range(at: 2))
            if let open = v.lastIndex(of: "("), let close = v.firstIndex(of: ")"), open < close { v = String(v[v.index(after: open)..<close]) }
            guard v != "." else { continue }
            let before = ns.substring(to: m.range.location)
            let line = before.filter { $0 == "\n" }.count + 1
            let column = (before.components(separatedBy: "\n").last?.count ?? 0) + 1
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
            let shown = (directory as NSString).lastPathComponent + "/" + name + ".mustache"
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
                                                     at: SourceLocation(file: (directory as NSString).lastPathComponent + "/" + name + ".mustache", line: 1)))
        }
        return out
    }
}
