import CasebookCore
import CasebookParse
import CasebookTemplates
import Foundation

/// `casebook new`: a new site's `Content/` (sources folder with a README, the built-in reference data, `site.yaml`),
/// and the metadata skeleton of a text dropped into `Content/sources/`.
public enum SiteStarter {
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, from the catalog (`new.exists`, `new.source`): said in the locale's language.
        public var diagnostic: Diagnostic
        public var description: String { diagnostic.message }
    }

    /// What `Content/sources/README.md` says (in Chinese: the people who add texts read Chinese).
    static let sourcesReadme = """
    # 来源文本（sources）

    把每一批制度创新成果的文本放在这个文件夹里，每份文本一个 `.txt` 文件（UTF-8；GB18030/GBK 也可，在元数据里写 `encoding:`）。
    文本保持原样：从 PDF 或 Word 复制出来的换行、页码、目录都不用删，Casebook 会识别。

    每个 `.txt` 旁边放一个同名的 `.yaml` 元数据文件，只写文本本身没有写明的信息，每项注明来源：
    `basis: stated`（文本中写明）或 `basis: attributed`（来自文本之外，在 `note` 中说明出处）。

    生成元数据草稿：

        casebook new source Content/sources/某批成果.txt

    它会识别文本的版式（汇编、任务分工表、案例集、新闻），写出找到的标题、批次、层级，并标出需要补充的项（写着“待填写”）。
    补全后运行 `casebook check` 检查，`casebook build` 生成网站。

    """

    /// Creates `dir/Content/` with `sources/README.md`, `data/` (the built-in reference data) and `site.yaml`.
    /// Refuses to touch an existing `Content/`. Returns the paths written, relative to `dir`.
    public static func createSite(at dir: String) throws -> [String] {
        let fm = FileManager.default
        let content = URL(fileURLWithPath: dir).appendingPathComponent("Content")
        if fm.fileExists(atPath: content.path) {
            throw Failure(diagnostic: Diagnostic(.error, "new.exists", args: ["path": content.path]))
        }
        var files: [(String, Data)] = [("Content/sources/README.md", Data(sourcesReadme.utf8)),
                                       ("Content/site.yaml", Data(SiteSettings.skeleton.utf8))]
        files += DefaultContent.files.map { ("Content/data/" + $0.path, $0.bytes) }
        for (path, bytes) in files {
            let url = URL(fileURLWithPath: dir).appendingPathComponent(path)
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try bytes.write(to: url)
        }
        return files.map(\.0)
    }

    /// What a text shows about itself, for its metadata skeleton.
    public struct Findings: Sendable, Equatable {
        public var layout: Layout?
        public var cases: Int
        public var title: String?
        public var batchNumber: Int?
        public var batchName: String?
        public var level: String?
    }

    /// Reads the text (any encoding Casebook reads), detects its layout and what its heading states.
    public static func examine(text: String, file: String) -> Findings {
        let layout = Parser.detectLayout(text)
        var cases = 0
        if let layout {
            let meta = DocumentMetadata(slug: "new", title: Fact(file, .attributed), issuer: Fact("", .attributed),
                                        level: Fact("", .attributed), batchNumber: nil, batchName: Fact("", .attributed),
                                        year: Fact(0, .attributed), layout: layout)
            cases = Parser.parse(SourceDocument(file: file, text: text, metadata: meta)).cases.count
        }
        // The heading: the first non-blank lines before the contents, a part or a numbered title.
        var heading: [String] = []
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(12) {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty || line.range(of: #"^附件\s*\d*$"#, options: .regularExpression) != nil { continue }
            if line.replacingOccurrences(of: " ", with: "") == "目录" || line.range(of: #"^(\d|（|\(|第[一二三四五六七八九十]+部分|#|序号)"#, options: .regularExpression) != nil { break }
            heading.append(line)
            if heading.count == 4 { break }
        }
        let joined = heading.joined()
        let title = (joined.contains("批") || joined.contains("自由贸易试验区") || joined.contains("自贸")) && joined.count <= 80 ? joined : nil
        var batchName: String?, batchNumber: Int?, level: String?
        if let t = title, let r = t.range(of: #"第[一二三四五六七八九十]+批"#, options: .regularExpression) {
            batchName = String(t[r])
            batchNumber = chineseNumber(String(t[r].dropFirst().dropLast()))
        }
        if let t = title, let r = t.range(of: #"(国家级|自治区级|省级|市级|区级)"#, options: .regularExpression) { level = String(t[r]) }
        return Findings(layout: layout, cases: cases, title: title, batchNumber: batchNumber, batchName: batchName, level: level)
    }

    static func chineseNumber(_ s: String) -> Int? {
        let digits: [Character: Int] = ["一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9]
        if s == "十" { return 10 }
        if s.count == 1 { return digits[s.first!] }
        if s.count == 2, s.first == "十" { return digits[s.last!].map { 10 + $0 } }
        if s.count == 2, s.last == "十" { return digits[s.first!].map { $0 * 10 } }
        if s.count == 3, Array(s)[1] == "十" { return digits[s.first!].flatMap { a in digits[s.last!].map { a * 10 + $0 } } }
        return nil
    }

    /// The text placed where a fact must still be filled in (the metadata does not load while it is there).
    public static let toFill = "待填写"

    /// The metadata skeleton of `findings` for the text `file`: what the text states marked `stated`, everything else
    /// `attributed` with `待填写` where a value is still missing.
    public static func skeleton(_ f: Findings, file: String) -> String {
        let stem = (file as NSString).deletingPathExtension
        let slug = f.batchNumber.map { "b\($0)" } ?? String(stem.lowercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        func fact(_ value: String?, _ what: String) -> String {
            value.map { "{value: \($0), basis: stated}" } ?? "{value: \(toFill), basis: attributed}   # \(what)"
        }
        let layoutLine = f.layout.map { "# 版式：\($0.rawValue)（据文本识别），找到 \(f.cases) 个案例。" }
            ?? "# 版式：未能识别。请在下面写 layout: compilation | task-table | collection | news。"
        return """
        # \(file) 的元数据：只写文本本身没有写明的信息。由 casebook new source 生成，请补全“\(toFill)”各项。
        # basis: stated = 文本中写明；attributed = 来自文本之外（在 note 中说明出处）。
        \(layoutLine)
        slug: \(slug)                     # 案例编号的英文前缀，站内唯一，如 gx-b2
        title: \(fact(f.title, "文件标题"))
        issuer: {value: \(toFill), basis: attributed}   # 发布单位
        level: \(fact(f.level, "层级：国家级、自治区级、省级……"))
        batch: {\(f.batchNumber.map { "number: \($0), " } ?? "")name: \(f.batchName ?? toFill), basis: \(f.batchName == nil ? "attributed" : "stated")}
        year: {value: \(toFill), basis: attributed}   # 发布年份，如 2024
        \(f.layout == nil ? "# layout: collection\n" : "")note: \(toFill)（attributed 各项的出处，如发布通知）

        """
    }

    /// `casebook new source FILE.txt`: writes `FILE.yaml` beside the text; refuses to replace an existing one.
    public static func writeSkeleton(forText path: String) throws -> (metadata: String, findings: Findings) {
        let url = URL(fileURLWithPath: path)
        guard let data = FileManager.default.contents(atPath: path) else { throw Failure(diagnostic: Diagnostic(.error, "new.source", args: ["path": path])) }
        let decoded = SourceDecoder.decode(data, file: url.lastPathComponent, checkShape: false)
        guard let text = decoded.text else {
            // the decoder's own sentence (in both languages), under this command's id
            var said = decoded.diagnostics.first ?? Diagnostic(.error, "new.source", variant: "not-text", args: ["path": path])
            said.id = "new.source"
            throw Failure(diagnostic: said)
        }
        let target = url.deletingPathExtension().appendingPathExtension("yaml")
        if FileManager.default.fileExists(atPath: target.path) {
            throw Failure(diagnostic: Diagnostic(.error, "new.source", variant: "exists", args: ["path": target.path]))
        }
        let findings = examine(text: text, file: url.lastPathComponent)
        try Data(skeleton(findings, file: url.lastPathComponent).utf8).write(to: target)
        return (target.path, findings)
    }
}

/// The built-in templates, for `casebook templates` (the CLI talks to CasebookBuild only).
public func builtInTemplatePaths() -> [String] { DefaultTemplates.files.map(\.path) }

/// Writes the built-in templates into `directory`; returns the paths written.
public func writeBuiltInTemplates(to directory: String, overwrite: Bool) throws -> [String] {
    try TemplateSet.exportDefaults(to: directory, overwrite: overwrite)
}
