import CasebookCore
import Foundation
import Yams

/// Reads a source's metadata YAML. Errors are at `file:line:col` (the YAML parser's marks, or the line of the key).
enum MetadataReader {
    static func placeholder(stem: String) -> DocumentMetadata {
        let slug = String(stem.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        return DocumentMetadata(slug: slug, title: Fact(stem, .attributed), issuer: Fact("（未载明）", .attributed),
                                level: Fact("（未载明）", .attributed), batchNumber: nil, batchName: Fact("（未载明）", .attributed),
                                year: Fact(0, .attributed))
    }

    static let knownKeys = ["slug", "title", "issuer", "level", "batch", "year", "date", "weight", "layout", "note", "encoding", "reviewed"]

    /// The line of a top-level key in the YAML text (1 when absent).
    static func line(of key: String, in yaml: String) -> Int {
        for (n, l) in yaml.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if l.hasPrefix(key), l.dropFirst(key.count).drop(while: { $0 == " " }).first == ":" { return n + 1 }
        }
        return 1
    }

    /// The optional `encoding:` of the text beside the metadata (utf-8, utf-16le, utf-16be, gb18030, gbk, gb2312);
    /// nil when absent or when the YAML cannot be read (`read` reports that).
    static func declaredEncoding(_ yaml: String, file: String) throws -> SourceEncoding? {
        // Most metadata declares none: a key `encoding` is written with those letters, or with an escape (a backslash)
        // in a quoted key; a text with neither is not parsed a second time here.
        let bytes = ByteText(yaml)
        guard bytes.contains("encoding") || bytes.bytes.contains(UInt8(ascii: "\\")) else { return nil }
        guard let map = (try? Yams.load(yaml: yaml)) as? [String: Any], let value = map["encoding"] else { return nil }
        guard let name = value as? String, let encoding = SourceEncoding.declarable[name.lowercased()] else {
            let names = SourceEncoding.declarable.keys.sorted().joined(separator: ", ")
            throw Diagnostic(.error, "metadata.invalid", variant: "encoding", args: ["names": names, "value": "\(value)"],
                             at: SourceLocation(file: file, line: line(of: "encoding", in: yaml)))
        }
        return encoding
    }

    /// A YAML syntax error in one line, at the place the parser names: where the construct it was reading began
    /// (the unclosed `{`), with the place it gave up.
    static func syntaxError(_ e: YamlError, file: String) -> Diagnostic {
        let (problem, location) = syntaxProblem(e, file: file)
        return Diagnostic(.error, "metadata.invalid", variant: "yaml", args: ["problem": problem], at: location)
    }

    /// What a YAML syntax error says, and where (see `syntaxError`).
    static func syntaxProblem(_ e: YamlError, file: String) -> (problem: String, location: SourceLocation) {
        func at(_ m: Mark) -> SourceLocation { SourceLocation(file: file, line: m.line, column: m.column) }
        let problem: String, location: SourceLocation
        switch e {
        case let .scanner(context, p, mark, _), let .parser(context, p, mark, _), let .composer(context, p, mark, _):
            if let context, context.mark.line != mark.line || context.mark.column != mark.column {
                problem = "\(context.text), \(p) (line \(mark.line), column \(mark.column))"
                location = at(context.mark)
            } else {
                problem = p
                location = at(mark)
            }
        case let .duplicatedKeysInMapping(duplicates, context):
            problem = "duplicate keys \(duplicates.joined(separator: ", "))"
            location = at(context.mark)
        default:
            problem = "\(e)".split(separator: "\n").first.map(String.init) ?? "\(e)"
            location = SourceLocation(file: file, line: 1)
        }
        return (problem, location)
    }

