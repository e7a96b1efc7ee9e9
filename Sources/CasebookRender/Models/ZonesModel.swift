import CasebookTemplates

/// The index of FTZs and their 片区 (`html/zones`), with or without cases.
struct ZonesModel: SchemaModel {
    struct FTZRow: SchemaModel {
        var name: String
        var full: String
        var url: String
        var count: Int
        var areas: [ListingModel.AreaChip]
        static let schema = Schema<Self>([
            .value("name") { $0.name }, .value("full") { $0.full }, .value("url") { $0.url }, .value("count") { $0.count },
            .list("areas") { $0.areas },
        ])
    }

    var ftzs: [FTZRow]
    static let schema = Schema<Self>([.list("ftzs") { $0.ftzs }])
    static let template = "html/zones"
}
