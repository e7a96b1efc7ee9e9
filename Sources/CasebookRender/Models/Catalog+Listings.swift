import CasebookCore
import CasebookTemplates

/// A listing before pagination: what it lists (which gives its paths), its title and breadcrumbs, and its model.
struct ListingPage: Sendable {
    var listing: Listing
    var title: String
    var crumbs: [(String, String?)]
    var model: ListingModel

    /// The listing's pages (`ListingModel.paginated`), each with its title: the listing's, with “（第 n 页）” after the
    /// first page.
    func paginated() -> [(path: String, number: Int, title: String, model: ListingModel)] {
        model.paginated(listing).map { ($0.path, $0.number, $0.number == 1 ? title : "\(title)（第 \($0.number) 页）", $0.model) }
    }
}

extension Catalog {
    /// Every listing: batches (official order, grouped by part) and their index, FTZs and 片区, fields and their index,
    /// kinds. Partitions in the order of the reference data.
    func makeListingPages() -> [ListingPage] {
        // Every case's card at once, on every core: the listings below take them from the memo.
        Parallel.forEach(input.cases) { _ = makeCardModel($0) }
        // The four kinds of listing beside each other (on one thread they were a tenth of a second at 10k cases, with
        // the other core idle), in this order.
        let kinds: [@Sendable () -> [ListingPage]] = [batchListings, zoneListings, fieldListings, kindListings]
        return Parallel.map(kinds) { $0() }.flatMap { $0 }
    }

    /// Batches, in official order, grouped by part, and their index.
    private func batchListings() -> [ListingPage] {
        var pages: [ListingPage] = []
        var batchRows: [ListingModel.LinkRow] = []
        for b in batches {
            let groups = Catalog.partition(b.cases).map { ListingModel.Group(title: $0.key, count: $0.cases.count, items: $0.cases.map(makeCardModel)) }
            let meta = b.meta
            let intro = "\(meta.issuer.value)\(meta.issuer.isAttributed ? "（据外部资料）" : "") · \(meta.level.value) · \(meta.year.value)年\(meta.year.isAttributed ? "（据外部资料）" : "")"
            pages.append(ListingPage(listing: .batch(slug: meta.slug), title: "\(b.label)：\(meta.title.value)",
                                     crumbs: [("批次", Paths.batchesIndex), (b.label, nil)],
                                     model: ListingModel(heading: meta.title.value, intro: intro, note: meta.note ?? "", groups: groups,
                                                         filterSource: Paths.listingData(Paths.batchPage(meta.slug)), filterFacets: ["zone", "field"])))
            batchRows.append(.init(title: b.label, url: Paths.batchPage(meta.slug), count: b.cases.count, summary: "\(meta.title.value) · \(meta.year.value)年"))
        }
        pages.append(ListingPage(listing: .batches, title: "批次", crumbs: [("批次", nil)],
                                 model: ListingModel(heading: "全部批次", links: batchRows)))
        return pages
    }

    /// Zones: FTZ pages list their 片区 (with or without cases) and their cases; 片区 pages their cases.
    private func zoneListings() -> [ListingPage] {
        var pages: [ListingPage] = []
        for z in input.reference.zones {
            let cases = cases(inFTZ: z.short)
            for (i, a) in z.areas.enumerated() {
                let ac = self.cases(inArea: a, of: z.short)
                guard !ac.isEmpty, let code = z.areaCode(a) else { continue }
                pages.append(ListingPage(listing: .area(ftz: z.code, code: code, position: i + 1), title: "\(z.short) · \(a)",
                                         crumbs: [("自贸试验区", Paths.zonesIndex), (z.short, Paths.ftzPage(z.code)), (a, nil)],
                                         model: ListingModel(heading: "\(z.name) \(a)", groups: [.init(title: "案例", count: ac.count, items: ac.map(makeCardModel))],
                                                             filterSource: Paths.listingData(Paths.areaPage(ftz: z.code, area: code)), filterFacets: ["field", "kind"])))
            }
            pages.append(ListingPage(listing: .ftz(code: z.code), title: z.name, crumbs: [("自贸试验区", Paths.zonesIndex), (z.short, nil)],
                                     model: ListingModel(heading: z.name, areas: makeAreaChips(z),
                                                         groups: cases.isEmpty ? [] : [.init(title: "案例", count: cases.count, items: cases.map(makeCardModel))],
                                                         empty: cases.isEmpty,
                                                         filterSource: cases.isEmpty ? nil : Paths.listingData(Paths.ftzPage(z.code)), filterFacets: ["field", "kind"])))
        }
        return pages
    }

