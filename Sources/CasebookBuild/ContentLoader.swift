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
            let all = try FileManager.default.contentsOfDirectory(atPath: sourcesDir).sorted()
            names = all.filter { $0.hasSuffix(".txt") }
            // Nothing is dropped silently: a PDF or Word file put here by mistake is named.
            for other in all where !other.hasPrefix(".") && !other.hasSuffix(".txt") && !other.hasSuffix(".yaml") && other != "README.md" {
                diagnostics.append(Diagnostic(.warning, "content.ignored-file",
                                              "not read: only .txt texts (each with its .yaml metadata) are sources; save the text of this file as a .txt file",
                                              at: SourceLocation(file: other, line: 1)))
            }
        } catch {
            diagnostics.append(Diagnostic(.error, "content.no-sources", "cannot read \(sourcesDir): \(FileProblem(error).cause)"))
            names = []
        }
        if names.isEmpty && !diagnostics.hasErrors {
            diagnostics.append(Diagnostic(.error, "content.no-sources", "no source texts (*.txt) in \(sourcesDir)"))
        }
        // Every file is read and checked, whatever the others hold: one run reports every problem.
        for name in names {
            let path = sourcesDir + "/" + name
            let stem = String(name.dropLast(4))
            let metaName = stem + ".yaml"
            let metaPath = sourcesDir + "/" + metaName
            var metadata = MetadataReader.placeholder(stem: stem)
            var declared: SourceEncoding?
            if FileManager.default.fileExists(atPath: metaPath) {
                switch Self.readFile(metaPath, name: metaName) {
                case .failure(let d): diagnostics.append(d)
                case .success(let metaData):
                    let decoded = SourceDecoder.decode(metaData, file: metaName, checkShape: false)
                    diagnostics += decoded.diagnostics
                    if let yaml = decoded.text {
                        do {
                            declared = try MetadataReader.declaredEncoding(yaml, file: metaName)
                            metadata = try MetadataReader.read(yaml, file: metaName)
                        } catch let d as Diagnostic {
                            diagnostics.append(d)
                        } catch {
                            diagnostics.append(Diagnostic(.error, "metadata.invalid", "\(error)", at: SourceLocation(file: metaName, line: 1)))
                        }
                    }
                }
            } else {
                diagnostics.append(Diagnostic(.error, "metadata.missing", "no metadata file \(metaName) beside the text: issuer, level, batch and year must be stated or attributed there", at: SourceLocation(file: name, line: 1)))
            }
            let data: Data
            switch Self.readFile(path, name: name) {
            case .failure(let d):
                diagnostics.append(d)
                continue
            case .success(let d): data = d
            }
            let decoded = SourceDecoder.decode(data, file: name, declared: declared)
            diagnostics += decoded.diagnostics
            // A text that cannot be read is not parsed (its garbage would only bury the real diagnostic) and fails the build.
            guard let text = decoded.text else { continue }
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

    /// The bytes of a file, or a diagnostic saying in one sentence why they cannot be read.
    static func readFile(_ path: String, name: String) -> Result<Data, Diagnostic> {
        do {
            return .success(try Data(contentsOf: URL(fileURLWithPath: path)))
        } catch {
            let problem = FileProblem(error)
            return .failure(Diagnostic(.error, "content.unreadable", "cannot read the file: \(problem.cause)", at: SourceLocation(file: name, line: 1)))
        }
    }
}
