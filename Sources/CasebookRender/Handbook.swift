import CasebookCore

/// A printable collection of cases: one per batch, one per FTZ, one for everything.
/// Pure data, made from the catalog: parts (batches or a batch's own parts), each with groups of cases,
/// every case in official order (the order of `catalog.batches` and their cases).
struct Handbook {
    enum Scope: String {
        case all, batch, ftz
    }

    /// A titled group of cases inside a part (a batch's `第一部分 …`), or an untitled run of cases.
    struct Group {
        var title: String?
        var cases: [Case]
    }

    /// A top-level division: a batch (in the handbooks for everything and per FTZ) or a batch's own part.
    struct Part {
        var title: String
        var subtitle: String?
        var groups: [Group]
        var cases: [Case] { groups.flatMap(\.cases) }
        var count: Int { groups.reduce(0) { $0 + $1.cases.count } }
    }

    /// ASCII file name without extension: `all`, `batch-gx-b2`, `ftz-guangxi`.
    var name: String
    var scope: Scope
    /// Printed on the cover: `中国（广西）自由贸易试验区第二批自治区级制度创新成果汇编`.
    var title: String
    /// Short form for running headers, the browser title and lists: `广西第二批`.
    var shortTitle: String
    var parts: [Part]
    /// The batches the handbook draws on, in official order.
    var batches: [Catalog.Batch]

    var cases: [Case] { parts.flatMap(\.cases) }
    /// The ids of `cases`, and how many (without copying every case into a new list).
    var caseIDs: [String] { parts.flatMap { $0.groups.flatMap { $0.cases.map(\.id) } } }
    var count: Int { parts.reduce(0) { $0 + $1.count } }
    var path: String { Handbook.path(name) }

    static func path(_ name: String) -> String { "handbooks/\(name).html" }
    static let indexPath = "handbooks/index.html"
    /// The handbook of everything, and an FTZ's handbook, are cut into volumes of at most this many cases, so that each
    /// stays printable (a few thousand pages) and a reader can open it.
    static let volumeLimit = 300

    /// The latest year of the documents the handbook holds: the cover's date, taken from the content, never the clock.
    var year: Fact<Int>? {
        guard let latest = batches.map(\.meta.year).max(by: { $0.value < $1.value }) else { return nil }
        // Attributed only when every document of that year has its year from outside the text.
        let stated = batches.contains { $0.meta.year.value == latest.value && !$0.meta.year.isAttributed }
        return Fact(latest.value, stated ? .stated : .attributed)
    }
}

extension Catalog {
    /// The handbooks of the site in a fixed order: everything, each batch, each FTZ that has cases.
    func handbooks(volumeLimit: Int = Handbook.volumeLimit) -> [Handbook] {
        var out: [Handbook] = []
        let nonEmpty = batches.filter { !$0.cases.isEmpty }
        // Everything, in volumes of at most `volumeLimit` cases cut at batch boundaries (a batch larger than that is
        // cut too); one volume is simply `all`.
        let volumes = Catalog.volumes(nonEmpty, limit: volumeLimit)
        for (i, volume) in volumes.enumerated() {
            let single = volumes.count == 1
            out.append(Handbook(name: single ? "all" : "all-\(i + 1)", scope: .all,
                                title: single ? "全部案例汇编" : "全部案例汇编（第\(i + 1)册，共\(volumes.count)册）",
                                shortTitle: single ? "全部案例" : "全部案例 第\(i + 1)册",
                                parts: volume.map { batchPart($0.batch, cases: $0.cases) }, batches: volume.map(\.batch)))
        }
        for b in nonEmpty {
            let parts = Catalog.partition(b.cases).map { key, cases in
                Handbook.Part(title: key, subtitle: nil, groups: [Handbook.Group(title: nil, cases: cases)])
            }
            out.append(Handbook(name: "batch-\(b.meta.slug)", scope: .batch, title: b.meta.title.value, shortTitle: b.label,
                                parts: parts, batches: [b]))
        }
        for z in input.reference.zones {
            // Official order: batch by batch, each batch's cases as listed; `cases(inFTZ:)` says which belong. A zone
            // with more than `volumeLimit` cases gets volumes too (`ftz-guangxi-1`, …), cut at batch boundaries.
            let members = Set(cases(inFTZ: z.short).map(\.id))
            guard !members.isEmpty else { continue }
            let own = nonEmpty.compactMap { b -> Batch? in
                var b = b
                b.cases = b.cases.filter { members.contains($0.id) }
                return b.cases.isEmpty ? nil : b
            }
            let volumes = Catalog.volumes(own, limit: volumeLimit)
            for (i, volume) in volumes.enumerated() {
                let single = volumes.count == 1
                out.append(Handbook(name: single ? "ftz-\(z.code)" : "ftz-\(z.code)-\(i + 1)", scope: .ftz,
                                    title: single ? z.name : "\(z.name)（第\(i + 1)册，共\(volumes.count)册）",
                                    shortTitle: single ? z.short : "\(z.short) 第\(i + 1)册",
                                    parts: volume.map { batchPart($0.batch, cases: $0.cases) }, batches: volume.map(\.batch)))
            }
        }
        return out
    }

    /// Batches packed in order into volumes of at most `limit` cases: a batch goes into the current volume if it fits,
    /// else starts the next; a batch larger than `limit` is cut into pieces of `limit`.
    static func volumes(_ batches: [Batch], limit: Int) -> [[(batch: Batch, cases: [Case])]] {
        var volumes: [[(batch: Batch, cases: [Case])]] = []
        var current: [(batch: Batch, cases: [Case])] = []
        var filled = 0
        for b in batches {
            var rest = b.cases[...]
            while !rest.isEmpty {
                if filled > 0 && filled + rest.count > limit {
                    volumes.append(current)
                    current = []
                    filled = 0
                }
                let piece = Array(rest.prefix(limit))
                current.append((b, piece))
                filled += piece.count
                rest = rest.dropFirst(piece.count)
            }
        }
        if !current.isEmpty { volumes.append(current) }
        return volumes
    }

    /// A batch as a part: its own parts (or kinds) become titled groups when there are several.
    private func batchPart(_ b: Batch, cases: [Case]) -> Handbook.Part {
        let groups = Catalog.partition(cases)
        let titled = groups.count > 1
        return Handbook.Part(title: b.label, subtitle: "\(b.meta.title.value) · \(b.meta.year.value)年",
                             groups: groups.map { Handbook.Group(title: titled ? $0.key : nil, cases: $0.cases) })
    }

    /// Consecutive runs of cases by printed part (or kind when there is none), in their order.
    static func partition(_ cases: [Case]) -> [(key: String, cases: [Case])] {
        var out: [(key: String, cases: [Case])] = []
        for c in cases {
            let key = c.part ?? c.kind.rawValue
            if let last = out.last, last.key == key {
                out[out.count - 1].cases.append(c)
            } else {
                out.append((key, [c]))
            }
        }
        return out
    }
}
