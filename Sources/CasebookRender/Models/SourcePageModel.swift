import CasebookCore
import CasebookTemplates

/// A source text's page (`html/source`): every line as received, numbered and anchored (`#L211`); each case's lines
/// shaded and linked to its case page (the first run of a case carries the id `L<first>-L<last>` that case pages link
/// to); furniture marked with why; lines that belong to nothing marked as such.
struct SourcePageModel: SchemaModel {
    /// One line: one `<li>` on the page, so a text of thousands of lines stays small.
    struct Line {
        var number: Int
        var text: String
        /// `fu` (furniture) or `un` (in no case and no furniture); nil for a line of a case or a blank line.
        var kind: String?
        /// Why a furniture line was set aside (`页码`, `目录`…).
        var why: String?

        /// `<li id="L12" class="fu" data-why="页码">…</li>`: made here rather than by the template, because a source
        /// page has thousands of lines and the anchors are what citations link to (a template may not change them).
        func appendHTML(to out: inout String) {
            out += "<li id=\"L\(number)\""
            if let kind { out += " class=\"\(kind)\"" }
            if let why { out += " data-why=\"" + HTML.escape(why) + "\"" }
            out += ">" + HTML.escape(text) + "</li>\n"
        }
    }

    /// A run of consecutive lines with the same owner: a case, or no case.
    struct Run: SchemaModel {
        var anchor: String?
        var caseURL: String?
        var caseLabel: String?
        var caseTitle: String?
        var odd: Bool
        var start: Int
        var lines: [Line]
        static let schema = Schema<Self>([
            .value("anchor") { $0.anchor }, .value("case_url") { $0.caseURL }, .value("case_label") { $0.caseLabel },
            .value("case_title") { $0.caseTitle }, .value("odd") { $0.odd }, .value("start") { $0.start },
            // Fingerprinted by the lines themselves: escaping thousands of lines only to fingerprint a page that has
            // not changed is most of the cost of fingerprinting it.
            .lazy("lines_html", identity: { r, out in
                for l in r.lines {
                    withUnsafeBytes(of: Int64(l.number).littleEndian) { out += $0 }
                    CanonicalBytes.appendString(l.text, to: &out)
                    for part in [l.kind, l.why] {
                        guard let part else { out.append(0); continue }
                        out.append(1)
                        CanonicalBytes.appendString(part, to: &out)
                    }
                }
            }) { r in
                var out = ""
                for l in r.lines { l.appendHTML(to: &out) }
                return out
            },
        ])
    }

    var file: String
    var title: String
    var batchLabel: String
    var batchURL: String
    var rawURL: String
    var lineCount: Int
    var caseCount: Int
    var furnitureCount: Int
    var unassignedCount: Int
    var runs: [Run]

    static let schema = Schema<Self>([
        .value("file") { $0.file }, .value("title") { $0.title }, .value("batch_label") { $0.batchLabel },
        .value("batch_url") { $0.batchURL }, .value("raw_url") { $0.rawURL }, .value("line_count") { $0.lineCount },
        .value("case_count") { $0.caseCount }, .value("furniture_count") { $0.furnitureCount },
        .value("unassigned_count") { $0.unassignedCount }, .list("runs") { $0.runs },
    ])
    static let template = "html/source"

    static func why(_ reason: FurnitureLine.Reason) -> String {
        switch reason {
        case .tableOfContents: "目录"
        case .pageNumber: "页码"
        case .documentHeader: "文件标题"
        case .partHeading: "部分标题"
        case .categoryHeading: "类别标题"
        case .tableHeader: "表头"
        }
    }
}

extension Catalog {
    /// Documents that have a source page, in batch order.
    var sourcePages: [(file: String, path: String)] {
        batches.filter { input.sources[$0.file] != nil }.map { ($0.file, Paths.sourcePage($0.file)) }
    }

    /// The source page of `file`, whose text is `source`.
    func makeSourcePageModel(_ file: String, _ source: SourceText) throws -> PageModel<SourcePageModel> {
        let batch = batches.first { $0.file == file }
        let cases = batch?.cases ?? input.cases.filter { $0.source.file == file }
        let lines = try source.lines
        // The owner of a line: the case whose range holds it; of nested ranges, the one that starts last.
        var owner = [Int?](repeating: nil, count: lines.count + 1)
        for (k, c) in cases.enumerated().sorted(by: { ($0.element.source.lines.first, $0.offset) < ($1.element.source.lines.first, $1.offset) }) {
            for n in c.source.lines.first...min(c.source.lines.last, lines.count) where n >= 1 { owner[n] = k }
        }
        let furniture = Dictionary(source.furniture.map { ($0.line, $0.reason) }, uniquingKeysWith: { a, _ in a })
        var runs: [SourcePageModel.Run] = []
        var runOwners: [Int?] = []
        var anchored = Set<Int>()
        var unassigned = 0
        var shade = 0
        for (i, text) in lines.enumerated() {
            let n = i + 1
            var line = SourcePageModel.Line(number: n, text: text)
            if let r = furniture[n] {
                line.kind = "fu"
                line.why = SourcePageModel.why(r)
            } else if owner[n] == nil && !text.allSatisfy(\.isWhitespace) {
                line.kind = "un"
                unassigned += 1
            }
            if !runs.isEmpty, runOwners.last == owner[n] {
                runs[runs.count - 1].lines.append(line)
                continue
            }
            var run = SourcePageModel.Run(odd: false, start: n, lines: [line])
            if let k = owner[n] {
                let c = cases[k]
                if !anchored.contains(k) {
                    anchored.insert(k)
                    run.anchor = Paths.lineAnchor(c.source.lines)
                    shade += 1
                }
                run.caseURL = Paths.casePage(c.id)
                run.caseLabel = citationLabel(c)
                run.caseTitle = c.title
                run.odd = shade % 2 == 1
            }
            runs.append(run)
            runOwners.append(owner[n])
        }
        let meta = batch?.meta ?? input.documents[file]
        let title = meta?.title.value ?? file
        let path = Paths.sourcePage(file)
        var crumbs: [(String, String?)] = []
        if let b = batch { crumbs.append((b.label, Paths.batchPage(b.meta.slug))) }
        crumbs.append(("原文", nil))
        let frame = input.config.makeFrameModel(path, title: "原文：\(title)", crumbs: crumbs,
                                                description: "\(title)的原文，逐行编号，标出每个案例的行范围。")
        return PageModel(frame: frame, content: SourcePageModel(
            file: file, title: title, batchLabel: batch?.label ?? "", batchURL: batch.map { Paths.batchPage($0.meta.slug) } ?? "",
            rawURL: Paths.sourceText(file), lineCount: lines.count, caseCount: cases.count, furnitureCount: furniture.count,
            unassignedCount: unassigned, runs: runs))
    }

}
