import CasebookCore
import CasebookTemplates

/// The site's indexes over the cases: batches in document order, zones, fields and kinds, each sorted.
/// Pure data for the renderer's pages and exports. A class: the renderer's closures (a page job's model and key, two per
/// case) capture it by reference, where a copy of its two dozen fields was 860 bytes a case page at 100k cases.
final class Catalog: Sendable {
    struct Batch: Sendable {
        var file: String
        var meta: DocumentMetadata
        var label: String
        var cases: [Case]
    }

    /// Each case's batch by its id, through the case's position: a batch copied into a dictionary entry per case
    /// took 550 bytes a case (55 MB at 100k cases).
    struct BatchLookup: Sendable {
        let position: [String: Int]
        /// By position in `input.cases`: the index in `batches`, or -1.
        let batchIndex: [Int32]
        let batches: [Batch]

        subscript(id: String) -> Batch? {
            guard let at = position[id] else { return nil }
            let b = batchIndex[at]
            return b < 0 ? nil : batches[Int(b)]
        }
    }

    let input: SiteInput
    let batches: [Batch]
    let byID: [String: Case]
    /// Case id → its batch (`batchOf[id]`).
    let batchOf: BatchLookup
    let batchPosition: [String: Int]  // document file → its place in `batches`
    /// The digest of each case's body identity, made once however many pages show the body; and of each case's
    /// handbook section, made once however many handbooks hold it. Only for the catalog's own cases (`identities(_:for:)`): a
    /// memo by id knows one case per id.
    let bodyIdentities = DigestMemo()
    let handbookCaseIdentities = DigestMemo()
    /// Each case's card (`makeCardModel`) and citation (`citation`).
    let cards = ValueMemo<CardModel>()
    let citations = ValueMemo<String>()

    /// `memo` for `c` when it is this catalog's case of its id, nil for an edited copy. Quick when it is, since equal
    /// strings and lists that share their storage compare without reading it.
    func identities<M>(_ memo: M, for c: CasebookCore.Case) -> M? {
        // Compared in place (a dictionary's value would be copied out: a retain and a release of every field).
        guard let i = position[c.id] else { return nil }
        return input.cases.withUnsafeBufferPointer { $0[i] == c } ? memo : nil
    }
    /// Each case's index in `input.cases`.
    let position: [String: Int]
    /// The cases (indexes in `input.cases`, in corpus order) of each FTZ, 片区, field and kind: the listings, home,
    /// statistics and zone pages ask for them a hundred times over (a scan of every case each time).
    let index: CaseIndex

    struct CaseIndex: Sendable {
        var inFTZ: [String: [Int]] = [:]
        var inArea: [ZoneRef: [Int]] = [:]
        var inField: [String: [Int]] = [:]
        var ofKind: [CaseKind: [Int]] = [:]

        init(_ cases: [Case]) {
            for (i, c) in cases.enumerated() {
                // A case counts once under each key, however many of its zones share it.
                for short in Set(c.zones.map(\.ftz)) { inFTZ[short, default: []].append(i) }
                for z in Set(c.zones) { inArea[z, default: []].append(i) }
                if let name = c.category?.name { inField[name, default: []].append(i) }
                ofKind[c.kind, default: []].append(i)
            }
        }
    }
    /// The site's settings as bytes (every setting, as Swift prints the value): part of every key made by hand.
    let configKey: [UInt8]

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
        self.index = CaseIndex(input.cases)
        var batchIndex = [Int32](repeating: -1, count: input.cases.count)
        for (i, b) in batches.enumerated() { for c in b.cases { if let at = position[c.id] { batchIndex[at] = Int32(i) } } }
        self.batchOf = BatchLookup(position: position, batchIndex: batchIndex, batches: batches)
        self.batchPosition = Dictionary(batches.enumerated().map { ($0.element.file, $0.offset) }, uniquingKeysWith: { a, _ in a })
        self.configKey = Array(String(reflecting: input.config).utf8)
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

    func cases(inFTZ short: String) -> [Case] { (index.inFTZ[short] ?? []).map { input.cases[$0] } }
    func cases(inArea area: String, of short: String) -> [Case] { (index.inArea[ZoneRef(ftz: short, area: area)] ?? []).map { input.cases[$0] } }
    func cases(inField name: String) -> [Case] { (index.inField[name] ?? []).map { input.cases[$0] } }
    func cases(ofKind kind: CaseKind) -> [Case] { (index.ofKind[kind] ?? []).map { input.cases[$0] } }
}

