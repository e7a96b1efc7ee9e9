import CasebookCore

/// Where every page lives, relative to the site root. Paths are ASCII; every link is relative.
public enum Paths {
    public static func casePage(_ id: String) -> String { "cases/\(id).html" }
    public static func batchPage(_ slug: String) -> String { "batches/\(slug).html" }
    public static func ftzPage(_ code: String) -> String { "zones/\(code).html" }
    public static func areaPage(_ code: String) -> String { "zones/\(code).html" }
    public static func fieldPage(_ code: String) -> String { "fields/\(code).html" }
    public static func kindPage(_ kind: CaseKind) -> String { "kinds/\(kind.code).html" }
    /// A source text's page, `sources/<file stem>.html`, and the text itself beside it.
    public static func sourcePage(_ file: String) -> String { "sources/\(stem(file)).html" }
    public static func sourceText(_ file: String) -> String { "sources/\(stem(file)).txt" }
    /// Lines `first`–`last` of a source's page: `sources/<stem>.html#L12-L30` (`#L12` for one line).
    public static func sourceLines(_ file: String, _ lines: LineRange) -> String {
        sourcePage(file) + "#" + lineAnchor(lines)
    }
    /// `L12-L30`, or `L12` for one line: the id of a case's range on its source page.
    public static func lineAnchor(_ lines: LineRange) -> String {
        lines.first == lines.last ? "L\(lines.first)" : "L\(lines.first)-L\(lines.last)"
    }
    /// A file's name without `.txt`, as it is when it is a safe ASCII name (`000_c9fdf2d4b16943f6`); any other name
    /// (Chinese, spaces, `..`, markup) is written as `x-` and the hex of its UTF-8 bytes, which is ASCII, one-to-one
    /// and never leaves the folder.
    static func stem(_ file: String) -> String {
        let s = file.hasSuffix(".txt") ? String(file.dropLast(4)) : file
        let safe = !s.isEmpty && s.utf8.first != UInt8(ascii: ".") && !s.contains("..")
            && s.utf8.allSatisfy { $0 < 0x80 && (($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x2D || $0 == 0x5F || $0 == 0x2E) }
        if safe { return s }
        return "x-" + s.utf8.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
    /// A unit's page: `units/<code>.html`.
    public static func unitPage(_ code: String) -> String { "units/\(code).html" }
    public static let unitsIndex = "units/index.html"
    /// A filtered listing's cards as data: `zones/guangxi.html` → `listings/zones/guangxi.js`.
    public static func listingData(_ page: String) -> String { "listings/" + String(page.dropLast(".html".count)) + ".js" }
    /// A case as data for the comparison page: `compare/<id>.js`.
    public static func compareData(_ id: String) -> String { "compare/\(id).js" }
    public static let compare = "compare.html"
    public static let cite = "cite.html"
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
