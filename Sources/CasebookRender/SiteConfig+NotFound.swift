import CasebookTemplates
import Foundation

extension Paths {
    /// The page a web server shows for a missing path (`error_page 404 /404.html;`).
    public static let notFound = "404.html"
    static let notFoundTemplate = "html/404"
}

extension SiteConfig {
    /// `404.html` is served at whatever path was missing: with a base URL its links start at the base URL's path
    /// (`/casebook/`) and work at any depth; without one (or with one whose path is not plain) they stay relative, like
    /// every page (the site works from disk and from any sub-path), which is right for missing pages at the top level.
    func makeNotFoundModel() -> PageModel<EmptyModel> {
        var frame = makeFrameModel(Paths.notFound, title: "页面不存在", crumbs: [("页面不存在", nil)])
        if let base = baseURL, let path = URLComponents(string: base)?.path, path.hasPrefix("/"),
           path.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/-._~".contains($0)) }) {
            frame.root = path.hasSuffix("/") ? path : path + "/"
        }
        return PageModel(frame: frame, content: EmptyModel())
    }
}
