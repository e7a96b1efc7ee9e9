/// The layouts Casebook can read.
public enum Layout: String, Hashable, Sendable, Codable, CaseIterable {
    /// 汇编: table of contents, parts, category headings, numbered cases with a 报送单位 line.
    case compilation
    /// 工作任务分工表: tab-cell table rows.
    case taskTable = "task-table"
    /// National collection: numbered cases each with a `（中国（X）自由贸易试验区提供）` line.
    case collection
    /// News page with `#` headline markers and bylines.
    case news
}
