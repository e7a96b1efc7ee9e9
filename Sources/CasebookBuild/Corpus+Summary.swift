import CasebookCore
import Foundation

extension Corpus {
    /// Only one document (`casebook check FILE`): its parse, cases and diagnostics (a `.yaml` name means its text).
    /// Nil when no document of that name was loaded.
    public func limited(to name: String) -> Corpus? {
        let base = (name as NSString).lastPathComponent
        let file = base.hasSuffix(".yaml") ? String(base.dropLast(5)) + ".txt" : base
        guard documents.contains(where: { $0.file == file }) else { return nil }
        let metaFile = String(file.dropLast(4)) + ".yaml"
        var out = self
        out.documents = documents.filter { $0.file == file }
        out.parsed = parsed.filter { $0.file == file }
        out.cases = cases.filter { $0.source.file == file }
        out.diagnostics = diagnostics.filter { d in d.location.map { $0.file == file || $0.file == metaFile } ?? true }
        out.reviewed = reviewed.filter { $0.key == file }
        return out
    }

    /// What was understood of each document, one line each, in publication order:
    /// `gx-b3.txt: compilation, 21 cases (最佳实践案例 21), 1 header line, 0 unassigned`.
    public func summaryLines(in language: Language) -> [String] {
        parsed.sorted { a, b in
            (documents.firstIndex { $0.file == a.file } ?? 0) < (documents.firstIndex { $0.file == b.file } ?? 0)
        }.map { p in
            let kinds = CaseKind.allCases.compactMap { k -> String? in
                let n = p.cases.filter { $0.kind == k }.count
                return n == 0 ? nil : "\(k.rawValue) \(n)"
            }.joined(separator: ", ")
            let header = p.furniture.filter { $0.reason == .documentHeader }.count
            let unassigned = p.diagnostics.filter { $0.id == "parse.unassigned-line" }.count
            let reviewedCount = reviewed[p.file] ?? 0
            if p.diagnostics.contains(where: { $0.id == "parse.unknown-layout" }) {
                return say(language, "\(p.file): layout unknown, no cases", "\(p.file)：无法判断版式，没有案例")
            }
            switch language {
            case .english:
                var s = "\(p.file): \(p.layout.rawValue), \(p.cases.count) \(p.cases.count == 1 ? "case" : "cases")"
                if !kinds.isEmpty { s += " (\(kinds))" }
                s += ", \(header) header \(header == 1 ? "line" : "lines"), \(unassigned) unassigned"
                if reviewedCount > 0 { s += ", \(reviewedCount) reviewed \(reviewedCount == 1 ? "warning" : "warnings")" }
                return s
            case .chinese:
                var s = "\(p.file)：\(p.layout.chineseName)，\(p.cases.count) 个案例"
                if !kinds.isEmpty { s += "（\(kinds)）" }
                s += "，\(header) 行文档标题，\(unassigned) 行未归属"
                if reviewedCount > 0 { s += "，\(reviewedCount) 条提示已审阅" }
                return s
            }
        }
    }
}

func say(_ language: Language, _ en: String, _ zh: String) -> String { language == .chinese ? zh : en }

extension Layout {
    /// 汇编, 分工表, 案例集, 新闻版面.
    var chineseName: String {
        switch self {
        case .compilation: "汇编（compilation）"
        case .taskTable: "分工表（task-table）"
        case .collection: "案例集（collection）"
        case .news: "新闻版面（news）"
        }
    }
}
