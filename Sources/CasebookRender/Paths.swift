import CasebookCore

/// Where every page lives, relative to the site root. Paths are ASCII; every link is relative.
public enum Paths {
    public static func casePage(_ id: String) -> String { "cases/\(id).html" }
    public static func batchPage(_ slug: String) -> String { "batches/\(slug).html" }
    public static func ftzPage(_ code: String) -> String { "zones/\(code).html" }
    public static func areaPage(_ code: String) -> String { "zones/\(code).html" }
    public static func fieldPage(_ code: String) -> String { "fields/\(code).html" }
    public static func kindPage(_ kind: CaseKind) -> String { "kinds/\(kind.code).html" }
    public static let zonesIndex = "zones/index.html"
    public static let fieldsIndex = "fields/index.html"
    public static let batchesIndex = "batches/index.html"
    public static let search = "search.html"
    public static let stats = "stats.html"
    public static let handbooksIndex = "handbooks/index.html"

    /// `../` once per folder in `path`.
    public static func root(of path: String) -> String {
        String(repeating: "../", count: path.filter { $0 == "/" }.count)
    }
}
