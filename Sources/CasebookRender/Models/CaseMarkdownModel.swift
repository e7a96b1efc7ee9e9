import CasebookCore
import CasebookTemplates

/// A case's text for the Markdown templates (`markdown/case-body`): sections with their headings as printed,
/// paragraphs, sub-headings and tables. Escaping for Markdown is the template's content type.
struct CaseBodyModel: SchemaModel {
    struct Section: SchemaModel {
        var heading: String?
        var blocks: [Block]
        static let schema = Schema<Self>([.value("heading") { $0.heading }, .list("blocks") { $0.blocks }])
    }

    /// One block; exactly one of its keys is set.
    struct Block: SchemaModel {
        var paragraph: String?
        var subheading: String?
        var table: Table?
        static let schema = Schema<Self>([
            .value("paragraph") { $0.paragraph }, .value("subheading") { $0.subheading }, .model("table") { $0.table },
        ])
    }

    struct Table: SchemaModel {
        struct Row: SchemaModel {
            var cells: [String]
            static let schema = Schema<Self>([.value("cells") { $0.cells }])
        }

        var caption: String?
        /// Header cells; an empty one is a space, so that the Markdown table keeps its column.
        var header: [String]
        var rows: [Row]
        static let schema = Schema<Self>([.value("caption") { $0.caption }, .value("header") { $0.header }, .list("rows") { $0.rows }])
    }

    var sections: [Section]
    static let schema = Schema<Self>([.list("sections") { $0.sections }])
    static let template = "markdown/case-body"

    init(_ c: Case) { self.init(sections: c.sections) }

    /// From a case's sections (read once by a caller that needs them for more than this model).
    init(sections: [CasebookCore.Section]) {
        self.sections = sections.map { s in
            Section(heading: s.heading, blocks: s.blocks.map { b in
                switch b {
                case .paragraph(let p): Block(paragraph: p)
                case .subheading(let h): Block(subheading: h)
                case .table(let t):
                    Block(table: Table(caption: t.caption, header: t.header.map { $0.isEmpty ? " " : $0 }, rows: t.rows.map { Table.Row(cells: $0) }))
                }
            })
        }
    }
}

/// A whole case as a Markdown document (`markdown/case`, for `casebook export --format markdown`): YAML front matter
/// that Hugo and Zola read (`title`, `date`, `id`, and the taxonomies `batches`, `zones`, `categories`, `kinds` as lists),
/// then the case's title, label, text and citation.
///
/// The template's content type escapes Markdown; YAML is not Markdown, so every front-matter value is given here already
/// written as a double-quoted YAML scalar (`yaml…`) and the template emits it unescaped (`{{{…}}}`).
struct CaseDocumentModel: SchemaModel {
    var id: String
    var title: String
    var label: String
    var citation: String
    /// `原文：000_….txt 第211–248行`: where in the source text, apart from the citation.
    var source: String
    var body: CaseBodyModel
    var yamlTitle: String
    var yamlDate: String
    var yamlID: String
    var yamlBatches: [String]
    var yamlZones: [String]
    var yamlCategories: [String]
    var yamlKinds: [String]
    /// The body as `markdown/case-body` renders it, made once per case by the renderer (the page's HTML is made from the
    /// same text); empty until it sets it.
    var bodyMarkdown = ""

    static let schema = Schema<Self>([
        .value("id") { $0.id }, .value("title") { $0.title }, .value("label") { $0.label }, .value("citation") { $0.citation },
        .value("source") { $0.source }, .list("sections") { $0.body.sections },
        .value("yamlTitle") { $0.yamlTitle }, .value("yamlDate") { $0.yamlDate }, .value("yamlID") { $0.yamlID },
        .value("yamlBatches") { $0.yamlBatches }, .value("yamlZones") { $0.yamlZones },
        .value("yamlCategories") { $0.yamlCategories }, .value("yamlKinds") { $0.yamlKinds },
        // Made from `sections`, which the fingerprint holds.
        .derived("body_markdown") { $0.bodyMarkdown },
    ])
    static let template = "markdown/case"

