import CasebookCore
import CasebookTemplates

/// `cite.html` (`html/cite`): how to cite a case, each format shown on one real case, and what the fields of
/// `data/cases.json` mean.
struct CitePageModel: SchemaModel {
    struct Field: SchemaModel {
        var name: String
        var type: String
        var meaning: String
        static let schema = Schema<Self>([.value("name") { $0.name }, .value("type") { $0.type }, .value("meaning") { $0.meaning }])
    }

    var exampleTitle: String
    var exampleURL: String
    var sentence: String
    var gbt7714: String
    var bibtex: String
    var ris: String
    var cslJSON: String
    var fields: [Field]

    static let schema = Schema<Self>([
        .value("example_title") { $0.exampleTitle }, .value("example_url") { $0.exampleURL }, .value("sentence") { $0.sentence },
        .value("gbt7714") { $0.gbt7714 }, .value("bibtex") { $0.bibtex }, .value("ris") { $0.ris }, .value("csl_json") { $0.cslJSON },
        .list("fields") { $0.fields },
    ])
    static let template = "html/cite"

    /// The fields of a case in `data/cases.json`, as `data/cases.schema.json` describes them.
    static let recordFields: [Field] = [
        Field(name: "id", type: "string", meaning: "稳定的案例编号（批次前缀-类别-序号），也是 BibTeX/RIS/CSL-JSON 的键"),
        Field(name: "url", type: "string", meaning: "案例页的相对地址"),
        Field(name: "title", type: "string", meaning: "标题，照原文"),
        Field(name: "kind", type: "string", meaning: "改革试点经验、最佳实践案例或新闻报道"),
        Field(name: "number", type: "integer", meaning: "原文中的序号（第N项、第N篇）"),
        Field(name: "label", type: "string", meaning: "引用标签，如“广西第二批 · 改革试点经验 第3项”"),
        Field(name: "part / kicker", type: "string | null", meaning: "原文所列的部分标题、新闻引题"),
        Field(name: "batch", type: "object", meaning: "所在文件：批次、层级、发布单位、年份、文件名称；attributed_facts 列出原文未载明、据外部资料的项"),
        Field(name: "category", type: "object", meaning: "领域：name、source（official 官方标注 / rule 规则推断 / editor 编辑指定）、理由与关键词"),
        Field(name: "ftz / areas / zones", type: "array", meaning: "自贸试验区与片区"),
        Field(name: "providers / submitters / lead_units / responsible_units / authors", type: "array of string", meaning: "提供单位、报送单位、牵头部门、复制推广责任单位、新闻作者，照原文"),
        Field(name: "units", type: "array of {name, printed, role}", meaning: "报送单位（submitted）、牵头改革部门（leads）、复制推广责任单位（replicates）逐个按 data/units.yaml 归并：name 为单位，printed 为原文写法"),
        Field(name: "scope / summary", type: "string | null", meaning: "推广范围；摘要（正文首段）"),
        Field(name: "sections", type: "array", meaning: "正文各节：heading（照原文的小标题）与 markdown"),
        Field(name: "related", type: "array of string", meaning: "其他文件中内容相近的案例编号（按标题与摘要相似度）"),
        Field(name: "versions", type: "array of string", meaning: "同一项创新在其他层级或批次的版本（同一片区或单位、共有的特征词、发布在后），按日期排列"),
        Field(name: "source", type: "object", meaning: "原文文件名 file 与行范围 lines [首行, 末行]；原文页为 sources/<文件名>.html#L首行-L末行"),
    ]
}

extension Catalog {
    func makeCitePageModel() -> CitePageModel {
        // The first case of the first batch shows every format; an empty site shows the field table alone.
        let c = batches.first?.cases.first ?? input.cases.first
        let r = c.map(makeReference)
        return CitePageModel(
            exampleTitle: c?.title ?? "", exampleURL: c.map { Paths.casePage($0.id) } ?? "", sentence: c.map(citation) ?? "",
            gbt7714: r?.gbt7714 ?? "", bibtex: r?.bibtex ?? "", ris: r?.ris ?? "",
            cslJSON: r.map { String(decoding: CSLItem.json([$0.csl]), as: UTF8.self) } ?? "", fields: CitePageModel.recordFields)
    }
}
