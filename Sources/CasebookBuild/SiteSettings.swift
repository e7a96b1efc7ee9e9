import CasebookCore
import CasebookRender
import Foundation
import Yams

/// `Content/site.yaml`: the site's title, description and base URL, the footer a government site must carry, and the
/// folders `casebook build` uses when no flag names them. An unknown key is an error that suggests the nearest known
/// one, as metadata keys are.
public struct SiteSettings: Sendable {
    public var config: SiteConfig
    /// `content:` and `output:`; the command line wins over them.
    public var content: String?
    public var output: String?
    public var diagnostics: [Diagnostic]

    /// Every key, with what it means (the order of `casebook new`'s skeleton).
    static let keys: [(key: String, meaning: String)] = [
        ("title", "网站名称"), ("description", "网站简介"), ("base_url", "网站地址"),
        ("organisation", "页脚署名的单位"), ("contact", "联系方式"), ("sponsor", "主办单位"),
        ("icp", "ICP备案号"), ("police_record", "公安机关备案号"), ("site_code", "政府网站标识码"),
        ("content", "内容文件夹"), ("output", "输出文件夹"),
    ]

    /// What `casebook new` writes.
    public static let skeleton = """
    # 网站设置。空着的项不显示。
    title: 自贸试验区制度创新案例库            # 网站名称
    description: ""                          # 网站简介（搜索引擎与分享时显示）
    base_url: ""                             # 网站地址，如 https://www.example.gov.cn/casebook/（设置后才生成 sitemap、Atom 订阅）
    # 页脚（政府网站须显示）
    organisation: ""                         # 单位名称
    contact: ""                              # 联系方式（电话、邮箱或地址）
    sponsor: ""                              # 主办单位
    icp: ""                                  # ICP备案号，如 桂ICP备12345678号-1
    police_record: ""                        # 公安机关备案号，如 桂公网安备 45010302000001号
    site_code: ""                            # 政府网站标识码
    # 文件夹（命令行的 --content、--output 优先）
    # output: Site

    """

    /// Reads `content/site.yaml`; a missing file means the defaults.
    public static func load(content: String) -> SiteSettings {
        var diagnostics: [Diagnostic] = []
        guard let data = FileManager.default.contents(atPath: content + "/site.yaml") else {
            return SiteSettings(config: SiteConfig(), diagnostics: [])
        }
        func at(_ line: Int = 1) -> SourceLocation { SourceLocation(file: "site.yaml", line: line) }
        guard let text = String(data: data, encoding: .utf8) else {
            return SiteSettings(config: SiteConfig(), diagnostics: [Diagnostic(.error, "config.invalid", variant: "encoding", at: at())])
        }
        let node: Any?
        do {
            node = try Yams.load(yaml: text)
        } catch let e as YamlError {
            // at the line and column the YAML parser names, as a document's metadata
            let (problem, location) = MetadataReader.syntaxProblem(e, file: "site.yaml")
            return SiteSettings(config: SiteConfig(), diagnostics: [Diagnostic(.error, "config.invalid", variant: "yaml", args: ["problem": problem], at: location)])
        } catch {
            return SiteSettings(config: SiteConfig(), diagnostics: [Diagnostic(.error, "config.invalid", variant: "yaml", args: ["problem": "\(error)"], at: at())])
        }
        if node == nil { return SiteSettings(config: SiteConfig(), diagnostics: []) }
        guard let map = node as? [String: Any] else {
            return SiteSettings(config: SiteConfig(), diagnostics: [Diagnostic(.error, "config.invalid", at: at())])
        }
        let lines = text.components(separatedBy: "\n")
        func line(of key: String) -> Int {
            (lines.firstIndex { $0.hasPrefix(key + ":") || $0.hasPrefix("\"\(key)\":") } ?? 0) + 1
        }
        let known = keys.map(\.key)
        for key in map.keys.sorted() where !known.contains(key) {
            var args = ["key": key, "known": known.joined(separator: ", ")]
            args["nearest"] = nearest(key, in: known)
            diagnostics.append(Diagnostic(.error, "config.unknown-key", variant: args["nearest"] == nil ? nil : "nearest", args: args, at: at(line(of: key))))
        }
        func string(_ key: String) -> String? {
            guard let v = map[key] else { return nil }
            if v is NSNull { return nil }
            if v is [Any] || v is [String: Any] {
                diagnostics.append(Diagnostic(.error, "config.invalid", variant: "text", args: ["key": key], at: at(line(of: key))))
                return nil
            }
            let s = "\(v)".trimmingCharacters(in: .whitespaces)
            return s.isEmpty ? nil : s
        }
        let base = string("base_url")
        if let b = base, !(b.hasPrefix("https://") || b.hasPrefix("http://")) {
            diagnostics.append(Diagnostic(.error, "config.invalid", variant: "base-url", at: at(line(of: "base_url"))))
        }
        let publisher = SiteConfig.Publisher(sponsor: string("sponsor"), icp: string("icp"), policeRecord: string("police_record"),
                                             siteCode: string("site_code"), organisation: string("organisation"), contact: string("contact"))
        let config = SiteConfig(title: string("title") ?? SiteConfig().title, description: string("description") ?? "",
                                baseURL: base, publisher: publisher)
        return SiteSettings(config: config, content: string("content"), output: string("output"), diagnostics: diagnostics)
    }

    /// The known word closest to `word` (edit distance at most a third of its length, and at least 1 allowed), or nil.
    static func nearest(_ word: String, in words: [String]) -> String? {
        let scored = words.map { ($0, distance(word, $0)) }.min { $0.1 < $1.1 }
        guard let (best, d) = scored, d <= max(2, word.count / 3) else { return nil }
        return best
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a), y = Array(b)
        var row = Array(0...y.count)
        for i in 1...max(x.count, 1) where !x.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in stride(from: 1, through: y.count, by: 1) {
                let cur = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (x[i - 1] == y[j - 1] ? 0 : 1))
                prev = cur
            }
        }
        return x.isEmpty ? y.count : row[y.count]
    }
}
