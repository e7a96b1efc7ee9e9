import CasebookCore

/// Text → cases + diagnostics. Pure: takes the text and its metadata, never a file handle.
public enum Parser {
    /// Picks the layout from evidence in the text (the metadata may force one).
    public static func detectLayout(_ text: String) -> Layout? {
        detectLayout(lines: SourceLine.split(text))
    }

    static func detectLayout(lines: [SourceLine]) -> Layout? {
        let nonBlank = lines.filter { !$0.isBlank }
        guard !nonBlank.isEmpty else { return nil }
        if nonBlank.contains(where: { $0.raw.matches(Pattern.headline) }) { return .news }
        let cells = nonBlank.filter(\.startsCell).count
        if Double(cells) > Threshold.taskTableCellShare * Double(nonBlank.count), nonBlank.contains(where: { $0.startsCell && $0.text == "序号" }) {
            return .taskTable
        }
        if nonBlank.contains(where: { $0.text.matches(Pattern.submitterLine) }) { return .compilation }
        if nonBlank.contains(where: { $0.text.matches(Pattern.providerEnd) && ($0.text.contains("中国") || $0.text.contains("试验区")) }) {
            return .collection
        }
        return nil
    }

    public static func parse(_ document: SourceDocument) -> ParsedDocument {
        var context = ParseContext(file: document.file)
        let lines = SourceLine.split(document.text)
        let detected = detectLayout(lines: lines)
        guard let layout = document.metadata.layout ?? detected else {
            context.error("parse.unknown-layout", line: 1)
            return ParsedDocument(file: document.file, layout: .collection, cases: [], furniture: context.furniture, diagnostics: context.diagnostics)
        }
        if let forced = document.metadata.layout, let detected, forced != detected {
            context.diagnostics.append(Diagnostic(.note, "parse.layout-forced", args: ["forced": forced.rawValue, "detected": detected.rawValue], at: SourceLocation(file: document.file, line: 1)))
        }
        var cases: [Case]
        switch layout {
        case .compilation: cases = CompilationParser(document: document).parse(lines, context: &context)
        case .collection: cases = CollectionParser(document: document).parse(lines, context: &context)
        case .taskTable: cases = TaskTableParser(document: document).parse(lines, context: &context)
        case .news: cases = NewsParser(document: document).parse(lines, context: &context)
        }
        if cases.isEmpty {
            context.error("parse.no-cases", ["layout": layout.rawValue], line: 1)
        }
        // Duplicate ids (a number printed twice) would overwrite each other's pages.
        var seen: [String: Int] = [:]
        for k in cases.indices {
            if let n = seen[cases[k].id] {
                context.error("parse.duplicate-number", ["number": "\(cases[k].number)", "kind": cases[k].kind.rawValue, "first": "\(cases.first { $0.id == cases[k].id }?.source.lines.first ?? 0)"], line: cases[k].source.lines.first)
                cases[k].id += "-\(n + 1)"
            }
            seen[cases[k].id, default: 0] += 1
        }
        checkEveryLineAccounted(lines, cases: cases, context: &context)
        return ParsedDocument(file: document.file, layout: layout, cases: cases, furniture: context.furniture.sorted { $0.line < $1.line },
                              diagnostics: context.diagnostics.sortedForOutput())
    }

    /// Nothing is lost: every non-blank line is inside a case's range or is furniture.
    static func checkEveryLineAccounted(_ lines: [SourceLine], cases: [Case], context: inout ParseContext) {
        let furniture = Set(context.furniture.map(\.line))
        let warned = Set(context.diagnostics.compactMap { $0.id == "parse.unassigned-line" ? $0.location?.line : nil })
        // The lines the cases cover, marked once (not every case's range searched for every line).
        let end = lines.map(\.number).max() ?? 0
        var covered = [Bool](repeating: false, count: end + 1)
        for r in cases.map(\.source.lines) where r.first <= end {
            for n in max(0, r.first)...min(r.last, end) { covered[n] = true }
        }
        for line in lines where !line.isBlank && !furniture.contains(line.number) && !warned.contains(line.number) {
            if !covered[line.number] {
                context.warn("parse.unassigned-line", ["text": ParseContext.excerpt(line.text)], line: line.number)
            }
        }
    }
}