    /// `s` as a YAML double-quoted scalar: `\` and `"` escaped, and every character YAML does not allow raw in one
    /// (C0 and C1 controls, DEL, line and paragraph separators, the byte-order mark) written as `\uXXXX`, so that
    /// a line break cannot end the value. Any title (`:`, `#`, `"`, `- `, `[`…) stays one string.
    static func yamlQuoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default:
                let v = u.value
                if v < 0x20 || (0x7F...0x9F).contains(v) || v == 0x2028 || v == 0x2029 || v == 0xFEFF {
                    let hex = String(v, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

extension Catalog {
    func makeCaseDocumentModel(_ c: Case) -> CaseDocumentModel {
        let batch = batchOf[c.id]
        let q = CaseDocumentModel.yamlQuoted
        // The zones taxonomy has a term per FTZ and one per 片区, named as the site's listings are (`广西`, `广西 · 南宁片区`).
        var zones: [String] = []
        for z in c.zones.sorted() {
            if !zones.contains(z.ftz) { zones.append(z.ftz) }
            if let a = z.area, !zones.contains("\(z.ftz) · \(a)") { zones.append("\(z.ftz) · \(a)") }
        }
        return CaseDocumentModel(
            id: c.id, title: c.title, label: citationLabel(c), citation: citation(c),
            source: "原文：\(c.source.file) 第\(c.source.lines.first)–\(c.source.lines.last)行", body: CaseBodyModel(c),
            yamlTitle: q(c.title), yamlDate: q(Self.frontMatterDate(batch?.meta)), yamlID: q(c.id),
            yamlBatches: batch.map { [q($0.label)] } ?? [], yamlZones: zones.map(q),
            yamlCategories: c.category.map { [q($0.name)] } ?? [], yamlKinds: [q(c.kind.rawValue)])
    }

    /// The front matter's `date`: the metadata has a year only (no full date), so the first day of the batch's year.
    static func frontMatterDate(_ meta: DocumentMetadata?) -> String {
        guard let year = meta?.year.value, (1...9999).contains(year) else { return "1970-01-01" }
        let y = String(year)
        return String(repeating: "0", count: 4 - y.count) + y + "-01-01"
    }
}

/// A case's body as HTML where a page shows it, made only when a template reads it (`html`): an incremental build
/// fingerprints the page by what the body is made from (its sections, and the lines its headings link to) and renders the
/// body for the pages that changed alone.
struct CaseBody: Sendable {
    var id: String
    /// The case the body is made from. Its sections are read only when the identity is made (once per case and build
    /// with `identities`): a spilled case reads them back from the spill file at each ask, and every handbook holding
    /// a case made its body here while its section came made from the memo (reading them went from 2.7 % to 1.5 % of
    /// a cold build's samples at 10k).
    let madeFrom: Case
    var html: @Sendable () -> String
    /// The digest of the identity, once per case for the whole build (its page and every handbook holding it ask).
    var identities: DigestMemo?

    init(_ c: Case, identities: DigestMemo? = nil, html: @escaping @Sendable () -> String) {
        id = c.id
        madeFrom = c
        self.identities = identities
        self.html = html
    }

    /// Bytes that change whenever the body would: what it is made from (its sections, and each section's line in the
    /// text, where a case page links its headings), or their digest.
    func appendIdentity(to out: inout [UInt8]) { DigestMemo.append(id, memo: identities, to: &out, appendSource) }

    private func appendSource(to out: inout [UInt8]) {
        let sections = madeFrom.sections
        CaseBodyModel(sections: sections).appendCanonical(to: &out)
        for s in sections { withUnsafeBytes(of: Int64(s.line ?? 0).littleEndian) { out += $0 } }
    }
}
