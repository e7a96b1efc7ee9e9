import CasebookCore
import CasebookTemplates

/// The home page (`html/home`): counts and a way into every batch, FTZ, field and kind.
struct HomeModel: SchemaModel {
    struct Entry: SchemaModel {
        var title: String
        var url: String
        var count: Int
        var summary: String?
        static let schema = Schema<Self>([
            .value("title") { $0.title }, .value("url") { $0.url }, .value("count") { $0.count }, .value("summary") { $0.summary },
        ])
    }

    var count: Int
    var batches: [Entry]
    var ftzs: [Entry]
    var fields: [Entry]
    var kinds: [Entry]

    static let schema = Schema<Self>([
        .value("count") { $0.count }, .list("batches") { $0.batches }, .list("ftzs") { $0.ftzs }, .list("fields") { $0.fields },
        .list("kinds") { $0.kinds }, .value("batch_count") { $0.batches.count }, .value("ftz_count") { $0.ftzs.count },
        .value("zones_url") { _ in Paths.zonesIndex },
    ])
    static let template = "html/home"
}

extension Catalog {
    func makeHomeModel() -> HomeModel {
        HomeModel(
            count: input.cases.count,
            batches: batches.map { b in
                HomeModel.Entry(title: b.label, url: Paths.batchPage(b.meta.slug), count: b.cases.count,
                                summary: "\(b.meta.title.value) · \(b.meta.level.value) · \(b.meta.year.value)年")
            },
            ftzs: input.reference.zones.compactMap { z in
                let n = cases(inFTZ: z.short).count
                return n == 0 ? nil : HomeModel.Entry(title: z.short, url: Paths.ftzPage(z.code), count: n)
            },
            fields: input.reference.fields.compactMap { f in
                let n = cases(inField: f.name).count
                return n == 0 ? nil : HomeModel.Entry(title: f.name, url: Paths.fieldPage(f.code), count: n)
            },
            kinds: CaseKind.allCases.map { k in HomeModel.Entry(title: k.rawValue, url: Paths.kindPage(k), count: cases(ofKind: k).count) })
    }
}
