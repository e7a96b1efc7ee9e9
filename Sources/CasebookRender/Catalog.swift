import CasebookCore

/// The site's indexes over the cases: batches in document order, zones, fields and kinds, each sorted.
/// Pure data for the renderer's pages and exports.
struct Catalog: Sendable {
    struct Batch: Sendable {
        var file: String
        var meta: DocumentMetadata
        var label: String
        var cases: [Case]
    }

    let input: SiteInput
    let batches: [Batch]
    let byID: [String: Case]
    let batchOf: [String: Batch]  // case id → batch
    let batchPosition: [String: Int]  // document file → its place in `batches`
    /// The digest of each case's body identity, made once however many pages show the body; and of each case's
    /// handbook section, made once however many handbooks hold it. Only for the catalog's own cases (`identities(_:for:)`): a
    /// memo by id knows one case per id.
    let bodyIdentities = DigestMemo()
    let handbookCaseIdentities = DigestMemo()
    /// Each case's card (`makeCardModel`), citation (`citation`) and reference in its printed forms (`referenceForms`).
    let cards = ValueMemo<CardModel>()
    let citations = ValueMemo<String>()
    let references = ValueMemo<ReferenceForms>()

    /// `memo` for `c` when it is this catalog's case of its id, nil for an edited copy. Quick when it is, since equal
    /// strings and lists that share their storage compare without reading it.
    func identities<M>(_ memo: M, for c: CasebookCore.Case) -> M? {
        // Compared in place (a dictionary's value would be copied out: a retain and a release of every field).
        guard let i = position[c.id] else { return nil }
        return input.cases.withUnsafeBufferPointer { $0[i] == c } ? memo : nil
    }
    /// Each case's index in `input.cases`.
    let position: [String: Int]

    init(_ input: SiteInput) {
        self.input = input
        // Each document's cases in corpus order, gathered in one pass (a filter per document was quadratic).
        var byFile: [String: [Case]] = [:]
        for c in input.cases { byFile[c.source.file, default: []].append(c) }
        var batches: [Batch] = []
        for file in input.documentOrder {
            guard let meta = input.documents[file] else { continue }
            batches.append(Batch(file: file, meta: meta, label: Catalog.label(meta, zones: input.reference.zones), cases: byFile[file] ?? []))
        }
        self.batches = batches
        self.byID = Dictionary(uniqueKeysWithValues: input.cases.map { ($0.id, $0) })
        self.position = Dictionary(uniqueKeysWithValues: input.cases.enumerated().map { ($0.element.id, $0.offset) })
        var batchOf: [String: Batch] = [:]
        for b in batches { for c in b.cases { batchOf[c.id] = b } }
        self.batchOf = batchOf
        self.batchPosition = Dictionary(batches.enumerated().map { ($0.element.file, $0.offset) }, uniquingKeysWith: { a, _ in a })
    }

    /// A document's place in publication order (`batches.count` for none).
    func batchIndex(_ file: String?) -> Int { file.flatMap { batchPosition[$0] } ?? batches.count }

    /// `广西第二批`, `全国第五批`, `新闻报道（2022）`.
    static func label(_ meta: DocumentMetadata, zones: [FTZ]) -> String {
        guard meta.batchNumber != nil else { return meta.batchName.value }
        if meta.level.value.contains("国家") { return "全国" + meta.batchName.value }
        let home = zones.first { meta.title.value.contains("（\($0.short)）") || meta.title.value.hasPrefix($0.short) }
        return (home?.short ?? "") + meta.batchName.value
    }

    func ftz(_ short: String) -> FTZ? { input.reference.zones.first { $0.short == short } }
    func field(_ name: String) -> Field? { input.reference.fields.first { $0.name == name } }

    func cases(inFTZ short: String) -> [Case] { input.cases.filter { $0.zones.contains { $0.ftz == short } } }
    func cases(inArea area: String, of short: String) -> [Case] { input.cases.filter { $0.zones.contains(ZoneRef(ftz: short, area: area)) } }
    func cases(inField name: String) -> [Case] { input.cases.filter { $0.category?.name == name } }
    func cases(ofKind kind: CaseKind) -> [Case] { input.cases.filter { $0.kind == kind } }
}
