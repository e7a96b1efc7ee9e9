import CasebookCore

/// Layout (b): a task table (工作任务分工表) of tab cells with the columns
/// 序号 / 成果名称 / 主要内容 / 推广范围 / 牵头改革部门 / 复制推广责任单位, found by their header names.
/// A row with a single cell `一、改革试点经验（16项）` starts a group of one kind.
struct TaskTableParser {
    let document: SourceDocument

    struct Columns {
        var number = 0, title = 1, content: Int? = 2, scope: Int? = 3, lead: Int? = 4, responsible: Int? = 5

        init() {}
        init?(header: [String]) {
            func find(_ keys: [String]) -> Int? {
                header.firstIndex { cell in keys.contains { Text.squeeze(cell).contains($0) } }
            }
            guard let n = find(["序号"]), let t = find(["名称", "成果"]) else { return nil }
            number = n
            title = t
            content = find(["主要内容", "内容"])
            scope = find(["推广范围", "范围"])
            lead = find(["牵头"])
            responsible = find(["责任单位", "复制推广"])
        }
    }

    func parse(_ lines: [SourceLine], context: inout ParseContext) -> [Case] {
        var i = 0
        var cases: [Case] = []
        var columns: Columns?
        var group: String?
        var groupKind: CaseKind?
        var declared: DeclaredCount?
        var groupCount = 0

        func closeGroup() { declared?.check(found: groupCount, context: &context) }

        while i < lines.count {
            let line = lines[i]
            if line.isBlank { i += 1; continue }
            if !line.startsCell {
                context.furniture(line, cases.isEmpty && columns == nil ? .documentHeader : .pageNumber)
                if !(cases.isEmpty && columns == nil) && !line.isPageNumber {
                    context.warn("parse.unassigned-line", variant: "outside-table", ["text": ParseContext.excerpt(line.text)], line: line.number)
                }
                i += 1
                continue
            }
            let (rows, next) = TableReader.rows(lines, from: i)
            for row in rows {
                let cells = row.cells
                if columns == nil, let c = Columns(header: cells) {
                    columns = c
                    for n in row.first...row.last { if let l = lines.first(where: { $0.number == n }), !l.isBlank { context.furniture(l, .tableHeader) } }
                    continue
                }
                if cells.count == 1, let m = cells[0].captures(Pattern.tablePart) {
                    closeGroup()
                    group = cells[0]
                    groupKind = Numbering.kind(namedIn: m[1])
                    declared = Int(m[2]).map { DeclaredCount(count: $0, line: row.first, variant: "group") }
                    groupCount = 0
                    if let l = lines.first(where: { $0.number == row.first }) { context.furniture(l, .partHeading) }
                    continue
                }
                let cols = columns ?? Columns()
                guard cells.count > max(cols.title, cols.number), let number = Int(cells[cols.number]) else {
                    context.warn("parse.unassigned-line", variant: "table-row", ["text": ParseContext.excerpt(cells.joined(separator: " "))], line: row.first)
                    continue
                }
                let kind = groupKind ?? .reformPilot
                let id = Numbering.caseID(slug: document.metadata.slug, kind: kind, number: number)
                var c = Case(id: id, title: cells[cols.title], kind: kind, number: number,
                             source: SourceRef(file: document.file, lines: LineRange(row.first, row.last)))
                c.part = group
                func cell(_ k: Int?) -> String? {
                    guard let k, k < cells.count else { return nil }
                    let v = cells[k]
                    return v.isEmpty || Text.isDashOnly(v) ? nil : v
                }
                c.summary = cell(cols.content)
                // The scope is kept as printed, `——` (none given) included.
                if let k = cols.scope, k < cells.count, !cells[k].isEmpty { c.scope = cells[k] }
                c.leadUnits = cell(cols.lead).map(Text.splitUnits) ?? []
                c.responsibleUnits = cell(cols.responsible).map(Text.splitUnits) ?? []
                if let content = cell(cols.content) {
                    c.sections = [Section(heading: "主要内容", blocks: [.paragraph(content)])]
                }
                if groupKind == nil {
                    context.warn("parse.no-group", ["number": "\(number)"], line: row.first)
                }
                cases.append(c)
                groupCount += 1
            }
            i = next
        }
        closeGroup()
        if columns == nil {
            context.error("parse.no-table-header", line: 1)
        }
        return cases
    }
}