extension Catalog {
    /// Bytes that change whenever case `c` would, as every page shows it, without reading it: the key of its text (a
    /// function of the tool, the text, its metadata, the reference data and the learned field terms, which together
    /// give the text's cases), its id, and what the corpus-wide steps gave it (related cases, versions and the
    /// evidence for them). Nil when its text has no key (a build without the cache) or `c` is not this catalog's case.
    func caseKey(_ c: Case) -> [UInt8]? {
        guard let doc = input.documentKeys[c.source.file], identities((), for: c) != nil else { return nil }
        var out: [UInt8] = []
        out.reserveCapacity(256)
        CanonicalBytes.appendString(doc, to: &out)
        CanonicalBytes.appendString(c.id, to: &out)
        out.append(input.sources[c.source.file] == nil ? 0 : 1)
        for (tag, ids) in [(UInt8(1), c.related), (2, c.versions)] {
            out.append(tag)
            withUnsafeBytes(of: Int64(ids.count).littleEndian) { out += $0 }
            for id in ids { CanonicalBytes.appendString(id, to: &out) }
        }
        out.append(3)
        withUnsafeBytes(of: Int64(c.versionEvidence.count).littleEndian) { out += $0 }
        for (id, evidence) in c.versionEvidence.sorted(by: { $0.key < $1.key }) {
            CanonicalBytes.appendString(id, to: &out)
            CanonicalBytes.appendString(evidence, to: &out)
        }
        return out
    }

    /// A key for a file made from case `c` (and the site's settings) alone: `what` names the file's kind. Nil as for
    /// `caseKey`.
    func fileKey(_ what: String, _ c: Case) -> [UInt8]? {
        guard let k = caseKey(c) else { return nil }
        var out: [UInt8] = []
        CanonicalBytes.appendString(what, to: &out)
        CanonicalBytes.appendString(String(decoding: configKey, as: UTF8.self), to: &out)
        return out + k
    }

    /// A key for a file made from text `file` alone (its cases, source text and metadata) and the site's settings:
    /// `what` names the file's kind. Nil for a text without a key.
    func documentFileKey(_ what: String, _ file: String) -> [UInt8]? {
        guard let doc = input.documentKeys[file] else { return nil }
        var out: [UInt8] = []
        CanonicalBytes.appendString(what, to: &out)
        CanonicalBytes.appendString(String(decoding: configKey, as: UTF8.self), to: &out)
        CanonicalBytes.appendString(doc, to: &out)
        return out
    }

    /// A key for handbook `h`'s page: its name, titles and the shape of its parts and groups, the keys of its documents
    /// and of every case it holds, the site's settings. Nil when one of them has no key.
    func handbookKey(_ h: Handbook) -> [UInt8]? {
        var out: [UInt8] = []
        for s in [HandbookPageModel.template, String(decoding: configKey, as: UTF8.self), h.name, h.scope.rawValue, h.title, h.shortTitle] {
            CanonicalBytes.appendString(s, to: &out)
        }
        for b in h.batches {
            guard let k = documentFileKey("batch", b.file) else { return nil }
            out.append(1)
            out += k
        }
        for p in h.parts {
            out.append(2)
            CanonicalBytes.appendString(p.title, to: &out)
            if let sub = p.subtitle { out.append(3); CanonicalBytes.appendString(sub, to: &out) }
            for g in p.groups {
                out.append(4)
                if let t = g.title { out.append(5); CanonicalBytes.appendString(t, to: &out) }
                for c in g.cases {
                    guard let k = caseKey(c) else { return nil }
                    out.append(6)
                    out += k
                }
            }
        }
        return out
    }

    /// A key for case `c`'s page: the case, and every case the page shows something of (the previous and next of its
    /// batch, its related cases and its versions). Nil when one of them has no key.
    func casePageKey(_ c: Case) -> [UInt8]? {
        guard var out = fileKey(CasePageModel.template, c) else { return nil }
        var shown: [(UInt8, String)] = c.related.map { (1, $0) } + c.versions.map { (2, $0) }
        if let cases = batchOf[c.id]?.cases, let i = cases.firstIndex(where: { $0.id == c.id }) {
            if i > 0 { shown.append((3, cases[i - 1].id)) }
            if i + 1 < cases.count { shown.append((4, cases[i + 1].id)) }
        }
        for (role, id) in shown {
            guard let other = byID[id], let k = caseKey(other) else { return nil }
            out.append(role)
            out += k
        }
        return out
    }
}
