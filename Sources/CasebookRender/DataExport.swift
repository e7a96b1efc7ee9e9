import CasebookMarkdown
import CasebookCore
import Foundation

/// `data/cases.json` (a public interface) and `data/cases.csv` (UTF-8 with BOM, for Excel).
struct DataExport {
    let catalog: Catalog

    func files() -> [OutputFile] { files(.json) + files(.tables) + files(.sources) }

    /// The exports in parts that can be made at the same time.
    enum Part { case json, tables, sources }

    func files(_ part: Part) -> [OutputFile] {
        switch part {
        case .json: [OutputFile(path: "data/cases.json", bytes: json()), OutputFile(path: "data/cases.schema.json", text: CasesFile.schema)]
        case .tables: [OutputFile(path: "data/cases.csv", bytes: csv())] + references()
        case .sources: sourceTexts()
        }
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

    func json(chunk: Int = 256) -> Data {
        let cases = catalog.input.cases
        let catalog = self.catalog
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain strings, numbers and lists cannot fail.
        let empty = String(decoding: (try? encoder.encode(CasesFile(cases: [], count: cases.count))) ?? Data(), as: UTF8.self)
        let hole = "\"cases\" : [\n\n  ]"
        guard cases.count > chunk, let at = empty.range(of: hole) else {
            let file = CasesFile(cases: cases.map(catalog.makeCaseRecord), count: cases.count)
            return ((try? encoder.encode(file)) ?? Data()) + Data("\n".utf8)
        }
        // The records, a chunk at a time on every core, each chunk encoded as a list of its own and indented one
        // level deeper (a JSON string holds no raw line end, so indenting line by line is safe); the same bytes as
        // encoding the whole file at once (a test compares them).
        let chunks = Parallel.map(Array(stride(from: 0, to: cases.count, by: chunk))) { start -> String in
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            let records = cases[start..<min(start + chunk, cases.count)].map(catalog.makeCaseRecord)
            let text = String(decoding: (try? encoder.encode(records)) ?? Data(), as: UTF8.self)
            // `[\n  {…},\n  {…}\n]` → the lines between the brackets, indented by two more spaces (an empty list's
            // blank line stays blank).
            let inner = text.dropFirst(2).dropLast(2)
            return inner.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : "  " + $0 }.joined(separator: "\n")
        }
        let out = empty.replacingCharacters(in: at, with: "\"cases\" : [\n" + chunks.joined(separator: ",\n") + "\n  ]")
        return Data((out + "\n").utf8)
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

