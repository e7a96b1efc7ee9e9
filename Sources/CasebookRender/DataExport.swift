import CasebookMarkdown
import CasebookCore
import Foundation

/// `data/cases.json` (a public interface) and `data/cases.csv` (UTF-8 with BOM, for Excel).
struct DataExport {
    let catalog: Catalog

    func files() -> [OutputFile] {
        [OutputFile(path: "data/cases.json", bytes: json()), OutputFile(path: "data/cases.csv", bytes: csv())]
    }

    func record(_ c: Case) -> [String: Any] {
        let meta = catalog.batchOf[c.id]?.meta
        var batch: [String: Any] = [
            "number": meta?.batchNumber?.value ?? NSNull(), "name": meta?.batchName.value ?? "", "label": catalog.batchOf[c.id]?.label ?? "",
            "level": meta?.level.value ?? "", "issuer": meta?.issuer.value ?? "", "year": meta?.year.value ?? 0,
            "document": meta?.title.value ?? "", "slug": meta?.slug ?? "",
            "attributed": meta.map { $0.batchName.isAttributed } ?? true,
        ]
        if let meta {
            batch["attributed_facts"] = [("title", meta.title.isAttributed), ("issuer", meta.issuer.isAttributed), ("level", meta.level.isAttributed),
                                         ("batch", meta.batchName.isAttributed), ("year", meta.year.isAttributed)].filter(\.1).map(\.0)
        }
        var category: [String: Any] = ["name": NSNull(), "source": NSNull(), "official_label": c.printedCategory ?? NSNull()]
        if let f = c.category {
            category = ["name": f.name, "source": f.source.rawValue, "official_label": f.officialLabel ?? NSNull(), "reason": f.reason,
                        "secondary": f.secondary ?? NSNull(), "keywords": f.matchedKeywords]
        }
        return [
            "id": c.id, "url": Paths.casePage(c.id), "title": c.title, "kind": c.kind.rawValue, "number": c.number,
            "label": catalog.citationLabel(c), "part": c.part ?? NSNull(), "kicker": c.kicker ?? NSNull(),
            "batch": batch, "category": category,
            "ftz": c.ftzNames, "areas": c.areaNames,
            "zones": c.zones.map { ["ftz": $0.ftz, "area": $0.area ?? NSNull()] as [String: Any] },
            "providers": c.providers, "submitters": c.submitters, "lead_units": c.leadUnits, "responsible_units": c.responsibleUnits,
            "authors": c.authors, "scope": c.scope ?? NSNull(), "summary": c.summary ?? NSNull(),
            "sections": c.sections.map { s in ["heading": s.heading ?? NSNull(), "markdown": sectionMarkdown(s)] as [String: Any] },
            "related": c.related,
            "source": ["file": c.source.file, "lines": [c.source.lines.first, c.source.lines.last]],
        ]
    }

    /// A section's blocks as Markdown (paragraphs, `###` sub-headings, tables).
    func sectionMarkdown(_ s: Section) -> String {
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
        let doc: [String: Any] = [
            "generator": "casebook",
            "count": catalog.input.cases.count,
            "cases": catalog.input.cases.map(record),
        ]
        let data = (try? JSONSerialization.data(withJSONObject: doc, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
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

