import CasebookMarkdown
import CasebookCore
import Foundation

/// `data/cases.json` (a public interface) and `data/cases.csv` (UTF-8 with BOM, for Excel).
struct DataExport {
    let catalog: Catalog

    func files() -> [OutputFile] {
        [OutputFile(path: "data/cases.json", bytes: json()), OutputFile(path: "data/cases.csv", bytes: csv()),
         OutputFile(path: "data/cases.schema.json", text: CasesFile.schema)] + references() + sourceTexts()
    }

    /// Every case as BibTeX, RIS and CSL-JSON, in the site's case order.
    func references() -> [OutputFile] {
        let refs = catalog.input.cases.map(catalog.makeReference)
        return [
            OutputFile(path: "data/cases.bib", text: refs.map(\.bibtex).joined(separator: "\n")),
            OutputFile(path: "data/cases.ris", text: refs.map(\.ris).joined()),
            OutputFile(path: "data/cases.csl.json", bytes: CSLItem.json(refs.map(\.csl))),
        ]
    }

    /// Each source text as received, beside its page (`sources/<file>`), for readers who want the raw text.
    func sourceTexts() -> [OutputFile] {
        catalog.sourcePages.compactMap { file, _ in catalog.input.sources[file].map { OutputFile(path: Paths.sourceText(file), text: $0.text) } }
    }

    /// A section's blocks as Markdown (paragraphs, `###` sub-headings, tables).
    static func sectionMarkdown(_ s: Section) -> String {
        s.blocks.map { b -> String in
            switch b {
            case .paragraph(let p): return Markdown.escape(p)
            case .subheading(let h): return "### " + Markdown.escape(h)
            case .table(let t):
                var lines: [String] = []
                if let c = t.caption { lines.append("#### " + Markdown.escape(c)) ; lines.append("") }
                lines.append("| " + t.header.map(Markdown.escape).joined(separator: " | ") + " |")
                lines.append("|" + t.header.map { _ in " --- |" }.joined())
                for r in t.rows { lines.append("| " + r.map(Markdown.escape).joined(separator: " | ") + " |") }
                return lines.joined(separator: "\n")
            }
        }.joined(separator: "\n\n")
    }

    func json() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let file = CasesFile(cases: catalog.input.cases.map(catalog.makeCaseRecord), count: catalog.input.cases.count)
        // Encoding plain strings, numbers and lists cannot fail.
        let data = (try? encoder.encode(file)) ?? Data()
        return data + Data("\n".utf8)
    }

    static let csvColumns = ["id", "label", "title", "kind", "number", "batch", "level", "issuer", "year", "ftz", "areas", "category",
                             "category_source", "official_label", "providers", "submitters", "lead_units", "responsible_units", "scope",
                             "summary", "url", "source_file", "first_line", "last_line"]

    func csv() -> Data {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = "\u{FEFF}" + Self.csvColumns.joined(separator: ",") + "\r\n"
        for c in catalog.input.cases {
            let meta = catalog.batchOf[c.id]?.meta
            let row: [String] = [
                c.id, catalog.citationLabel(c), c.title, c.kind.rawValue, String(c.number), catalog.batchOf[c.id]?.label ?? "",
                meta?.level.value ?? "", meta?.issuer.value ?? "", meta.map { String($0.year.value) } ?? "",
                c.ftzNames.joined(separator: "；"), c.areaNames.joined(separator: "；"), c.category?.name ?? "", c.category?.source.rawValue ?? "",
                c.category?.officialLabel ?? "", c.providers.joined(separator: "；"), c.submitters.joined(separator: "；"),
                c.leadUnits.joined(separator: "；"), c.responsibleUnits.joined(separator: "；"), c.scope ?? "", c.summary ?? "",
                Paths.casePage(c.id), c.source.file, String(c.source.lines.first), String(c.source.lines.last),
            ]
            out += row.map(field).joined(separator: ",") + "\r\n"
        }
        return Data(out.utf8)
    }
}

