import CasebookCore

/// A case as a bibliographic reference: what GB/T 7714, BibTeX, RIS and CSL-JSON are written from. It names the
/// publication (issuer, document, batch, item); the source file and lines are a locator kept apart, in the note.
struct Reference {
    /// GB/T 7714-2015 document-type code of the publication the case is part of: `G` (汇编, a compilation), `R`
    /// (报告: a numbered collection of cases issued as one document), `Z` (其他: a task table attached to a notice),
    /// `N` (报纸: a news article).
    enum DocumentType: String {
        case compilation = "G"
        case report = "R"
        case other = "Z"
        case newspaper = "N"
    }

    var id: String
    var type: DocumentType
    /// Who is responsible for the part: the providers or submitting units, the lead units, or a news article's authors.
    var authors: [String]
    var title: String
    /// The publication the part is in, and its issuer.
    var container: String
    var issuer: String
    var batch: String?
    var year: Int
    /// `改革试点经验第3项`, `第2篇`.
    var item: String
    var lines: LineRange
    /// Facts of the publication that come from outside the text (`发布单位`, `年份`…), in a fixed order.
    var attributed: [String]
    /// The case page, absolute when the site has a base URL.
    var url: String?

    /// `（据外部资料：发布单位、年份）`, or empty.
    var attributedNote: String { attributed.isEmpty ? "" : "据外部资料：" + attributed.joined(separator: "、") }

    /// The note of the exported records: the item, its lines in the source text (never the working file's name), and
    /// what is attributed.
    var note: String {
        var parts = [item, "原文第\(lines.first)–\(lines.last)行"]
        if !attributed.isEmpty { parts.append(attributedNote) }
        return parts.joined(separator: "；")
    }
}

extension Catalog {
    /// The type of the publication `file` is, by the layout its parse found.
    func documentType(_ c: Case) -> Reference.DocumentType {
        if c.kind == .news { return .newspaper }
        switch input.sources[c.source.file]?.layout {
        case .compilation: return .compilation
        case .taskTable: return .other
        case .news: return .newspaper
        case .collection, nil: return .report
        }
    }

    /// Case `c`'s reference in every printed form, as its page shows them. Not kept: each data file makes the one form
    /// it gathers (kept for every case, the forms were a third of a gigabyte at 100k cases).
    func referenceForms(_ c: Case) -> ReferenceForms { ReferenceForms(makeReference(c)) }

    func makeReference(_ c: Case) -> Reference {
        let m = batchOf[c.id]?.meta ?? input.documents[c.source.file]
        var authors = c.kind == .news ? c.authors : (c.providers.isEmpty ? c.submitters : c.providers)
        if authors.isEmpty && c.kind != .news { authors = c.leadUnits }
        let item = c.kind == .news ? "第\(c.number)篇" : "\(c.kind.rawValue)第\(c.number)项"
        let attributed = m.map { m in
            [("文件名称", m.title.isAttributed), ("发布单位", m.issuer.isAttributed), ("层级", m.level.isAttributed),
             ("批次", m.batchName.isAttributed), ("年份", m.year.isAttributed)].filter(\.1).map(\.0)
        } ?? []
        let type = documentType(c)
        // A news article is in a newspaper: its name is what the metadata gives as the issuer.
        let container = type == .newspaper ? (m?.issuer.value ?? m?.title.value ?? "") : (m?.title.value ?? "")
        return Reference(
            id: c.id, type: type, authors: authors, title: c.title, container: container,
            issuer: type == .newspaper ? "" : m?.issuer.value ?? "", batch: m?.batchNumber != nil ? m?.batchName.value : nil, year: m?.year.value ?? 0,
            item: item, lines: c.source.lines, attributed: attributed,
            url: input.config.baseURL.map { $0 + Paths.casePage(c.id) })
    }
}

/// A reference as GB/T 7714-2015, BibTeX, RIS and a CSL-JSON item (alone, as a page prints it, and as a value for the
/// data file of every case).
struct ReferenceForms: Sendable {
    var gbt7714: String
    var bibtex: String
    var ris: String
    var csl: CSLItem
    var cslJSON: String

    init(_ r: Reference) {
        gbt7714 = r.gbt7714
        bibtex = r.bibtex
        ris = r.ris
        csl = r.csl
        cslJSON = String(decoding: CSLItem.json([csl]), as: UTF8.self)
    }
}
