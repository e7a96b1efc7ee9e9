import CasebookCore
import CasebookTemplates

/// The statistics page (`html/stats`): cases per batch, FTZ, field and kind as SVG charts with their numbers as tables.
struct StatsModel: SchemaModel {
    struct Chart: SchemaModel {
        var id: String
        var title: String
        var header: String
        var svg: String
        var rows: [Row]
        static let schema = Schema<Self>([
            .value("id") { $0.id }, .value("title") { $0.title }, .value("header") { $0.header }, .value("svg") { $0.svg },
            .list("rows") { $0.rows },
        ])
    }

    struct Row: SchemaModel {
        var label: String
        var value: Int
        var url: String?
        static let schema = Schema<Self>([.value("label") { $0.label }, .value("value") { $0.value }, .value("url") { $0.url }])
    }

    var charts: [Chart]
    var count: Int
    var official: Int

    static let schema = Schema<Self>([
        .list("charts") { $0.charts }, .value("count") { $0.count }, .value("official") { $0.official },
        .value("inferred") { $0.count - $0.official },
    ])
    static let template = "html/stats"
}

extension Catalog {
    func makeStatsModel() -> StatsModel {
        typealias Row = StatsModel.Row
        func chart(_ id: String, _ title: String, _ header: String, _ rows: [Row]) -> StatsModel.Chart {
            StatsModel.Chart(id: id, title: title, header: header,
                             svg: BarChart(title: title, rows: rows.map { ($0.label, $0.value) }).svg(id: id), rows: rows)
        }
        func ranked(_ rows: [Row]) -> [Row] { rows.sorted { a, b in a.value != b.value ? a.value > b.value : a.label < b.label } }
        let ftzRows = input.reference.zones.map { z in Row(label: z.short, value: cases(inFTZ: z.short).count, url: Paths.ftzPage(z.code)) }
        let fieldRows = input.reference.fields.map { f in Row(label: f.name, value: cases(inField: f.name).count, url: Paths.fieldPage(f.code)) }
        return StatsModel(
            charts: [
                chart("by-batch", "各批次案例数", "批次", batches.map { Row(label: $0.label, value: $0.cases.count, url: Paths.batchPage($0.meta.slug)) }),
                chart("by-ftz", "各自贸试验区案例数", "自贸试验区", ranked(ftzRows.filter { $0.value > 0 })),
                chart("by-field", "各领域案例数（官方标注与规则归入合计）", "领域", ranked(fieldRows)),
                chart("by-kind", "各类型案例数", "类型", CaseKind.allCases.map { Row(label: $0.rawValue, value: cases(ofKind: $0).count, url: Paths.kindPage($0)) }),
            ],
            count: input.cases.count, official: input.cases.filter { $0.category?.source == .official }.count)
    }
}
