import CasebookMarkdown
import CasebookCore
import Foundation

/// `data/cases.json` (a public interface) and `data/cases.csv` (UTF-8 with BOM, for Excel).
struct DataExport {
    let catalog: Catalog

    /// `cases.json`, its schema and the tables (the source texts are `sourceTexts`).
    func files() -> [OutputFile] { [OutputFile(path: "data/cases.json", bytes: json()), Self.schemaFile] + tables() }

    static let schemaFile = OutputFile(path: "data/cases.schema.json", text: CasesFile.schema)

    /// `cases.csv`, `cases.bib`, `cases.ris` and `cases.csl.json`; with `records` (one memo per path), each case's
    /// row or entry is copied from the previous build's file when its key is unchanged.
    func tables(records: (String) -> RecordMemo? = { _ in nil }) -> [OutputFile] {
        Table.allCases.map { table($0, records: records($0.path)) }
    }

    /// The files of `tables`, each of which can be made on its own.
    enum Table: CaseIterable, Sendable {
        case csv, bib, ris, csl

        var path: String {
            switch self {
            case .csv: "data/cases.csv"
            case .bib: "data/cases.bib"
            case .ris: "data/cases.ris"
            case .csl: "data/cases.csl.json"
            }
        }
    }

    /// One of `tables`: the cases as CSV, or as BibTeX, RIS or CSL-JSON references, in the site's case order.
    func table(_ t: Table, records: RecordMemo?) -> OutputFile {
        var out: [UInt8] = []
        table(t, records: records) { out += $0 }
        return OutputFile(path: t.path, bytes: Data(out))
    }

    /// The same handed to `emit` in pieces as it is made.
    func table<E: Error>(_ t: Table, records: RecordMemo?, emit: ([UInt8]) throws(E) -> Void) throws(E) {
        switch t {
        case .csv:
            try csv(records: records, emit: emit)
        case .bib:
            try joined("cases.bib entry", separator: Array("\n".utf8), records: records, make: {
                Array(catalog.makeReference($0).bibtex.utf8)
            }, emit: emit)
        case .ris:
            try joined("cases.ris entry", records: records, make: { Array(catalog.makeReference($0).ris.utf8) }, emit: emit)
        case .csl:
            let items = OrderedJSONEncoder(pretty: true, indent: 1)
            if catalog.input.cases.isEmpty { return try emit(Array(CSLItem.json([]))) }
            try joined("cases.csl.json item", head: Array("[\n  ".utf8), separator: Array(",\n  ".utf8), tail: Array("\n]\n".utf8),
                       records: records, make: { c in (try? items.encode(catalog.makeReference(c).csl)) ?? [] }, emit: emit)
        }
    }

    /// One piece per case, in the site's case order, between `head` and `tail` and apart by `separator`. A piece whose
    /// case key (`Catalog.fileKey(what, c)`) names one of `records`' previous file is copied from it, the others made by
    /// `make`; where each lies is left in `records`.
    func joined(_ what: String, head: [UInt8] = [], separator: [UInt8] = [], tail: [UInt8] = [], records: RecordMemo?,
                make: (CasebookCore.Case) -> [UInt8]) -> Data {
        var out: [UInt8] = []
        joined(what, head: head, separator: separator, tail: tail, records: records, make: make) { out += $0 }
        return Data(out)
    }

    /// The same handed to `emit` in pieces of about `piece` bytes as it is made (never held whole).
    func joined<E: Error>(_ what: String, head: [UInt8] = [], separator: [UInt8] = [], tail: [UInt8] = [], records: RecordMemo?,
                          piece: Int = 1 << 19, make: (CasebookCore.Case) -> [UInt8], emit: ([UInt8]) throws(E) -> Void) throws(E) {
        var out = head
        var emitted = 0  // bytes handed to `emit` before `out`
        for (i, c) in catalog.input.cases.enumerated() {
            if i > 0 { out += separator }
            let start = out.count
            let digest = records.flatMap { memo in catalog.fileKey(what, c).map(memo.digest) }
            if let digest, let previous = records?.previousRecord(digest) { out += previous } else { out += make(c) }
            if let digest { records?.record(digest, emitted + start ..< emitted + out.count) }
            if out.count >= piece {
                try emit(out)
                emitted += out.count
                out.removeAll(keepingCapacity: true)
            }
        }
        try emit(out + tail)
    }

    /// Each source text as received, beside its page (`sources/<file>`), for readers who want the raw text.
    /// `keep(file, path)` answers true for a text whose previous file stands: none is made for it.
    func sourceTexts(keeping keep: (String, String) throws -> Bool) throws -> [OutputFile] {
        var files: [OutputFile] = []
        try sourceTexts(keeping: keep) { files.append($0) }
        return files
    }

