import CasebookCore
import Foundation

/// The search index, written as JavaScript files loaded with `<script src>` (so search works from file://).
struct SearchIndexBuilder {
    let catalog: Catalog

    func files() -> [OutputFile] {
        let docs: [[String: Any]] = catalog.input.cases.map { c in
            [
                "id": c.id, "url": Paths.casePage(c.id), "title": c.title, "label": catalog.citationLabel(c),
                "batch": catalog.batchOf[c.id]?.label ?? "", "kind": c.kind.rawValue, "field": c.category?.name ?? "",
                "ftz": c.ftzNames, "areas": c.areaNames, "text": c.bodyText,
            ]
        }
        let data = (try? JSONSerialization.data(withJSONObject: docs, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("[]".utf8)
        let js = "window.CASEBOOK_DOCS = " + String(decoding: data, as: UTF8.self) + ";\n"
        return [OutputFile(path: "search/docs.js", text: js)]
    }
}
