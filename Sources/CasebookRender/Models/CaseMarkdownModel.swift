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

    init(_ c: Case) {
        sections = c.sections.map { s in
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

/// A whole case as a Markdown document (`markdown/case`, for `casebook export --format markdown`).
struct CaseDocumentModel: SchemaModel {
    var id: String
    var title: String
    var label: String
    var citation: String
    /// `原文：000_….txt 第211–248行`: where in the source text, apart from the citation.
    var source: String
    var body: CaseBodyModel

    static let schema = Schema<Self>([
        .value("id") { $0.id }, .value("title") { $0.title }, .value("label") { $0.label }, .value("citation") { $0.citation },
        .value("source") { $0.source }, .list("sections") { $0.body.sections },
    ])
    static let template = "markdown/case"
}

extension Catalog {
    func makeCaseDocumentModel(_ c: Case) -> CaseDocumentModel {
        CaseDocumentModel(id: c.id, title: c.title, label: citationLabel(c), citation: citation(c),
                          source: "原文：\(c.source.file) 第\(c.source.lines.first)–\(c.source.lines.last)行", body: CaseBodyModel(c))
    }
}
