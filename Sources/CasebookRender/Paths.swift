import CasebookCore

/// A listing of the site: what it lists. Where its pages are is `Paths.listing(_:page:)`; where earlier versions put
/// them, `URLHistory`.
public enum Listing: Hashable, Sendable {
    /// Every batch (`batches/index.html`).
    case batches
    case batch(slug: String)
    case ftz(code: String)
    /// A 片区: its FTZ's code, its own code, and its place (from 1) in the FTZ's `areas`.
    case area(ftz: String, code: String, position: Int)
    /// Every field, and the cases no field holds (`fields/index.html`).
    case fields
    case field(code: String)
    case kind(CaseKind)
}

/// Where every page lives, relative to the site root. Paths are ASCII; every link is relative. A listing is a folder
/// with its first page as `index.html` and its later pages as `page/<n>/index.html`; links name the `index.html`, so
/// they open from disk (file://) as over http. Pages that moved keep a redirect at their old path (`URLHistory`).
public enum Paths {
    public static func casePage(_ id: String) -> String { "cases/\(id).html" }
    public static func batchPage(_ slug: String) -> String { "batches/\(slug)/index.html" }
    public static func ftzPage(_ code: String) -> String { "zones/\(code)/index.html" }
    /// A 片区's page, under its FTZ's folder: `zones/guangxi/nanning/index.html`.
    public static func areaPage(ftz: String, area: String) -> String { "zones/\(ftz)/\(area)/index.html" }
    public static func fieldPage(_ code: String) -> String { "fields/\(code)/index.html" }
    public static func kindPage(_ kind: CaseKind) -> String { "kinds/\(kind.code)/index.html" }

    /// Page `page` (from 1) of a listing: its first page, or `<folder>/page/<n>/index.html`.
    public static func listing(_ listing: Listing, page: Int = 1) -> String {
        let first: String
        switch listing {
        case .batches: first = batchesIndex
        case .batch(let slug): first = batchPage(slug)
        case .ftz(let code): first = ftzPage(code)
        case .area(let ftz, let code, _): first = areaPage(ftz: ftz, area: code)
        case .fields: first = fieldsIndex
        case .field(let code): first = fieldPage(code)
        case .kind(let kind): first = kindPage(kind)
        }
        return page <= 1 ? first : folder(of: first) + "page/\(page)/index.html"
    }

    /// The folder a path is in, with its `/` (`zones/guangxi/` for `zones/guangxi/index.html`), or "".
    static func folder(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[...slash])
    }

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
    /// A filtered listing's cards as data: `zones/guangxi/index.html` → `listings/zones/guangxi.js`,
    /// `zones/guangxi/nanning/index.html` → `listings/zones/guangxi/nanning.js`.
    public static func listingData(_ page: String) -> String {
        let name = page.hasSuffix("/index.html") ? String(page.dropLast("/index.html".count)) : String(page.dropLast(".html".count))
        return "listings/" + name + ".js"
    }
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

    /// The link from the page at `from` to the page at `to`, both relative to the site root.
    public static func link(from: String, to: String) -> String { root(of: from) + to }
}
