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
    }

    public func load(content: String) -> Loaded {
        var diagnostics: [Diagnostic] = []
        let sourcesDir = content + "/sources"
        var documents: [SourceDocument] = []
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: sourcesDir).filter { $0.hasSuffix(".txt") }.sorted()
        } catch {
            diagnostics.append(Diagnostic(.error, "content.no-sources", "cannot read \(sourcesDir): \(error.localizedDescription)"))
            names = []
        }
        if names.isEmpty && !diagnostics.hasErrors {
            diagnostics.append(Diagnostic(.error, "content.no-sources", "no source texts (*.txt) in \(sourcesDir)"))
        }
        for name in names {
            let path = sourcesDir + "/" + name
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: path)) else {
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
            if let metaData = try? Data(contentsOf: URL(fileURLWithPath: metaPath)), let yaml = String(data: metaData, encoding: .utf8) {
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
            reference = try ReferenceLoader().load(content: content)
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