    /// Fields: what the documents printed first, then what the rule or an editor placed there; and their index.
    private func fieldListings() -> [ListingPage] {
        var pages: [ListingPage] = []
        var fieldRows: [ListingModel.LinkRow] = []
        for f in input.reference.fields {
            let cases = cases(inField: f.name)
            let official = cases.filter { $0.category?.source == .official }
            let other = cases.filter { $0.category?.source != .official }
            var groups: [ListingModel.Group] = []
            if !official.isEmpty { groups.append(.init(title: "印发文本标注的领域", count: official.count, items: official.map(makeCardModel))) }
            if !other.isEmpty { groups.append(.init(title: "按关键词规则或编辑归入", count: other.count, items: other.map(makeCardModel))) }
            pages.append(ListingPage(listing: .field(code: f.code), title: "领域：\(f.name)", crumbs: [("领域", Paths.fieldsIndex), (f.name, nil)],
                                     model: ListingModel(heading: f.name, intro: "印发时标注为：\(f.aliases.joined(separator: "、"))", groups: groups, empty: cases.isEmpty,
                                                         filterSource: cases.isEmpty ? nil : Paths.listingData(Paths.fieldPage(f.code)), filterFacets: ["ftz", "kind"])))
            fieldRows.append(.init(title: f.name, url: Paths.fieldPage(f.code), count: cases.count, summary: "官方标注 \(official.count) · 规则归入 \(other.count)"))
        }
        let unclassified = input.cases.filter { c in !input.reference.fields.contains { $0.name == c.category?.name } }
        pages.append(ListingPage(listing: .fields, title: "领域", crumbs: [("领域", nil)],
                                 model: ListingModel(heading: "领域（\(input.reference.fields.count) 个）", links: fieldRows,
                                                     groups: unclassified.isEmpty ? [] : [.init(title: "未能归类", count: unclassified.count, items: unclassified.map(makeCardModel))])))
        return pages
    }

    /// Kinds.
    private func kindListings() -> [ListingPage] {
        var pages: [ListingPage] = []
        for kind in CaseKind.allCases {
            let cases = cases(ofKind: kind)
            pages.append(ListingPage(listing: .kind(kind), title: kind.rawValue, crumbs: [(kind.rawValue, nil)],
                                     model: ListingModel(heading: kind.rawValue, groups: [.init(title: "全部", count: cases.count, items: cases.map(makeCardModel))], empty: cases.isEmpty)))
        }
        return pages
    }

    /// `listings/….js` for every listing with filters: its cards, in listing order, as data for `assets/listing.js`.
    /// Each file is written to `sink` as it is made, a piece at a time: together they hold every case several times, and the listing of a kind at 100k cases is 35 MB. (A case's card JSON, made again for each listing that
    /// holds it, was kept for the whole export: 68 MB at 100k cases.)
    func writeListingData(_ listings: [ListingPage]? = nil, to sink: some OutputSink) throws {
        for page in listings ?? makeListingPages() {
            guard let path = page.model.filterSource else { continue }
            try sink.write(path) { emit in
                var out = Array("casebookListing(\(SearchEncoding.jsonText(path)),[\n".utf8)
                out.reserveCapacity(1 << 16)
                var first = true
                for group in page.model.groups {
                    for c in group.items {
                        if !first { out += ",\n".utf8 }
                        first = false
                        out += "{\"field\":\(SearchEncoding.jsonText(c.field ?? "")),\"id\":\(SearchEncoding.jsonText(c.id)),\"kind\":\(SearchEncoding.jsonText(c.kind)),".utf8
                        out += "\"label\":\(SearchEncoding.jsonText(c.label)),\"official\":\(c.fieldOfficial ? "true" : "false"),".utf8
                        out += "\"summary\":\(SearchEncoding.jsonText(c.summary ?? "")),\"title\":\(SearchEncoding.jsonText(c.title)),".utf8
                        out += "\"url\":\(SearchEncoding.jsonText(c.url)),\"zones\":\(SearchEncoding.jsonText(c.zones))}".utf8
                        if out.count >= 1 << 16 {
                            try emit(out)
                            out.removeAll(keepingCapacity: true)
                        }
                    }
                }
                out += "\n]);\n".utf8
                try emit(out)
            }
        }
    }

