import CasebookCore
import Foundation
import Yams

/// Reads a source's metadata YAML.
enum MetadataReader {
    static func placeholder(stem: String) -> DocumentMetadata {
        let slug = String(stem.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        return DocumentMetadata(slug: slug, title: Fact(stem, .attributed), issuer: Fact("（未载明）", .attributed),
                                level: Fact("（未载明）", .attributed), batchNumber: nil, batchName: Fact("（未载明）", .attributed),
                                year: Fact(0, .attributed))
    }

    /// The optional `encoding:` of the text beside the metadata (utf-8, utf-16le, utf-16be, gb18030, gbk, gb2312);
    /// nil when absent or when the YAML cannot be read (`read` reports that).
    static func declaredEncoding(_ yaml: String, file: String) throws -> SourceEncoding? {
        guard let map = (try? Yams.load(yaml: yaml)) as? [String: Any], let value = map["encoding"] else { return nil }
        guard let name = value as? String, let encoding = SourceEncoding.declarable[name.lowercased()] else {
            let names = SourceEncoding.declarable.keys.sorted().joined(separator: ", ")
            throw Diagnostic(.error, "metadata.invalid", "`encoding` must be one of \(names), not \(value)", at: SourceLocation(file: file, line: 1))
        }
        return encoding
    }

    static func read(_ yaml: String, file: String) throws -> DocumentMetadata {
        func fail(_ message: String) -> Diagnostic {
            Diagnostic(.error, "metadata.invalid", message, at: SourceLocation(file: file, line: 1))
        }
        let node: Any?
        do {
            node = try Yams.load(yaml: yaml)
        } catch let e as YamlError {
            throw fail("not valid YAML: \(e)")
        }
        guard let map = node as? [String: Any] else { throw fail("expected a mapping of facts") }
        func basis(_ v: Any?, _ key: String) throws -> Fact<String>.Basis {
            guard let m = v as? [String: Any], let b = m["basis"] as? String else { throw fail("`\(key)` needs `basis: stated` or `basis: attributed`") }
            guard let basis = Fact<String>.Basis(rawValue: b) else { throw fail("`\(key).basis` must be stated or attributed, not \(b)") }
            return basis
        }
        func stringFact(_ key: String) throws -> Fact<String> {
            guard let m = map[key] as? [String: Any], let v = m["value"] else { throw fail("missing `\(key): {value: …, basis: …}`") }
            return Fact("\(v)", try basis(m, key))
        }
        guard let slug = map["slug"] as? String, slug.range(of: #"^[a-z0-9][a-z0-9-]*$"#, options: .regularExpression) != nil else {
            throw fail("`slug` must be lower-case ASCII letters, digits and dashes (it prefixes case ids)")
        }
        let title = try stringFact("title")
        let issuer = try stringFact("issuer")
        let level = try stringFact("level")
        guard let batch = map["batch"] as? [String: Any], let batchName = batch["name"] else { throw fail("missing `batch: {name: …, basis: …}`") }
        let batchBasis = try basis(batch, "batch")
        var batchNumber: Fact<Int>?
        if let n = batch["number"] {
            guard let i = n as? Int else { throw fail("`batch.number` must be a whole number") }
            batchNumber = Fact(i, Fact<Int>.Basis(rawValue: batchBasis.rawValue)!)
        }
        guard let yearMap = map["year"] as? [String: Any], let year = yearMap["value"] as? Int else { throw fail("missing `year: {value: YYYY, basis: …}`") }
        let yearBasis = try basis(yearMap, "year")
        var layout: Layout?
        if let l = map["layout"] {
            guard let s = l as? String, let v = Layout(rawValue: s) else {
                throw fail("`layout` must be one of \(Layout.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            layout = v
        }
        let known: Set<String> = ["slug", "title", "issuer", "level", "batch", "year", "layout", "note", "encoding"]
        for key in map.keys where !known.contains(key) {
            throw fail("unknown key `\(key)` (known: \(known.sorted().joined(separator: ", ")); metadata never carries hints about cases)")
        }
        return DocumentMetadata(slug: slug, title: title, issuer: issuer, level: level, batchNumber: batchNumber,
                                batchName: Fact("\(batchName)", Fact<String>.Basis(rawValue: batchBasis.rawValue)!),
                                year: Fact(year, Fact<Int>.Basis(rawValue: yearBasis.rawValue)!), layout: layout,
                                note: map["note"] as? String)
    }
}
