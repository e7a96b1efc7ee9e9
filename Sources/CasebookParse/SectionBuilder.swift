import CasebookCore

/// Turns the body lines of one case into sections of paragraphs, sub-headings and tables.
///
/// Layout rules, the same for every document:
/// - a short line `一、…` (or `附件`) starts a section, with its heading as printed;
/// - lines starting with a tab are cells of a table (a line without a tab continues the cell above);
/// - other lines are reflowed into paragraphs: a line joins the next unless it ends a sentence and,
///   in a hard-wrapped text, is shorter than the wrap width;
/// - a paragraph `（一）…` of one short sentence is a sub-heading.
struct SectionBuilder {
    /// The width (in display columns) a hard-wrapped text wraps at, or nil when lines are paragraphs.
    let wrapWidth: Int?

    static func isSectionHeading(_ text: String) -> Bool {
        if text.matches(#"^附\s*件\s*[0-9０-９]*$"#) { return true }
        guard text.matches(#"^[一二三四五六七八九十]{1,3}、\S"#) else { return false }
        return text.count <= 16 && !Text.endsSentence(text) && !text.hasSuffix("，")
    }

    /// `（一）…`: an enumerated item always starts a new paragraph after a finished sentence.
    static func startsEnumeratedItem(_ text: String) -> Bool {
        text.matches(#"^[（(][一二三四五六七八九十]{1,3}[)）]"#)
    }

    static func isSubheading(_ paragraph: String) -> Bool {
        guard paragraph.matches(#"^[（(][一二三四五六七八九十]{1,3}[)）]"#) else { return false }
        let body = paragraph.hasSuffix("。") ? String(paragraph.dropLast()) : paragraph
        return paragraph.count <= 45 && !body.contains("。") && !body.contains("；")
    }

    /// Builds sections; the lead text before the first heading is a section with no heading.
    func build(_ lines: [SourceLine], context: inout ParseContext) -> [Section] {
        var sections: [Section] = []
        var current = Section(heading: nil)
        var buffer: [SourceLine] = []
        var i = 0

        func flush() {
            let paragraphs = reflow(buffer)
            for (k, p) in paragraphs.enumerated() {
                // A short `（一）…。` is a sub-heading only when text of its own follows it; a run of short
                // items (`（一）…。（二）…。`) is a list of paragraphs.
                let next = k + 1 < paragraphs.count ? paragraphs[k + 1] : nil
                let heads = SectionBuilder.isSubheading(p) && next.map { !SectionBuilder.startsEnumeratedItem($0) } == true
                current.blocks.append(heads ? .subheading(p) : .paragraph(p))
            }
            buffer.removeAll()
        }

        while i < lines.count {
            let line = lines[i]
            if line.isBlank { i += 1; continue }
            if line.startsCell {
                flush()
                let (table, next) = TableReader.read(lines, from: i)
                if var table {
                    // A caption printed just above the table (after 附件) belongs to it.
                    if case .paragraph(let p)? = current.blocks.last, current.heading?.hasPrefix("附") == true, p.count <= 40 {
                        current.blocks.removeLast()
                        table.caption = p
                    }
                    current.blocks.append(.table(table))
                }
                i = next
                continue
            }
            if SectionBuilder.isSectionHeading(line.text) {
                flush()
                if current.heading != nil || !current.blocks.isEmpty { sections.append(current) }
                current = Section(heading: line.text)
                i += 1
                continue
            }
            buffer.append(line)
            i += 1
        }
        flush()
        if current.heading != nil || !current.blocks.isEmpty { sections.append(current) }
        return sections
    }

    /// Joins hard-wrapped lines into paragraphs.
    func reflow(_ lines: [SourceLine]) -> [String] {
        var paragraphs: [String] = []
        var current = ""
        var previous: SourceLine?
        for line in lines where !line.isBlank {
            let itemEnds = Text.endsSentence(current) && SectionBuilder.startsEnumeratedItem(current)
                && current.dropLast().firstIndex(of: "。") == nil
            if let prev = previous, breaksAfter(prev) || (Text.endsSentence(prev.text) && SectionBuilder.startsEnumeratedItem(line.text)) || itemEnds {
                paragraphs.append(current)
                current = line.text
            } else {
                current = Text.join(current, line.text)
            }
            previous = line
        }
        if !current.isEmpty { paragraphs.append(current) }
        return paragraphs
    }

    func breaksAfter(_ line: SourceLine) -> Bool {
        guard Text.endsSentence(line.text) else { return false }
        guard let wrapWidth else { return true }
        // A full line that happens to end a sentence continues the paragraph.
        return Text.width(line.text) < wrapWidth - max(3, wrapWidth / 10)
    }

    /// Detects the wrap width of a hard-wrapped text: the most common width among long lines,
    /// when a good share of the lines sit at it.
    static func detectWrapWidth(_ lines: [SourceLine]) -> Int? {
        let widths = lines.filter { !$0.isBlank && !$0.startsCell }.map { Text.width($0.text) }
        guard widths.count >= 20 else { return nil }
        var counts: [Int: Int] = [:]
        for w in widths where w >= 30 { counts[w, default: 0] += 1 }
        guard let mode = counts.max(by: { ($0.value, $0.key) < ($1.value, $1.key) })?.key else { return nil }
        let near = widths.filter { abs($0 - mode) <= max(3, mode / 10) }.count
        return Double(near) >= 0.4 * Double(widths.count) ? mode : nil
    }
}

/// Reads a block of tab-cell rows: a row is a run of lines separated from the next by a blank line;
/// each line starting with a tab starts a cell, other lines continue the cell above.
enum TableReader {
    static func rows(_ lines: [SourceLine], from start: Int) -> (rows: [(cells: [String], first: Int, last: Int)], next: Int) {
        var rows: [(cells: [String], first: Int, last: Int)] = []
        var cells: [String] = []
        var first = 0, last = 0
        var i = start
        func endRow() {
            if !cells.isEmpty { rows.append((cells, first, last)) }
            cells = []
        }
        while i < lines.count {
            let line = lines[i]
            if line.isBlank {
                var j = i + 1
                while j < lines.count && lines[j].isBlank { j += 1 }
                // A cell that wraps across a blank line: the unfinished cell goes on in a line
                // without a tab, and more cells follow it.
                if j < lines.count, !lines[j].startsCell, let lastCell = cells.last, !Text.endsSentence(lastCell),
                   !SectionBuilder.isSectionHeading(lines[j].text) {
                    var k = j + 1
                    while k < lines.count && lines[k].isBlank { k += 1 }
                    if k < lines.count && lines[k].startsCell { i = j; continue }
                }
                endRow()
                // The table ends at a blank line not followed by another cell.
                if j >= lines.count || !lines[j].startsCell { i = j; break }
                i = j
                continue
            }
            if line.startsCell {
                if cells.isEmpty { first = line.number }
                cells.append(line.text)
            } else if cells.isEmpty {
                break
            } else {
                cells[cells.count - 1] = Text.join(cells[cells.count - 1], line.text)
            }
            last = line.number
            i += 1
        }
        endRow()
        return (rows, i)
    }

    /// A whole table: the first row is its header.
    static func read(_ lines: [SourceLine], from start: Int) -> (Table?, Int) {
        let (rows, next) = rows(lines, from: start)
        guard let header = rows.first else { return (nil, next) }
        let width = rows.map(\.cells.count).max() ?? header.cells.count
        let body = rows.dropFirst().map { r in r.cells + Array(repeating: "", count: max(0, width - r.cells.count)) }
        return (Table(header: header.cells + Array(repeating: "", count: max(0, width - header.cells.count)), rows: Array(body)), next)
    }
}