    /// An FTZ's 片区 with their counts, linked when they have cases.
    func makeAreaChips(_ z: FTZ) -> [ListingModel.AreaChip] {
        z.areas.map { a in
            let n = cases(inArea: a, of: z.short).count
            return ListingModel.AreaChip(name: a, count: n, url: n > 0 ? z.areaCode(a).map { Paths.areaPage(ftz: z.code, area: $0) } : nil)
        }
    }

    func makeZonesModel() -> ZonesModel {
        ZonesModel(ftzs: input.reference.zones.map { z in
            ZonesModel.FTZRow(name: z.short, full: z.name, url: Paths.ftzPage(z.code), count: cases(inFTZ: z.short).count, areas: makeAreaChips(z))
        })
    }
}

extension Catalog {
    /// `compare/<id>.js` per case: what `compare.html` shows side by side, each section with its meaning
    /// (`ReferenceData.sectionMeaning`): title, label, link, zones, field, and the sections' text as paragraphs.
    func compareFiles() -> [OutputFile] { input.cases.map(compareFile) }

    /// Bytes that change whenever `compareFile(c)` would: the case's card, id and title, the order of the meanings, and
    /// every section as printed with its meaning (an incremental build keeps the previous file when they are the same).
    func compareKey(_ c: Case) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(8192)
        func text(_ s: String?) {
            guard let s else { return out.append(0) }
            out.append(1)
            CanonicalBytes.appendString(s, to: &out)
        }
        makeCardModel(c).appendCanonical(to: &out)
        text(c.id)
        text(c.title)
        for m in input.reference.sectionMeanings { text(m.name) }
        for s in c.sections {
            out.append(2)
            text(s.heading)
            text(input.reference.sectionMeaning(s.heading))
            for b in s.blocks {
                switch b {
                case .paragraph(let p): out.append(3); text(p)
                case .subheading(let h): out.append(4); text(h)
                case .table(let t):
                    out.append(5)
                    text(t.caption)
                    for cell in t.header { text(cell) }
                    for row in t.rows {
                        out.append(6)
                        for cell in row { text(cell) }
                    }
                    out.append(7)
                }
            }
        }
        return out
    }

    /// `compare/<id>.js`: one case as the comparison page reads it.
    func compareFile(_ c: Case) -> OutputFile {
        let order = input.reference.sectionMeanings.map(\.name)
        let card = makeCardModel(c)
        let sections = c.sections.map { s -> String in
            let blocks = s.blocks.flatMap { b -> [(String, String)] in
                switch b {
                case .paragraph(let p): return [("p", p)]
                case .subheading(let h): return [("h", h)]
                case .table(let t): return (t.caption.map { [("h", $0)] } ?? []) + [("t", t.header.joined(separator: " ｜ "))] + t.rows.map { ("t", $0.joined(separator: " ｜ ")) }
                }
            }
            let body = blocks.map { "[\"\($0.0)\",\(SearchEncoding.jsonText($0.1))]" }.joined(separator: ",")
            return "{\"heading\":\(s.heading.map(SearchEncoding.jsonText) ?? "null"),\"meaning\":\(SearchEncoding.jsonText(input.reference.sectionMeaning(s.heading))),\"blocks\":[\(body)]}"
        }
        let fields: [(String, String)] = [
            ("field", SearchEncoding.jsonText(card.field ?? "")), ("id", SearchEncoding.jsonText(c.id)), ("label", SearchEncoding.jsonText(card.label)),
            ("meanings", "[" + order.map(SearchEncoding.jsonText).joined(separator: ",") + "]"),
            ("sections", "[" + sections.joined(separator: ",\n") + "]"), ("title", SearchEncoding.jsonText(c.title)),
            ("url", SearchEncoding.jsonText(card.url)), ("zones", SearchEncoding.jsonText(card.zones)),
        ]
        return OutputFile(path: Paths.compareData(c.id), text: "casebookCase(\(SearchEncoding.jsonText(c.id)),{" + fields.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",\n") + "});\n")
    }
}
