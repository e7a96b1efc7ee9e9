import CasebookCore
import Foundation
import Yams

/// Reads `Content/`: the source texts with their metadata, and the reference data.
public struct ContentLoader {
    public var fileSystem: FileSystem
    public init(fileSystem: FileSystem = .local) { self.fileSystem = fileSystem }

    public struct Loaded: Sendable {
        public var documents: [SourceDocument]
        public var reference: ReferenceData
        public var diagnostics: [Diagnostic]
    }

    public func load(content: String) -> Loaded {
        var diagnostics: [Diagnostic] = []
        let sourcesDir = content + "/sources"
        var documents: [SourceDocument] = []
        let names: [String]
        do {
            names = try fileSystem.list(sourcesDir).filter { $0.hasSuffix(".txt") }.sorted()
        } catch {
            diagnostics.append(Diagnostic(.error, "content.no-sources", "cannot read \(sourcesDir): \(error.localizedDescription)"))
            names = []
        }
        if names.isEmpty && !diagnostics.hasErrors {
            diagnostics.append(Diagnostic(.error, "content.no-sources", "no source texts (*.txt) in \(sourcesDir)"))
        }
        for name in names {
            let path = sourcesDir + "/" + name
            guard let data = try? fileSystem.read(path) else {
                diagnostics.append(Diagnostic(.error, "content.unreadable", "cannot read the file", at: SourceLocation(file: name, line: 1)))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(Diagnostic(.error, "content.not-utf8", "the file is not UTF-8 text", at: SourceLocation(file: name, line: 1)))
                continue
            }
            let stem = String(name.dropLast(4))
            let metaName = stem + ".yaml"
            let metaPath = sourcesDir + "/" + metaName
            var metadata: DocumentMetadata
            if let metaData = try? fileSystem.read(metaPath), let yaml = String(data: metaData, encoding: .utf8) {
                do {
                    metadata = try MetadataReader.read(yaml, file: metaName)
                } catch let d as Diagnostic {
                    diagnostics.append(d)
                    metadata = MetadataReader.placeholder(stem: stem)
                } catch {
                    diagnostics.append(Diagnostic(.error, "metadata.invalid", "\(error)", at: SourceLocation(file: metaName, line: 1)))
                    metadata = MetadataReader.placeholder(stem: stem)
                }
            } else {
                diagnostics.append(Diagnostic(.error, "metadata.missing", "no metadata file \(metaName) beside the text: issuer, level, batch and year must be stated or attributed there", at: SourceLocation(file: name, line: 1)))
                metadata = MetadataReader.placeholder(stem: stem)
            }
            documents.append(SourceDocument(file: name, text: text, metadata: metadata))
        }
        let reference: ReferenceData
        do {
            reference = try ReferenceLoader(fileSystem: fileSystem).load(content: content)
        } catch let d as Diagnostic {
            diagnostics.append(d)
            reference = ReferenceData(zones: [], fields: [], overrides: [:])
        } catch {
            diagnostics.append(Diagnostic(.error, "reference.invalid", "\(error)"))
            reference = ReferenceData(zones: [], fields: [], overrides: [:])
        }
        var slugs: [String: String] = [:]
        for d in documents {
            if let other = slugs[d.metadata.slug] {
                diagnostics.append(Diagnostic(.error, "metadata.duplicate-slug", "slug \(d.metadata.slug) is also used by \(other); case ids would collide", at: SourceLocation(file: String(d.file.dropLast(4)) + ".yaml", line: 1)))
            }
            slugs[d.metadata.slug] = d.file
        }
        return Loaded(documents: documents, reference: reference, diagnostics: diagnostics)
    }
}

/// Reads a source's metadata YAML.
enum MetadataReader {
    static func placeholder(stem: String) -> DocumentMetadata {
        let slug = String(stem.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        return DocumentMetadata(slug: slug, title: Fact(stem, .attributed), issuer: Fact("（未载明）", .attributed),
                                level: Fact("（未载明）", .attributed), batchNumber: nil, batchName: Fact("（未载明）", .attributed),
                                year: Fact(0, .attributed))
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
        guard let slug = map["slug"] as? String, slug.matches(#"^[a-z0-9][a-z0-9-]*$"#) else {
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
        let known: Set<String> = ["slug", "title", "issuer", "level", "batch", "year", "layout", "note"]
        for key in map.keys where !known.contains(key) {
            throw fail("unknown key `\(key)` (known: \(known.sorted().joined(separator: ", ")); metadata never carries hints about cases)")
        }
        return DocumentMetadata(slug: slug, title: title, issuer: issuer, level: level, batchNumber: batchNumber,
                                batchName: Fact("\(batchName)", Fact<String>.Basis(rawValue: batchBasis.rawValue)!),
                                year: Fact(year, Fact<Int>.Basis(rawValue: yearBasis.rawValue)!), layout: layout,
                                note: map["note"] as? String)
    }
}

extension Diagnostic: Error {}

extension String {
    func matches(_ pattern: String) -> Bool { range(of: pattern, options: .regularExpression) != nil }
}