    /// The same, each file handed to `body` as it is made (a site's source texts are as large as its content).
    func sourceTexts(keeping keep: (String, String) throws -> Bool, _ body: (OutputFile) throws -> Void) throws {
        for (file, _) in catalog.sourcePages {
            guard let source = catalog.input.sources[file] else { continue }
            let path = Paths.sourceText(file)
            if try !keep(file, path) { try body(OutputFile(path: path, text: source.text)) }
        }
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

    /// `data/cases.json`: `{"cases" : [...], "count" : N, "generator" : "casebook"}`, pretty-printed with sorted keys.
    func json() -> Data {
        var out: [UInt8] = []
        json { out += $0 }
        return Data(out)
    }

    /// `data/cases.json` handed to `emit` in pieces of about `piece` bytes as it is made: each record is encoded one
    /// level deep into one buffer, used again for every piece, so that neither the file (63 MB at 10,000 cases) nor a
    /// copy of it is ever held. The same bytes as encoding the whole file at once (a test compares them).
    ///
    /// With `records`, a record whose key (`Catalog.fileKey`) names one of the previous build's file is copied from it
    /// rather than made and encoded again, and where each record lies in this file is left in `records`.
    func json(piece: Int = 1 << 19, records: RecordMemo? = nil, emit: ([UInt8]) throws -> Void) rethrows {
        let cases = catalog.input.cases
        // Encoding strings, numbers and lists in order cannot fail.
        guard !cases.isEmpty else {
            return try emit(((try? OrderedJSONEncoder(pretty: true).encode(CasesFile(cases: [], count: 0))) ?? []) + [0x0A])
        }
        // `{…},\n    {…}` between the brackets, at the indentation the list gives its items.
        let encoder = OrderedJSONEncoder(pretty: true, indent: 2)
        var out: [UInt8] = []
        out.reserveCapacity(piece + (1 << 16))
        out += Array("{\n  \"cases\" : [\n".utf8)
        var emitted = 0  // bytes handed to `emit` before `out`
        for (i, c) in cases.enumerated() {
            out += Array((i == 0 ? "    " : ",\n    ").utf8)
            let start = out.count
            let digest = records.flatMap { memo in catalog.fileKey("cases.json record", c).map(memo.digest) }
            if let digest, let previous = records?.previousRecord(digest) {
                out += previous
            } else {
                try? encoder.encode(catalog.makeCaseRecord(c), appendingTo: &out)
            }
            if let digest { records?.record(digest, emitted + start ..< emitted + out.count) }
            if out.count >= piece {
                try emit(out)
                emitted += out.count
                out.removeAll(keepingCapacity: true)
            }
        }
        out += Array("\n  ],\n  \"count\" : \(cases.count),\n  \"generator\" : \"casebook\"\n}\n".utf8)
        try emit(out)
    }

    static let csvColumns = ["id", "label", "title", "kind", "number", "batch", "level", "issuer", "year", "ftz", "areas", "category",
                             "category_source", "official_label", "providers", "submitters", "lead_units", "responsible_units", "scope",
                             "summary", "url", "source_file", "first_line", "last_line"]

    func csv(records: RecordMemo? = nil) -> Data {
        var out: [UInt8] = []
        csv(records: records) { out += $0 }
        return Data(out)
    }

    /// The same handed to `emit` in pieces as it is made.
    func csv<E: Error>(records: RecordMemo?, emit: ([UInt8]) throws(E) -> Void) throws(E) {
        // Over UTF-8 bytes (the characters that make a field quoted are ASCII): a line end inside a \r\n pair counts too.
        func field(_ s: String) -> String {
            guard s.utf8.contains(where: { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }) else { return s }
            var out: [UInt8] = [UInt8(ascii: "\"")]
            for b in s.utf8 {
                out.append(b)
                if b == UInt8(ascii: "\"") { out.append(b) }
            }
            out.append(UInt8(ascii: "\""))
            return String(decoding: out, as: UTF8.self)
        }
        let head = "\u{FEFF}" + Self.csvColumns.joined(separator: ",") + "\r\n"
        try joined("cases.csv row", head: Array(head.utf8), records: records, make: { c in
            let meta = catalog.batchOf[c.id]?.meta
            let row: [String] = [
                c.id, catalog.citationLabel(c), c.title, c.kind.rawValue, String(c.number), catalog.batchOf[c.id]?.label ?? "",
                meta?.level.value ?? "", meta?.issuer.value ?? "", meta.map { String($0.year.value) } ?? "",
                c.ftzNames.joined(separator: "；"), c.areaNames.joined(separator: "；"), c.category?.name ?? "", c.category?.source.rawValue ?? "",
                c.category?.officialLabel ?? "", c.providers.joined(separator: "；"), c.submitters.joined(separator: "；"),
                c.leadUnits.joined(separator: "；"), c.responsibleUnits.joined(separator: "；"), c.scope ?? "", c.summary ?? "",
                Paths.casePage(c.id), c.source.file, String(c.source.lines.first), String(c.source.lines.last),
            ]
            return Array((row.map(field).joined(separator: ",") + "\r\n").utf8)
        }, emit: emit)
    }
}