    /// Levenshtein distance, for "did you mean".
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }

    /// The known key closest to `key`, when close enough to be a typo.
    static func suggestion(for key: String) -> String? {
        let scored = knownKeys.map { ($0, distance(key.lowercased(), $0)) }.sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let best = scored.first, best.1 <= max(1, best.0.count / 3) else { return nil }
        return best.0
    }

    static func read(_ yaml: String, file: String) throws -> DocumentMetadata {
        func fail(_ variant: String, _ args: [String: String] = [:], key: String? = nil) -> Diagnostic {
            Diagnostic(.error, "metadata.invalid", variant: variant, args: args,
                       at: SourceLocation(file: file, line: key.map { line(of: $0, in: yaml) } ?? 1))
        }
        let node: Any?
        do {
            node = try Yams.load(yaml: yaml)
        } catch let e as YamlError {
            throw syntaxError(e, file: file)
        }
        guard let map = node as? [String: Any] else { throw fail("not-mapping") }
        // A misspelt key first: otherwise `isuer` would only show as a missing `issuer`.
        for key in map.keys.sorted() where !knownKeys.contains(key) {
            let hint = suggestion(for: key).map { DiagnosticCatalog.render("metadata.unknown-key/suggestion", ["key": $0], in: .english)! } ?? ""
            let hintZh = suggestion(for: key).map { DiagnosticCatalog.render("metadata.unknown-key/suggestion", ["key": $0], in: .chinese)! } ?? ""
            var d = Diagnostic(.error, "metadata.unknown-key", args: ["key": key, "suggestion": hint], at: SourceLocation(file: file, line: line(of: key, in: yaml)))
            // The suggestion is itself a phrase of the catalog: the Chinese message gets the Chinese one.
            d.arguments["suggestion"] = hintZh
            throw d
        }
        func basis(_ v: Any?, _ key: String) throws -> Fact<String>.Basis {
            guard let m = v as? [String: Any], let b = m["basis"] as? String else { throw fail("basis", ["key": key], key: key) }
            guard let basis = Fact<String>.Basis(rawValue: b) else { throw fail("basis-value", ["key": key, "value": b], key: key) }
            return basis
        }
        func stringFact(_ key: String) throws -> Fact<String> {
            guard let m = map[key] as? [String: Any], let v = m["value"] else { throw fail("missing", ["key": key, "shape": "{value: …, basis: …}"], key: key) }
            return Fact("\(v)", try basis(m, key))
        }
        guard let slug = map["slug"] as? String, slug.range(of: #"^[a-z0-9][a-z0-9-]*$"#, options: .regularExpression) != nil else {
            throw fail("slug", key: "slug")
        }
        let title = try stringFact("title")
        let issuer = try stringFact("issuer")
        let level = try stringFact("level")
        guard let batch = map["batch"] as? [String: Any], let batchName = batch["name"] else {
            throw fail("missing", ["key": "batch", "shape": "{name: …, basis: …}"], key: "batch")
        }
        let batchBasis = try basis(batch, "batch")
        var batchNumber: Fact<Int>?
        if let n = batch["number"] {
            guard let i = n as? Int else { throw fail("batch-number", key: "batch") }
            batchNumber = Fact(i, Fact<Int>.Basis(rawValue: batchBasis.rawValue)!)
        }
        guard let yearMap = map["year"] as? [String: Any], let year = yearMap["value"] as? Int else {
            throw fail("missing", ["key": "year", "shape": "{value: YYYY, basis: …}"], key: "year")
        }
        let yearBasis = try basis(yearMap, "year")
        var date: Fact<String>?
        if let d = map["date"] {
            let m = d as? [String: Any]
            let value = m?["value"]
            var text: String?
            if let v = value as? Date {
                let f = DateFormatter()
                f.locale = Locale(identifier: "en_US_POSIX")
                f.timeZone = TimeZone(identifier: "UTC")
                f.dateFormat = "yyyy-MM-dd"
                text = f.string(from: v)
            } else if let v = value as? String, v.range(of: #"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"#, options: .regularExpression) != nil {
                text = v
            }
            guard let text else { throw fail("date", ["value": "\(value ?? d)"], key: "date") }
            date = Fact(text, try basis(m, "date"))
        }
        var weight: Int?
        if let w = map["weight"] {
            guard let i = w as? Int else { throw fail("whole-number", ["key": "weight"], key: "weight") }
            weight = i
        }
        var reviewed: [String] = []
        if let r = map["reviewed"] {
            guard let list = r as? [Any], let items = list as? [String],
                  items.allSatisfy({ $0.range(of: #"^[a-z]+\.[a-z0-9-]+@[0-9]+$"#, options: .regularExpression) != nil }) else {
                throw fail("reviewed", ["value": "\(r)"], key: "reviewed")
            }
            reviewed = items
        }
        var layout: Layout?
        if let l = map["layout"] {
            guard let s = l as? String, let v = Layout(rawValue: s) else {
                throw fail("layout", ["layouts": Layout.allCases.map(\.rawValue).joined(separator: ", ")], key: "layout")
            }
            layout = v
        }
        var meta = DocumentMetadata(slug: slug, title: title, issuer: issuer, level: level, batchNumber: batchNumber,
                                    batchName: Fact("\(batchName)", Fact<String>.Basis(rawValue: batchBasis.rawValue)!),
                                    year: Fact(year, Fact<Int>.Basis(rawValue: yearBasis.rawValue)!), layout: layout,
                                    note: map["note"] as? String)
        meta.date = date
        meta.weight = weight
        meta.reviewed = reviewed
        return meta
    }
}
